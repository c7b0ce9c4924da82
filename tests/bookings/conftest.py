import pytest
from django.utils import translation

from directory.models import Membership
from tests.bookings.factories import ResourceFactory
from tests.factories import OrganizationFactory, UserFactory


@pytest.fixture
def resource(db):
    return ResourceFactory()


@pytest.fixture
def owner_editor(resource, member_of):
    return member_of(resource.organization, Membership.Role.EDITOR)


@pytest.fixture
def booker(db):
    return UserFactory()


@pytest.fixture
def other_org_member(db, member_of):
    return member_of(OrganizationFactory(), Membership.Role.ADMIN)


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the msgids); pages are requested in both languages."""
    with translation.override("en"):
        yield
