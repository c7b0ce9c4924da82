import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories import MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture(autouse=True)
def _isolated_state(settings, tmp_path):
    """Each test gets empty rate-limit counters, its own upload folders and a fast password hasher."""
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests make many users
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private = {**settings.STORAGES["private"], "OPTIONS": {"location": tmp_path / "private", "base_url": None}}
    settings.STORAGES = {**settings.STORAGES, "private": private}
    translation.activate("ru")  # a request to /en/ in an earlier test must not leak English into this one
    yield
    cache.clear()
    translation.activate("ru")


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def organization(db):
    return OrganizationFactory(is_verified=True)


@pytest.fixture
def member_of(db):
    """member_of(organization, role) -> a user holding that role in that organization."""

    def make(organization, role):
        return MembershipFactory(organization=organization, role=role).user

    return make
