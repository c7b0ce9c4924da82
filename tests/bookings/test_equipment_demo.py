import random

import pytest

from accounts.demo import COMPANY_ADMIN_EMAIL
from bookings import demo
from bookings.equipment.models import EquipmentItem, EquipmentRequest, Offer, Specification
from bookings.models import Resource, ResourceKind
from directory.models import Membership, Organization
from tests.factories import OrganizationFactory, UserFactory


class Quiet:
    def write(self, text):
        pass


@pytest.mark.django_db
def test_demo_lists_equipment_and_requests_once():
    for n, kind in enumerate([Organization.Kind.LABORATORY, Organization.Kind.ECONOMIC_ZONE] * 3):
        OrganizationFactory(kind=kind, slug=f"owner-{n}")
    park = Organization.objects.get(slug="owner-1")
    company = OrganizationFactory(kind=Organization.Kind.COMPANY, slug="a-company")
    admin = UserFactory(email=COMPANY_ADMIN_EMAIL)
    Membership.objects.create(user=admin, organization=park, role="editor")
    Membership.objects.create(user=admin, organization=company, role="admin")
    for n in range(5):
        UserFactory(email=f"resident{n + 1}@demo.imoscow.example")
    demo.seed(scale=2, rng=random.Random("test"), stdout=Quiet())
    counts = (EquipmentItem.objects.count(), EquipmentRequest.objects.count(), Offer.objects.count())
    assert counts[0] >= 50 and counts[1] == 16
    # Every equipment resource has its details, and its text is searchable.
    assert not Resource.objects.filter(kind=ResourceKind.EQUIPMENT, equipment__isnull=True).exists()
    assert Specification.objects.exists()
    assert (
        EquipmentItem.objects.filter(search_vector="камера").exists()
        or EquipmentItem.objects.filter(search_vector="микроскоп").exists()
    )
    assert EquipmentItem.objects.filter(organization=park).count() >= 4
    demo.seed(scale=2, rng=random.Random("test"), stdout=Quiet())
    assert (EquipmentItem.objects.count(), EquipmentRequest.objects.count(), Offer.objects.count()) == counts
