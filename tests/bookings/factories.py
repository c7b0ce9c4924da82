"""Starting points for bookings tests. Bookings themselves are made with the real services."""

import datetime
from decimal import Decimal

import factory
from django.test import TestCase
from django.utils import timezone

from bookings.models import OpeningHours, Resource
from directory.models import Organization
from tests.factories import OrganizationFactory


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """Moscow time `days` from today at hour:minute."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory, kind=Organization.Kind.TECHNOPARK)
    kind = Resource.Kind.MEETING_ROOM
    name_ru = factory.Sequence(lambda n: f"Переговорная {n}")
    name_en = factory.Sequence(lambda n: f"Meeting room {n}")
    description_ru = "Светлая комната с экраном."
    capacity = 8
    price_unit = "hour"
    price = Decimal("1000.00")
    slot_minutes = 30
    min_minutes = 60
    max_minutes = 480
    lead_hours = 1
    cancel_hours = 24
    auto_confirm = True

    @factory.post_generation
    def hours(resource, create, extracted, **kwargs):
        """Open every day from 8:00 to 20:00 unless a test passes `hours={weekday: (opens, closes)}`."""
        if not create:
            return
        hours = extracted if extracted is not None else {d: (datetime.time(8), datetime.time(20)) for d in range(7)}
        OpeningHours.objects.bulk_create(
            [OpeningHours(resource=resource, weekday=d, opens=o, closes=c) for d, (o, c) in hours.items()]
        )


def soon(hours_ahead: int = 2) -> datetime.datetime:
    """The first whole hour at least `hours_ahead` from now when a default resource (8:00–20:00) is open:
    always within a day, so inside the default 24-hour cancellation deadline."""
    moment = timezone.localtime() + datetime.timedelta(hours=hours_ahead)
    moment = moment.replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)
    if moment.hour < 8:
        moment = moment.replace(hour=8)
    elif moment.hour >= 19:
        moment = (moment + datetime.timedelta(days=1)).replace(hour=8)
    return moment


def committed():
    """Run what the code hands to transaction.on_commit (emails) at the end of the block, as a commit would."""
    return TestCase.captureOnCommitCallbacks(execute=True)
