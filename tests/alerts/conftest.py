import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories hash a password per user; a fast hasher keeps these tests quick (never used in production)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language, whatever page an earlier test opened."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
