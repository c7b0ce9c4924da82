"""Read-side queries of the bookings pages, with what each page displays already joined."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    Sum,
    Value,
)
from django.utils import timezone

from bookings.filters import IncomingBookingFilter, MyBookingFilter, ResourceAvailabilityFilter
from bookings.models import (
    ACTIVE_STATUSES,
    SLOT_CHOICES,
    Blackout,
    Booking,
    BookingSeries,
    BookingStatus,
    CalendarFeed,
    OpeningHours,
    RangeStart,
    Resource,
)
from bookings.permissions import MANAGE_ROLES, can_manage_organization, can_view_organization_bookings
from bookings.services import as_range
from directory.models import Membership
from imoscow.i18n import localized_field

CARD_FIELDS = (
    "kind",
    "name_ru",
    "name_en",
    "capacity",
    "price_unit",
    "price",
    "slot_minutes",
    "organization__slug",
    "organization__name_ru",
    "organization__name_en",
    "organization__okrug",
)

# --- Resources -------------------------------------------------------------------------------------------


def resource_list():
    """Resources as lists show them: verified hosts first, each host's resources together (the order of
    the directory's own index, so a page is found without sorting every match), the owner joined,
    photos in one more query, no long texts."""
    return (
        Resource.objects.select_related("organization")
        .only(*CARD_FIELDS)
        .prefetch_related("photos")
        .order_by(F("organization__is_verified").desc(), "organization__name_ru", "name_ru", "pk")
    )


def free_between(queryset, starts_at, ends_at, *, now):
    """Only the resources that can really be booked from `starts_at` to `ends_at` (one day, local time):
    open then, on the slot step, the length allowed, far enough ahead, no blackout, no booking in the way.

    Every condition is one the planner can estimate (no arithmetic on columns), so it picks hash joins
    when many resources qualify and index probes when few do."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    start_minute = start.hour * 60 + start.minute
    hours_ahead = int((starts_at - now).total_seconds() // 3600)
    window = as_range(starts_at, ends_at)
    open_then = OpeningHours.objects.filter(
        resource=OuterRef("pk"), weekday=start.weekday(), opens__lte=start.time(), closes__gte=end.time()
    )
    # NOT EXISTS rather than NOT IN: the planner estimates an anti-join well, so for a broad search it
    # walks the resources in display order and stops at the page's end, and for a narrow one it hashes.
    busy = Booking.objects.filter(resource=OuterRef("pk"), status__in=ACTIVE_STATUSES, during__overlap=window)
    closed = Blackout.objects.filter(resource=OuterRef("pk"), during__overlap=window)
    return (
        queryset.filter(
            is_active=True,
            min_minutes__lte=minutes,
            max_minutes__gte=minutes,
            lead_hours__lte=hours_ahead,
            slot_minutes__in=[step for step, _label in SLOT_CHOICES if not (start_minute % step or minutes % step)],
        )
        .filter(Exists(open_then))
        .exclude(Exists(busy))
        .exclude(Exists(closed))
    )


def resource_search(data) -> ResourceAvailabilityFilter:
    """The availability search; `.qs` holds the resources, `.form` the search form with its errors."""
    queryset = resource_list().filter(is_active=True)
    return ResourceAvailabilityFilter(data, queryset=queryset)


def resource_for_page(pk: int) -> Resource:
    return Resource.objects.select_related("organization").prefetch_related("opening_hours", "photos").get(pk=pk)


def resources_of(organization, *, active_only: bool = True):
    queryset = Resource.objects.filter(organization=organization).prefetch_related("photos").order_by("name_ru", "pk")
    return queryset.filter(is_active=True) if active_only else queryset


def blackouts_ahead(resource, *, now=None):
    now = now or timezone.now()
    return Blackout.objects.filter(resource=resource, during__endswith__gt=now).order_by("during")


# --- The week calendar -----------------------------------------------------------------------------------


@dataclass
class Cell:
    state: str  # free, taken, mine, pending, closed, blackout, past
    starts_at: datetime.datetime
    booking: Booking | None = None
    note: str = ""
    book_query: str = ""


@dataclass
class Row:
    time: datetime.time
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Week:
    monday: datetime.date
    days: list[datetime.date]
    rows: list[Row]
    previous: datetime.date
    next: datetime.date
    this_monday: datetime.date


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def resource_week(resource: Resource, monday: datetime.date, *, user, can_manage: bool, now=None) -> Week:
    """A week of the resource's slots as rows of time by columns of days, each cell free, taken or closed.

    Two queries whatever the week holds: its bookings and its blackouts (opening hours are prefetched)."""
    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    week_range = as_range(
        datetime.datetime.combine(days[0], datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(days[-1] + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone),
    )
    hours = {h.weekday: h for h in resource.opening_hours.all()}
    rows = []
    if hours:
        bookings = list(
            Booking.objects.overlapping(resource, week_range)
            .only("pk", "during", "status", "booked_by_id", "resource_id")
            .order_by("during")
        )
        blackouts = list(Blackout.objects.filter(resource=resource, during__overlap=week_range).order_by("during"))
        step = min(max(resource.slot_minutes, 30), 60)
        first = min(h.opens.hour * 60 + h.opens.minute for h in hours.values())
        last = max(h.closes.hour * 60 + h.closes.minute for h in hours.values())
        for minute in range(first, last, step):
            time = datetime.time(minute // 60, minute % 60)
            row = Row(time=time)
            for day in days:
                starts_at = datetime.datetime.combine(day, time, tzinfo=zone)
                ends_at = starts_at + datetime.timedelta(minutes=step)
                row.cells.append(
                    _cell(
                        resource,
                        hours.get(day.weekday()),
                        starts_at,
                        ends_at,
                        bookings,
                        blackouts,
                        user,
                        can_manage,
                        now,
                    )
                )
            rows.append(row)
    return Week(
        monday=monday,
        days=days,
        rows=rows,
        previous=monday - datetime.timedelta(days=7),
        next=monday + datetime.timedelta(days=7),
        this_monday=monday_of(timezone.localdate(now)),
    )


def _cell(resource, hours, starts_at, ends_at, bookings, blackouts, user, can_manage, now) -> Cell:
    local_start, local_end = starts_at.timetz().replace(tzinfo=None), ends_at.timetz().replace(tzinfo=None)
    if hours is None or local_start < hours.opens or (local_end > hours.closes or ends_at.date() != starts_at.date()):
        return Cell("closed", starts_at)
    for blackout in blackouts:
        if blackout.during.lower < ends_at and starts_at < blackout.during.upper:
            return Cell("blackout", starts_at, note=blackout.reason)
    for booking in bookings:
        if booking.during.lower < ends_at and starts_at < booking.during.upper:
            mine = user.is_authenticated and booking.booked_by_id == user.pk
            state = "mine" if mine else ("pending" if booking.status == BookingStatus.PENDING else "taken")
            return Cell(state, starts_at, booking=booking if (mine or can_manage) else None)
    if ends_at <= now:
        return Cell("past", starts_at)
    length = max(resource.min_minutes, resource.slot_minutes)
    end = min(
        starts_at + datetime.timedelta(minutes=length),
        datetime.datetime.combine(starts_at.date(), hours.closes, tzinfo=starts_at.tzinfo),
    )
    query = urlencode({"date": starts_at.date().isoformat(), "start": f"{local_start:%H:%M}", "end": f"{end:%H:%M}"})
    return Cell("free", starts_at, book_query=query)


# --- Bookings --------------------------------------------------------------------------------------------


def booking_for_page(pk: int) -> Booking:
    return (
        Booking.objects.select_related("resource__organization", "booked_by", "organization", "series")
        .prefetch_related("events__actor")
        .get(pk=pk)
    )


def series_for_page(pk: int) -> BookingSeries:
    return BookingSeries.objects.select_related("resource__organization", "booked_by", "organization").get(pk=pk)


def series_bookings(series):
    return series.bookings.order_by("during")


def _booking_rows():
    """Bookings as tables show them: resource, owner, booker and on-whose-behalf joined, no long texts."""
    return Booking.objects.select_related("resource__organization", "booked_by", "organization").only(
        "during",
        "status",
        "people",
        "purpose",
        "price",
        "reason",
        "series_id",
        "resource__name_ru",
        "resource__name_en",
        "resource__organization__slug",
        "resource__organization__name_ru",
        "resource__organization__name_en",
        "booked_by__email",
        "booked_by__first_name",
        "booked_by__last_name",
        "organization__name_ru",
        "organization__name_en",
    )


def bookings_of_user(user, data=None) -> MyBookingFilter:
    queryset = _booking_rows().filter(booked_by=user).order_by(RangeStart("during").desc(), "-pk")
    return MyBookingFilter(data, queryset=queryset)


def upcoming_bookings_of_user(user, *, limit: int = 5):
    return (
        _booking_rows()
        .filter(booked_by=user, status__in=ACTIVE_STATUSES, during__endswith__gt=timezone.now())
        .order_by("during")[:limit]
    )


def incoming_bookings(organization, data=None) -> IncomingBookingFilter:
    queryset = _booking_rows().filter(resource__organization=organization).order_by(RangeStart("during").desc(), "-pk")
    return IncomingBookingFilter(data, queryset=queryset, organization=organization)


def approval_queue(organization):
    """Requests still waiting for the owner, soonest first (the ones already started cannot be approved)."""
    return (
        _booking_rows()
        .filter(
            resource__organization=organization, status=BookingStatus.PENDING, during__startswith__gt=timezone.now()
        )
        .order_by("during")
    )


def managed_organizations_with_queue(user):
    """The organizations whose resources `user` manages, with the number of requests awaiting approval."""
    if not user.is_authenticated:
        return []
    now = timezone.now()
    memberships = (
        Membership.objects.filter(
            Exists(Resource.objects.filter(organization=OuterRef("organization"))), user=user, role__in=MANAGE_ROLES
        )
        .values("organization__slug", "organization__name_ru", "organization__name_en")
        .annotate(
            waiting=Count(
                "organization__resources__bookings",
                filter=Q(
                    organization__resources__bookings__status=BookingStatus.PENDING,
                    organization__resources__bookings__during__startswith__gt=now,
                ),
            )
        )
        .order_by("organization__name_ru")
    )
    return list(memberships)


def feed_of_user(token: str):
    feed = CalendarFeed.objects.select_related("user").get(token=token)
    return feed.user, (
        Booking.objects.filter(booked_by=feed.user, status__in=ACTIVE_STATUSES)
        .select_related("resource__organization")
        .order_by("during")
    )


def feed_of_resource(token: str):
    resource = Resource.objects.select_related("organization").get(feed_token=token)
    return resource, (
        Booking.objects.filter(resource=resource, status__in=ACTIVE_STATUSES)
        .select_related("resource__organization", "booked_by", "organization")
        .order_by("during")
    )


# --- Utilization -----------------------------------------------------------------------------------------


@dataclass
class Utilization:
    resource: Resource
    open_hours: float
    booked_hours: float

    @property
    def share(self) -> float:
        return self.booked_hours / self.open_hours if self.open_hours else 0.0

    @property
    def percent(self) -> int:
        return round(self.share * 100)


class RangeIntersection(Func):
    arg_joiner = " * "
    template = "(%(expressions)s)"


def utilization(organization, *, days: int = 30, now=None) -> list[Utilization]:
    """Share of open hours booked (confirmed) per resource over the last `days` days, up to now."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=days)
    window = as_range(since, now)
    clipped = RangeIntersection(F("bookings__during"), Value(window))
    resources = list(
        Resource.objects.filter(organization=organization)
        .prefetch_related("opening_hours")
        .annotate(
            booked=Sum(
                ExpressionWrapper(
                    Func(clipped, function="upper") - Func(clipped, function="lower"), output_field=DurationField()
                ),
                filter=Q(bookings__status=BookingStatus.CONFIRMED, bookings__during__overlap=window),
            )
        )
        .order_by("name_ru", "pk")
    )
    rows = []
    for resource in resources:
        open_minutes = _open_minutes(resource, since, now)
        booked = resource.booked.total_seconds() / 3600 if resource.booked else 0.0
        rows.append(Utilization(resource=resource, open_hours=open_minutes / 60, booked_hours=booked))
    return rows


def _open_minutes(resource, since, until) -> int:
    """Opening minutes between two moments, day by day in local time."""
    hours = {h.weekday: h for h in resource.opening_hours.all()}
    zone = timezone.get_current_timezone()
    total = 0
    day, last = timezone.localtime(since).date(), timezone.localtime(until).date()
    while day <= last:
        h = hours.get(day.weekday())
        if h:
            opens = max(datetime.datetime.combine(day, h.opens, tzinfo=zone), since)
            closes = min(datetime.datetime.combine(day, h.closes, tzinfo=zone), until)
            if closes > opens:
                total += int((closes - opens).total_seconds() // 60)
        day += datetime.timedelta(days=1)
    return total


# --- Other apps' pages -----------------------------------------------------------------------------------


def dashboard_context(user) -> dict:
    """The "my bookings" panel of the user's dashboard: what is ahead, and the queues of spaces they run."""
    owners = [
        {
            "slug": row["organization__slug"],
            "name": row[localized_field("organization__name")] or row["organization__name_ru"],
            "waiting": row["waiting"],
        }
        for row in managed_organizations_with_queue(user)
    ]
    return {"upcoming": list(upcoming_bookings_of_user(user)), "owners": owners}


def profile_context(organization, user) -> dict | None:
    """The organization profile's section: its active resources, and a way in for its members."""
    # The equipment details come in the same query (a left join), for the section's equipment part.
    resources = list(resources_of(organization).select_related("equipment__category"))
    can_view = can_view_organization_bookings(organization, user)
    if not resources and not can_manage_organization(organization, user):
        return None
    items = [r.equipment for r in resources if hasattr(r, "equipment") and r.equipment.is_active]
    for item in items:
        item.organization = organization  # already at hand: no query per card
    listed = {item.pk for item in items}
    return {
        "resources": resources,
        "spaces": [r for r in resources if r.pk not in listed],
        "equipment_items": items,
        "can_view_bookings": can_view,
    }
