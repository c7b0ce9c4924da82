import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone

from bookings import services
from bookings.errors import (
    BlackoutClash,
    BookingError,
    ResourceUnavailable,
    SeriesClash,
    SlotTaken,
    TransitionNotAllowed,
)
from bookings.models import Blackout, Booking, BookingEvent, BookingSeries, OpeningHours, Resource
from bookings.services import as_range
from directory.models import Membership
from tests.bookings.factories import ResourceFactory, at, committed, soon
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

Status = Booking.Status


def book(resource, user, start, end, **kwargs):
    with committed():
        return services.booking_create(resource=resource, user=user, starts_at=start, ends_at=end, **kwargs)


# --- The database guarantee ---------------------------------------------------------------------------


def test_the_exclusion_constraint_refuses_an_overlap_inserted_past_the_service(resource, booker):
    book(resource, booker, at(3, 10), at(3, 12))
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        Booking.objects.create(
            resource=resource, booked_by=booker, during=as_range(at(3, 11), at(3, 13)), status=Status.PENDING
        )
    assert raised.value.__cause__.diag.constraint_name == "booking_no_overlap"


def test_the_constraint_lets_adjacent_bookings_other_resources_and_cancelled_ones_through(resource, booker):
    first = book(resource, booker, at(3, 10), at(3, 12))
    other = ResourceFactory(organization=resource.organization)
    Booking.objects.create(
        resource=resource, booked_by=booker, during=as_range(at(3, 12), at(3, 13)), status="confirmed"
    )
    Booking.objects.create(resource=other, booked_by=booker, during=as_range(at(3, 10), at(3, 12)), status="confirmed")
    Booking.objects.create(
        resource=resource, booked_by=booker, during=as_range(at(3, 10), at(3, 12)), status="rejected"
    )
    services.booking_cancel(booking=first, user=booker)
    Booking.objects.create(resource=resource, booked_by=booker, during=as_range(at(3, 10), at(3, 12)), status="pending")
    assert Booking.objects.filter(resource=resource, status__in=["pending", "confirmed"]).count() == 2


def test_an_overlap_that_reaches_the_database_becomes_slot_taken(resource, booker):
    book(resource, booker, at(3, 10), at(3, 12))
    with pytest.raises(SlotTaken):
        services._insert(
            [Booking(resource=resource, booked_by=booker, during=as_range(at(3, 11), at(3, 12)), status="pending")]
        )


# --- Booking -----------------------------------------------------------------------------------------------


def test_booking_is_confirmed_at_once_priced_recorded_and_emailed_to_both_sides(resource, booker, owner_editor):
    booking = book(resource, booker, at(3, 10), at(3, 11, 30), people=3, purpose="Планёрка")
    assert booking.status == Status.CONFIRMED
    assert booking.price == Decimal("1500.00")
    event = booking.events.get()
    assert (event.actor, event.from_status, event.to_status) == (booker, "", Status.CONFIRMED)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([booker.email, owner_editor.email])


def test_booking_awaits_approval_when_the_owner_approves_each(booker, owner_editor):
    resource = ResourceFactory(auto_confirm=False)
    MembershipFactory(organization=resource.organization, user=owner_editor, role=Membership.Role.EDITOR)
    booking = book(resource, booker, at(3, 10), at(3, 11))
    assert booking.status == Status.PENDING


def test_day_price_and_free_resources(booker):
    by_day = ResourceFactory(price_unit="day", price=Decimal("5000"))
    free = ResourceFactory(price_unit="free", price=None)
    assert book(by_day, booker, at(3, 9), at(3, 17)).price == Decimal("5000")
    assert book(free, booker, at(3, 9), at(3, 10)).price == 0


@pytest.mark.parametrize(
    ("change", "start", "end", "people", "field", "words"),
    [
        ({}, at(3, 12), at(3, 11), 1, "ends_at", "after the start"),
        ({}, at(-1, 10), at(-1, 11), 1, "starts_at", "already passed"),
        ({"lead_hours": 24 * 5}, at(3, 10), at(3, 11), 1, "starts_at", "ahead"),
        ({}, at(3, 6), at(3, 8), 1, "starts_at", "open on"),
        ({}, at(3, 19), at(3, 21), 1, "ends_at", "open on"),
        ({}, at(3, 10), at(3, 10, 30), 1, "ends_at", "shortest"),
        ({"max_minutes": 120}, at(3, 10), at(3, 13), 1, "ends_at", "longest"),
        ({}, at(3, 10, 15), at(3, 11, 15), 1, "starts_at", "step"),
        ({}, at(3, 10), at(3, 11), 9, "people", "at most 8"),
        ({}, at(3, 10), at(3, 11), 0, "people", "one person"),
    ],
)
def test_bad_input_is_refused_with_the_field_at_fault(booker, change, start, end, people, field, words):
    resource = ResourceFactory(**change)
    with pytest.raises(BookingError) as raised:
        book(resource, booker, start, end, people=people)
    assert raised.value.field == field
    assert words in str(raised.value.message)
    assert not Booking.objects.exists()


def test_a_closed_weekday_is_named(booker):
    day = at(3, 10)
    resource = ResourceFactory(hours={(day.weekday() + 1) % 7: (datetime.time(9), datetime.time(18))})
    with pytest.raises(BookingError, match="closed on"):
        book(resource, booker, day, day + datetime.timedelta(hours=1))


def test_an_inactive_resource_takes_no_bookings(booker):
    with pytest.raises(ResourceUnavailable):
        book(ResourceFactory(is_active=False), booker, at(3, 10), at(3, 11))


def test_a_blackout_blocks_bookings_and_is_named(resource, booker, owner_editor):
    services.blackout_create(
        resource=resource, user=owner_editor, starts_at=at(3, 0), ends_at=at(4, 0), reason="Ремонт проектора"
    )
    with pytest.raises(BookingError, match="Ремонт проектора") as raised:
        book(resource, booker, at(3, 10), at(3, 11))
    assert raised.value.field == "starts_at"


def test_a_taken_slot_is_refused_before_the_insert(resource, booker):
    book(resource, booker, at(3, 10), at(3, 12))
    with pytest.raises(SlotTaken):
        book(resource, UserFactory(), at(3, 11), at(3, 13))


def test_booking_on_behalf_of_an_organization_needs_a_membership(resource, booker):
    mine = MembershipFactory(user=booker, role=Membership.Role.RECRUITER).organization
    assert book(resource, booker, at(3, 10), at(3, 11), organization=mine).organization == mine
    with pytest.raises(BookingError) as raised:
        book(resource, booker, at(3, 12), at(3, 13), organization=OrganizationFactory())
    assert raised.value.field == "organization"


# --- Approval, rejection, cancellation ---------------------------------------------------------------------


@pytest.fixture
def pending(booker, owner_editor):
    resource = ResourceFactory(auto_confirm=False)
    Membership.objects.create(organization=resource.organization, user=owner_editor, role=Membership.Role.EDITOR)
    booking = book(resource, booker, at(3, 10), at(3, 11))
    mail.outbox.clear()
    return booking


def test_owner_approves_a_pending_booking_and_both_sides_hear(pending, booker, owner_editor):
    with committed():
        services.booking_approve(booking=pending, user=owner_editor)
    pending.refresh_from_db()
    assert pending.status == Status.CONFIRMED
    assert [e.to_status for e in pending.events.order_by("pk")] == [Status.PENDING, Status.CONFIRMED]
    assert {m.to[0] for m in mail.outbox} == {booker.email, owner_editor.email}
    assert all("approved" in m.subject for m in mail.outbox)
    with pytest.raises(TransitionNotAllowed):
        services.booking_approve(booking=pending, user=owner_editor)


def test_owner_rejects_with_a_reason_only(pending, owner_editor, booker):
    with pytest.raises(BookingError) as raised:
        services.booking_reject(booking=pending, user=owner_editor, reason="  ")
    assert raised.value.field == "reason"
    with committed():
        services.booking_reject(booking=pending, user=owner_editor, reason="Зал занят под мероприятие")
    pending.refresh_from_db()
    assert (pending.status, pending.reason) == (Status.REJECTED, "Зал занят под мероприятие")
    event = pending.events.order_by("pk").last()
    assert (event.actor, event.from_status, event.to_status) == (owner_editor, Status.PENDING, Status.REJECTED)
    assert "Зал занят" in mail.outbox[0].body


@pytest.mark.parametrize("role", [None, Membership.Role.RECRUITER])
def test_nobody_else_approves_or_rejects(pending, member_of, role):
    outsider = member_of(pending.resource.organization, role) if role else UserFactory()
    with pytest.raises(PermissionDenied):
        services.booking_approve(booking=pending, user=outsider)
    with pytest.raises(PermissionDenied):
        services.booking_reject(booking=pending, user=outsider, reason="no")
    with pytest.raises(PermissionDenied):
        services.booking_cancel(booking=pending, user=outsider, reason="no")


def test_staff_may_approve(pending, staff):
    services.booking_approve(booking=pending, user=staff)
    assert Booking.objects.get(pk=pending.pk).status == Status.CONFIRMED


def test_booker_cancels_until_the_deadline_only(resource, booker, owner_editor):
    early = book(resource, booker, at(3, 10), at(3, 11))
    services.booking_cancel(booking=early, user=booker)
    assert Booking.objects.get(pk=early.pk).status == Status.CANCELLED
    late = book(resource, booker, soon(), soon() + datetime.timedelta(hours=1))
    with pytest.raises(TransitionNotAllowed, match="until"):
        services.booking_cancel(booking=late, user=booker)
    with pytest.raises(BookingError) as raised:
        services.booking_cancel(booking=late, user=owner_editor)
    assert raised.value.field == "reason"
    mail.outbox.clear()
    with committed():
        services.booking_cancel(booking=late, user=owner_editor, reason="Авария")
    assert Booking.objects.get(pk=late.pk).status == Status.CANCELLED
    assert {m.to[0] for m in mail.outbox} == {booker.email, owner_editor.email}


def test_a_pending_request_can_be_withdrawn_inside_the_deadline(booker):
    resource = ResourceFactory(auto_confirm=False, lead_hours=1, cancel_hours=48)
    booking = book(resource, booker, at(1, 10), at(1, 11))
    services.booking_cancel(booking=booking, user=booker)
    assert Booking.objects.get(pk=booking.pk).status == Status.CANCELLED


def test_a_cancelled_booking_cannot_be_cancelled_again(resource, booker):
    booking = book(resource, booker, at(3, 10), at(3, 11))
    services.booking_cancel(booking=booking, user=booker)
    with pytest.raises(TransitionNotAllowed):
        services.booking_cancel(booking=booking, user=booker)


# --- Weekly series -------------------------------------------------------------------------------------------


def test_a_weekly_series_books_every_week(resource, booker, owner_editor):
    with committed():
        series = services.booking_series_create(
            resource=resource, user=booker, starts_at=at(2, 10), ends_at=at(2, 11), weeks=4, purpose="Стендап"
        )
    bookings = list(series.bookings.order_by("during"))
    assert [b.starts_at for b in bookings] == [at(2 + 7 * n, 10) for n in range(4)]
    assert all(timezone.localtime(b.starts_at).hour == 10 for b in bookings)
    assert BookingEvent.objects.filter(booking__series=series).count() == 4
    assert len(mail.outbox) == 2  # one email per side for the whole series


def test_series_clashes_are_named_and_nothing_is_saved(resource, booker, owner_editor):
    book(resource, UserFactory(), at(9, 10, 30), at(9, 11, 30))
    services.blackout_create(resource=resource, user=owner_editor, starts_at=at(16, 0), ends_at=at(17, 0), reason="x")
    with pytest.raises(SeriesClash) as raised:
        services.booking_series_create(resource=resource, user=booker, starts_at=at(2, 10), ends_at=at(2, 11), weeks=4)
    assert raised.value.dates == [at(9, 10), at(16, 10)]
    assert raised.value.field == "weeks"
    message = str(raised.value.message)
    for day in (9, 16):
        assert formats.date_format(at(day, 10), "SHORT_DATE_FORMAT") in message
    assert not BookingSeries.objects.exists()
    assert Booking.objects.filter(booked_by=booker).count() == 0


def test_series_cancel_one_or_all(resource, booker):
    series = services.booking_series_create(
        resource=resource, user=booker, starts_at=at(3, 10), ends_at=at(3, 11), weeks=3
    )
    first, *rest = series.bookings.order_by("during")
    services.booking_cancel(booking=first, user=booker)
    assert services.booking_series_cancel(series=series, user=booker) == (2, 0)
    assert set(series.bookings.values_list("status", flat=True)) == {Status.CANCELLED}
    with pytest.raises(TransitionNotAllowed):
        services.booking_series_cancel(series=series, user=booker)


def test_series_weeks_range(resource, booker):
    with pytest.raises(BookingError) as raised:
        services.booking_series_create(resource=resource, user=booker, starts_at=at(3, 10), ends_at=at(3, 11), weeks=1)
    assert raised.value.field == "weeks"


# --- Resources and blackouts ------------------------------------------------------------------------------------


def test_editors_list_and_change_resources_others_may_not(member_of, staff):
    organization = OrganizationFactory(kind="coworking")
    editor = member_of(organization, Membership.Role.EDITOR)
    fields = {
        "kind": "desk",
        "name_ru": "Рабочее место",
        "capacity": 1,
        "price_unit": "day",
        "price": Decimal("900"),
        "slot_minutes": 60,
        "min_minutes": 60,
        "max_minutes": 600,
    }
    hours = {0: (datetime.time(9), datetime.time(21))}
    resource = services.resource_create(organization=organization, user=editor, hours=hours, **fields)
    assert list(resource.opening_hours.values_list("weekday", flat=True)) == [0]
    services.resource_update(
        resource=resource, user=staff, hours={1: (datetime.time(10), datetime.time(12))}, capacity=2
    )
    assert list(OpeningHours.objects.filter(resource=resource).values_list("weekday", flat=True)) == [1]
    for outsider in (member_of(organization, Membership.Role.RECRUITER), UserFactory()):
        with pytest.raises(PermissionDenied):
            services.resource_create(organization=organization, user=outsider, **fields)
        with pytest.raises(PermissionDenied):
            services.resource_update(resource=resource, user=outsider, capacity=3)
    with pytest.raises(ValueError, match="not editable"):
        services.resource_update(resource=resource, user=editor, organization_id=1)


def test_resource_rules_are_checked(member_of):
    organization = OrganizationFactory()
    editor = member_of(organization, Membership.Role.ADMIN)
    with pytest.raises(ValidationError):
        services.resource_create(
            organization=organization, user=editor, kind="lab", name_ru="Лаборатория", price_unit="hour", price=None
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.create(organization=organization, kind="lab", name_ru="x", min_minutes=60, max_minutes=30)


def test_a_blackout_over_bookings_is_refused_naming_them(resource, booker, owner_editor):
    booking = book(resource, booker, at(3, 10), at(3, 11))
    with pytest.raises(BlackoutClash, match=f"№{booking.pk}"):
        services.blackout_create(resource=resource, user=owner_editor, starts_at=at(3, 0), ends_at=at(4, 0), reason="x")
    assert not Blackout.objects.exists()
    with pytest.raises(PermissionDenied):
        services.blackout_create(resource=resource, user=booker, starts_at=at(5, 0), ends_at=at(6, 0), reason="x")


def test_feeds_get_new_secret_addresses(resource, booker, owner_editor):
    feed = services.calendar_feed_get_or_create(user=booker)
    assert services.calendar_feed_reset(user=booker).token != feed.token
    old = resource.feed_token
    assert services.resource_feed_reset(resource=resource, user=owner_editor).feed_token != old
    with pytest.raises(PermissionDenied):
        services.resource_feed_reset(resource=resource, user=booker)


def test_opening_hours_fall_on_the_slot_step(member_of):
    organization = OrganizationFactory()
    editor = member_of(organization, Membership.Role.EDITOR)
    fields = {"kind": "lab", "name_ru": "Лаборатория", "price_unit": "free", "slot_minutes": 60, "min_minutes": 60}
    with pytest.raises(BookingError) as raised:
        services.resource_create(
            organization=organization, user=editor, hours={0: (datetime.time(8, 30), datetime.time(18))}, **fields
        )
    assert raised.value.field == "hours"
    assert not Resource.objects.exists()
    resource = services.resource_create(
        organization=organization,
        user=editor,
        hours={0: (datetime.time(8, 30), datetime.time(18))},
        **{**fields, "slot_minutes": 30, "min_minutes": 60},
    )
    with pytest.raises(BookingError):  # a coarser step no longer fits the hours already set
        services.resource_update(resource=resource, user=editor, slot_minutes=60)
