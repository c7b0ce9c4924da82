import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Factories hash a password for every user; the courses tests make many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
