import random

import pytest
from django.db.models import Count
from django.utils import timezone

from bookings import demo
from bookings.models import ACTIVE_STATUSES, Booking, BookingEvent, Resource
from directory.models import Organization
from tests.factories import OrganizationFactory

HOSTS = (Organization.Kind.TECHNOPARK, Organization.Kind.ECONOMIC_ZONE, Organization.Kind.COWORKING)


class Quiet:
    def write(self, text):
        pass


@pytest.mark.django_db
def test_demo_puts_spaces_at_every_park_and_coworking_with_bookings_around_today():
    for n, kind in enumerate(HOSTS * 4):
        OrganizationFactory(kind=kind, slug=f"host-{n}")
    OrganizationFactory(kind=Organization.Kind.COMPANY, slug="a-company")
    demo.seed(scale=1, rng=random.Random("test"), stdout=Quiet())

    hosts = Organization.objects.filter(kind__in=HOSTS)
    assert not hosts.annotate(n=Count("resources")).filter(n__lt=2).exists()
    assert not Resource.objects.filter(organization__kind=Organization.Kind.COMPANY).exists()
    now = timezone.now()
    bookings = Booking.objects.all()
    assert bookings.filter(during__startswith__lt=now).count() > 50
    assert bookings.filter(during__startswith__gt=now).count() > 50
    assert set(bookings.values_list("status", flat=True)) == {"pending", "confirmed", "rejected", "cancelled"}
    assert not bookings.filter(status="pending", during__startswith__lt=now).exists()
    # Every booking has its history, beginning with its creation.
    assert BookingEvent.objects.filter(from_status="").count() == bookings.count()
    assert not bookings.filter(events__isnull=True).exists()
    # No two active bookings overlap (the constraint saw every row), and all lie within opening hours.
    for booking in bookings.filter(status__in=ACTIVE_STATUSES).select_related("resource")[:200]:
        start = timezone.localtime(booking.starts_at)
        hours = booking.resource.opening_hours.get(weekday=start.weekday())
        assert hours.opens <= start.time() and timezone.localtime(booking.ends_at).time() <= hours.closes

    counts = (Resource.objects.count(), bookings.count(), BookingEvent.objects.count())
    demo.seed(scale=1, rng=random.Random("test"), stdout=Quiet())
    assert (Resource.objects.count(), Booking.objects.count(), BookingEvent.objects.count()) == counts
