import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings import selectors, services
from bookings.models import Booking, Resource
from directory.models import Membership, Okrug
from tests.bookings.factories import ResourceFactory, at
from tests.factories import OrganizationFactory, UserFactory


def search(**params):
    return list(selectors.resource_search({k: str(v) for k, v in params.items()}).qs)


def window(day=3, start="10:00", end="12:00"):
    return {"date": at(day, 0).date().isoformat(), "start": start, "end": end}


def test_search_returns_only_resources_really_free_then(resource, booker, owner_editor):
    organization = resource.organization
    taken = ResourceFactory(organization=organization)
    services.booking_create(resource=taken, user=booker, starts_at=at(3, 11), ends_at=at(3, 13))
    adjacent = ResourceFactory(organization=organization)
    services.booking_create(resource=adjacent, user=booker, starts_at=at(3, 12), ends_at=at(3, 13))
    cancelled = ResourceFactory(organization=organization)
    services.booking_cancel(
        booking=services.booking_create(resource=cancelled, user=booker, starts_at=at(3, 10), ends_at=at(3, 12)),
        user=booker,
    )
    closed = ResourceFactory(organization=organization)
    services.blackout_create(resource=closed, user=owner_editor, starts_at=at(3, 9), ends_at=at(3, 10, 30), reason="x")
    late_opening = ResourceFactory(
        organization=organization, hours={d: (datetime.time(11), datetime.time(20)) for d in range(7)}
    )
    weekend_only = ResourceFactory(
        organization=organization, hours={(at(3, 0).weekday() + 1) % 7: (datetime.time(8), datetime.time(20))}
    )
    short_only = ResourceFactory(organization=organization, max_minutes=60)
    long_only = ResourceFactory(organization=organization, min_minutes=180)
    far_ahead = ResourceFactory(organization=organization, lead_hours=24 * 10)
    small = ResourceFactory(organization=organization, capacity=2)
    inactive = ResourceFactory(organization=organization, is_active=False)
    desk = ResourceFactory(organization=organization, kind=Resource.Kind.DESK)

    found = search(**window(), kind="meeting_room", people=4)
    assert set(found) == {resource, adjacent, cancelled}
    for excluded in (
        taken,
        closed,
        late_opening,
        weekend_only,
        short_only,
        long_only,
        far_ahead,
        small,
        inactive,
        desk,
    ):
        assert excluded not in found


def test_search_keeps_to_the_slot_step(resource):
    hourly = ResourceFactory(organization=resource.organization, slot_minutes=60)
    assert set(search(**window(start="10:30", end="11:30"))) == {resource}
    assert set(search(**window(start="10:00", end="11:00"))) == {resource, hourly}
    assert set(search(**window(start="10:00", end="11:30"))) == {resource}


def test_search_by_okrug_and_without_a_time(resource):
    elsewhere = ResourceFactory(organization=OrganizationFactory(okrug=Okrug.ZELENOGRAD))
    assert search(okrug="zelao") == [elsewhere]
    assert set(search()) == {resource, elsewhere}
    assert search(**window(), okrug="cao") == [resource]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date": "2030-01-01"}, "start"),
        ({**window(), "end": "09:00"}, "end"),
        ({**window(day=-2)}, "start"),
        ({**window(), "people": "0"}, "people"),
    ],
)
def test_search_form_reports_bad_input_beside_the_field(db, params, field):
    form = selectors.resource_search(params).form
    assert not form.is_valid()
    assert field in form.errors


def _make_bookable(count):
    organization = OrganizationFactory()
    booker = UserFactory()
    for n in range(count):
        resource = ResourceFactory(organization=organization)
        if n % 2:
            services.booking_create(resource=resource, user=booker, starts_at=at(3, 10), ends_at=at(3, 11))


def test_search_query_count_does_not_grow_with_the_data(db):
    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            results = selectors.resource_search({**window(), "people": "1"})
            list(results.qs[:20])
            [list(r.photos.all()) for r in results.qs[:20]]
        return len(captured)

    _make_bookable(3)
    small = count_queries()
    _make_bookable(12)
    assert count_queries() == small


def test_week_calendar_shows_free_taken_mine_closed_and_blackout(resource, booker, owner_editor):
    other = UserFactory()
    mine = services.booking_create(resource=resource, user=booker, starts_at=at(7, 10), ends_at=at(7, 11))
    services.booking_create(resource=resource, user=other, starts_at=at(7, 12), ends_at=at(7, 13))
    services.blackout_create(
        resource=resource, user=owner_editor, starts_at=at(7, 15), ends_at=at(7, 16), reason="Уборка"
    )
    monday = selectors.monday_of(at(7, 0).date())
    week = selectors.resource_week(resource, monday, user=booker, can_manage=False)
    column = (at(7, 0).date() - monday).days
    states = {row.time: row.cells[column] for row in week.rows}
    assert week.rows[0].time == datetime.time(8) and week.rows[-1].time == datetime.time(19, 30)
    assert states[datetime.time(10)].state == "mine" and states[datetime.time(10)].booking == mine
    assert states[datetime.time(12)].state == "taken" and states[datetime.time(12)].booking is None
    assert states[datetime.time(15)].state == "blackout" and states[datetime.time(15)].note == "Уборка"
    free = states[datetime.time(17)]
    assert free.state == "free" and "start=17%3A00" in free.book_query and "end=18%3A00" in free.book_query
    owner_week = selectors.resource_week(resource, monday, user=owner_editor, can_manage=True)
    assert owner_week.rows[8].cells[column].booking is not None  # 12:00: the owner sees whose it is
    assert week.next == monday + datetime.timedelta(days=7)


def test_week_calendar_marks_closed_days_and_the_past(booker):
    today = timezone.localdate()
    resource = ResourceFactory(hours={today.weekday(): (datetime.time(0), datetime.time(23, 30))})
    week = selectors.resource_week(resource, selectors.monday_of(today), user=booker, can_manage=False)
    states = {cell.state for row in week.rows for cell in row.cells}
    assert "closed" in states
    assert week.rows[0].cells[today.weekday()].state == "past"


def test_week_calendar_takes_a_constant_number_of_queries(resource, booker, django_assert_max_num_queries):
    monday = selectors.monday_of(at(7, 0).date())
    for day in range(7, 14):
        services.booking_create(resource=resource, user=booker, starts_at=at(day, 9), ends_at=at(day, 10))
    fresh = selectors.resource_for_page(resource.pk)
    with django_assert_max_num_queries(2):
        selectors.resource_week(fresh, monday, user=booker, can_manage=False)


def test_utilization_is_the_share_of_open_hours_booked(booker, owner_editor):
    now = timezone.now()
    resource = ResourceFactory(lead_hours=0)
    # Bookings in the past cannot be made through the service; put the history in directly.
    day = timezone.localdate() - datetime.timedelta(days=3)
    start = datetime.datetime.combine(day, datetime.time(10), tzinfo=timezone.get_current_timezone())
    for status, offset in (("confirmed", 0), ("confirmed", 3), ("cancelled", 6)):
        Booking.objects.create(
            resource=resource,
            booked_by=booker,
            status=status,
            during=services.as_range(
                start + datetime.timedelta(hours=offset), start + datetime.timedelta(hours=offset + 2)
            ),
        )
    (row,) = selectors.utilization(resource.organization, now=now)
    assert row.booked_hours == pytest.approx(4)
    assert 30 * 12 - 12 <= row.open_hours <= 30 * 12 + 12
    assert row.percent == round(4 / row.open_hours * 100)


def test_incoming_bookings_filter_and_the_queue(booker, member_of):
    resource = ResourceFactory(auto_confirm=False)
    other = ResourceFactory(organization=resource.organization)
    services.booking_create(resource=resource, user=booker, starts_at=at(3, 10), ends_at=at(3, 11))
    services.booking_create(
        resource=other, user=UserFactory(email="anna@firm.ru"), starts_at=at(4, 10), ends_at=at(4, 11)
    )
    organization = resource.organization
    assert selectors.incoming_bookings(organization).qs.count() == 2
    assert selectors.incoming_bookings(organization, {"status": "pending"}).qs.get().resource == resource
    assert selectors.incoming_bookings(organization, {"q": "anna@"}).qs.get().resource == other
    assert selectors.incoming_bookings(organization, {"resource": other.pk}).qs.count() == 1
    since = at(4, 0).date().isoformat()
    assert selectors.incoming_bookings(organization, {"since": since}).qs.get().resource == other
    assert (
        selectors.incoming_bookings(organization, {"until": at(3, 0).date().isoformat()}).qs.get().resource == resource
    )
    assert [b.resource for b in selectors.approval_queue(organization)] == [resource]
    editor = member_of(organization, Membership.Role.EDITOR)
    assert selectors.dashboard_context(editor)["owners"][0]["waiting"] == 1


def test_feeds_hold_only_active_bookings(resource, booker):
    kept = services.booking_create(resource=resource, user=booker, starts_at=at(3, 10), ends_at=at(3, 11))
    services.booking_cancel(
        booking=services.booking_create(resource=resource, user=booker, starts_at=at(4, 10), ends_at=at(4, 11)),
        user=booker,
    )
    feed = services.calendar_feed_get_or_create(user=booker)
    assert list(selectors.feed_of_user(feed.token)[1]) == [kept]
    assert list(selectors.feed_of_resource(resource.feed_token)[1]) == [kept]
