"""The availability search and the week calendar in `make bench`: 5,000 resources, 200,000 bookings.

build_dataset runs in the benchmark database after `seed_demo --scale 75` (about 3,300 parks and
coworkings with some 19,600 spaces and 47,000 bookings). It brings the spaces to the 5,000 resources
the issue names (the surplus goes with its bookings, whole hosts in the order they were made; spaces
are added if there are fewer; the equipment bench adds its 10,000 items, which are resources too),
then adds bookings with COPY until there are 200,000, spread from five months ago to six weeks ahead,
never overlapping (the exclusion constraint checks every row as it goes in).
"""

import datetime
import random

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from accounts.demo import COMPANY_ADMIN_EMAIL
from accounts.models import User
from bookings import bulk, demo
from bookings.equipment import bench as equipment_bench
from bookings.models import ACTIVE_STATUSES, Booking, BookingStatus, OpeningHours, Resource
from bookings.services import as_range
from directory.models import Organization

DATASET_VERSION = "3"  # 2: equipment items and requests; 3: exactly 5,000 spaces
RESOURCES = 5_000
BOOKINGS = 200_000
BATCH = 20_000
DAYS = range(-150, 43)


def _spaces():
    """Resources that are places (desks, rooms, halls, labs); equipment items are counted by their own bench."""
    return Resource.objects.filter(equipment__isnull=True)


def _trim_spaces(stdout) -> None:
    surplus = _spaces().order_by("pk").values_list("pk", flat=True)[RESOURCES:]
    deleted, _by_model = Resource.objects.filter(pk__in=list(surplus)).delete()
    if deleted:
        stdout.write(f"bookings bench: {deleted} rows of surplus spaces removed\n")


def _top_up_resources(rng, stdout) -> None:
    missing = RESOURCES - _spaces().count()
    if missing <= 0:
        return
    hosts = list(Organization.objects.filter(kind__in=list(demo.HOURS)).order_by("pk"))
    counters, resources = {}, []
    while len(resources) < missing:
        resources.extend(demo._resources_for(hosts[len(resources) % len(hosts)], rng, counters))
    resources = resources[:missing]
    Resource.objects.bulk_create(resources, batch_size=2000)
    OpeningHours.objects.bulk_create(
        [
            OpeningHours(resource=r, weekday=d, opens=o, closes=c)
            for r in resources
            for d, (o, c) in demo.HOURS[r.organization.kind].items()
        ],
        batch_size=5000,
    )
    stdout.write(f"bookings bench: {len(resources)} resources added\n")


def _top_up_bookings(rng, stdout) -> None:
    missing = BOOKINGS - Booking.objects.count()
    if missing <= 0:
        return
    zone = timezone.get_current_timezone()
    now = timezone.now()
    today = timezone.localdate()
    resources = list(Resource.objects.filter(is_active=True).prefetch_related("opening_hours").order_by("pk"))
    bookers = list(User.objects.filter(email__endswith="@demo.imoscow.example").values_list("pk", flat=True))
    if not bookers:
        bookers = list(User.objects.values_list("pk", flat=True)[:100])
    taken: dict[tuple[int, datetime.date], list[tuple[int, int]]] = {}
    for resource_id, during in Booking.objects.filter(status__in=ACTIVE_STATUSES).values_list("resource_id", "during"):
        start, end = timezone.localtime(during.lower), timezone.localtime(during.upper)
        taken.setdefault((resource_id, start.date()), []).append(
            (start.hour * 60 + start.minute, end.hour * 60 + end.minute if end.date() == start.date() else 24 * 60)
        )
    hours = {r.pk: {h.weekday: h for h in r.opening_hours.all()} for r in resources}
    added, rows = 0, []
    while added + len(rows) < missing:
        resource = resources[rng.randrange(len(resources))]
        day = today + datetime.timedelta(days=rng.choice(DAYS))
        opening = hours[resource.pk].get(day.weekday())
        if opening is None:
            continue
        step = resource.slot_minutes
        first, last = opening.opens.hour * 60 + opening.opens.minute, opening.closes.hour * 60 + opening.closes.minute
        length = rng.randrange(resource.min_minutes, min(resource.max_minutes, 240) + 1, step)
        if first + length > last:
            continue
        start = first + step * rng.randrange(0, (last - length - first) // step + 1)
        end = start + length
        slots = taken.setdefault((resource.pk, day), [])
        if any(start < e and s < end for s, e in slots):
            continue
        starts_at = datetime.datetime.combine(day, datetime.time(start // 60, start % 60), tzinfo=zone)
        ends_at = starts_at + datetime.timedelta(minutes=length)
        roll = rng.random()
        if starts_at > now and not resource.auto_confirm and roll < 0.3:
            status = BookingStatus.PENDING
        else:
            status = BookingStatus.CONFIRMED if roll < 0.9 else BookingStatus.CANCELLED
        if status != BookingStatus.CANCELLED:
            slots.append((start, end))
        rows.append(
            Booking(
                resource_id=resource.pk,
                booked_by_id=bookers[rng.randrange(len(bookers))],
                during=as_range(starts_at, ends_at),
                status=status,
                people=rng.randint(1, resource.capacity),
                purpose=demo.PURPOSES[rng.randrange(len(demo.PURPOSES))],
                price=resource.price_for(starts_at, ends_at),
                created=min(starts_at - datetime.timedelta(days=3), now),
            )
        )
        if len(rows) == BATCH:
            with transaction.atomic():
                bulk.copy_bookings(rows)
            added += len(rows)
            rows = []
            stdout.write(f"bookings bench: {added}/{missing} bookings added\n")
    if rows:
        with transaction.atomic():
            bulk.copy_bookings(rows)
    bulk.record_history()


def build_dataset(*, stdout) -> str:
    rng = random.Random("bench-bookings-1")  # noqa: S311 (benchmark data, not secrets)
    _trim_spaces(stdout)
    _top_up_resources(rng, stdout)
    _top_up_bookings(rng, stdout)
    equipment = equipment_bench.top_up(rng, stdout)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE bookings_resource, bookings_booking, bookings_openinghours, bookings_bookingevent")
        cursor.execute("ANALYZE bookings_equipmentitem, bookings_equipmentrequest, bookings_specification")
    return f"{_spaces().count()} spaces, {Booking.objects.count()} bookings, {equipment}"


def _next_working_day(days_ahead: int = 2) -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def cases() -> list[dict]:
    day = _next_working_day().isoformat()
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    busiest = (
        Booking.objects.filter(during__startswith__gte=timezone.now() - datetime.timedelta(days=7))
        .values("resource")
        .annotate(n=Count("id"))
        .order_by("-n", "resource")
        .first()
    )
    resource = busiest["resource"] if busiest else Resource.objects.order_by("pk").values_list("pk", flat=True).first()
    return [
        {
            "page": "bookings_search_okrug",
            "path": f"/spaces/?kind=meeting_room&okrug=cao&date={day}&start=10:00&end=12:00&people=4",
            "login": None,
        },
        {
            "page": "bookings_search_moscow",
            "path": f"/spaces/?kind=desk&date={day}&start=09:00&end=18:00&people=1",
            "login": None,
        },
        {"page": "bookings_search_page_3", "path": f"/spaces/?date={day}&start=14:00&end=15:00&page=3", "login": None},
        {"page": "bookings_calendar", "path": f"/spaces/r/{resource}/?week={monday.isoformat()}", "login": None},
        {"page": "bookings_my", "path": "/spaces/mine/", "login": COMPANY_ADMIN_EMAIL},
        *equipment_bench.cases(),
    ]
