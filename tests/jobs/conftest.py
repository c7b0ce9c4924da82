import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts, and leaves the next one, in the site's default language.

    A request to /en/... activates English in the test's thread and nothing switches it back; with
    translation.override() the exit would deactivate translations altogether (English msgids) when no
    language was active before, so the language is activated explicitly instead.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
