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
    # A request to /en/... activates English in the test's thread and nothing switches it back; activate
    # the default explicitly (translation.override's exit would deactivate translations altogether).
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)


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
