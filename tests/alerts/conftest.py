import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories hash a password per user; a fast hasher keeps these tests quick (never used in production)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
