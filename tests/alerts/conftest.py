import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language, whatever page an earlier test opened."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
