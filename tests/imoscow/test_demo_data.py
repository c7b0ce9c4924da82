import pytest
from django.core.management import call_command

from accounts.demo import COMPANY_ADMIN_EMAIL, STAFF_EMAIL
from accounts.models import User
from directory.models import Membership, Organization

Kind = Organization.Kind


def _snapshot():
    return list(Organization.objects.order_by("slug").values_list("slug", "kind", "okrug", "latitude", "park__slug"))


@pytest.mark.django_db
def test_demo_data_is_moscow_sized_deterministic_and_idempotent():
    call_command("seed_demo", "--scale", "1", verbosity=0)
    first = _snapshot()
    call_command("seed_demo", "--scale", "1", verbosity=0)
    assert _snapshot() == first  # idempotent: nothing added the second time

    by_kind = lambda *kinds: Organization.objects.filter(kind__in=kinds).count()  # noqa: E731
    assert by_kind(Kind.TECHNOPARK, Kind.ECONOMIC_ZONE, Kind.COWORKING) >= 40
    assert by_kind(Kind.RESEARCH_CENTRE, Kind.LABORATORY, Kind.CERTIFICATION_BODY) >= 60
    assert by_kind(Kind.YOUTH_CENTRE) >= 20
    companies = Organization.objects.filter(kind=Kind.COMPANY)
    assert companies.count() >= 150
    assert companies.filter(park__isnull=False).count() > companies.count() / 2
    assert Organization.objects.values("okrug").distinct().count() == 12
    for latitude, longitude in Organization.objects.values_list("latitude", "longitude"):
        assert 55.1 < latitude < 56.1 and 36.8 < longitude < 38.0  # inside Moscow's borders
    assert not Organization.objects.filter(name_en="").exists()

    assert User.objects.get(email=STAFF_EMAIL).is_staff
    assert Membership.objects.filter(user__email=COMPANY_ADMIN_EMAIL, role=Membership.Role.ADMIN).exists()

    # Deterministic: the same seed on an empty database gives the same rows.
    Organization.objects.all().delete()
    call_command("seed_demo", "--scale", "1", verbosity=0)
    assert _snapshot() == first
