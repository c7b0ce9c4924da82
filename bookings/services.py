"""Every change to resources and bookings goes through these functions.

Concurrency, in short:
- Two bookings of one slot may be inserted at the same moment. The exclusion constraint
  `booking_no_overlap` lets exactly one of them in; the other's IntegrityError becomes `SlotTaken`.
- A booking takes a SHARE lock on its resource's row first, so bookings do not wait for each other, but
  a change of the resource's rules or a new blackout (which lock the row FOR UPDATE) waits for bookings
  in flight and is then checked against them, and vice versa.
- Approvals, rejections and cancellations lock the booking rows (FOR UPDATE, ordered by pk) and check
  the status again after locking.
"""

import datetime
from collections.abc import Iterable

import psycopg.errors
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, OperationalError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bookings import notifications
from bookings.errors import (
    BlackoutClash,
    BookingError,
    ResourceUnavailable,
    SeriesClash,
    SlotTaken,
    TransitionNotAllowed,
)
from bookings.models import (
    ACTIVE_STATUSES,
    Blackout,
    Booking,
    BookingEvent,
    BookingSeries,
    BookingStatus,
    CalendarFeed,
    OpeningHours,
    PriceUnit,
    Resource,
    ResourcePhoto,
    new_feed_token,
)
from bookings.permissions import can_manage_booking, require_manage_organization, require_manage_resource
from directory.models import Membership

Status = BookingStatus

# What the owner's members may set on the site; the owner organization itself changes only through staff.
RESOURCE_FIELDS = (
    "kind",
    "name_ru",
    "name_en",
    "description_ru",
    "description_en",
    "capacity",
    "amenities",
    "price_unit",
    "price",
    "slot_minutes",
    "min_minutes",
    "max_minutes",
    "lead_hours",
    "cancel_hours",
    "auto_confirm",
    "is_active",
)


def as_range(starts_at: datetime.datetime, ends_at: datetime.datetime) -> DateTimeTZRange:
    return DateTimeTZRange(starts_at, ends_at, "[)")


def _minutes_of_day(value: datetime.time) -> int:
    return value.hour * 60 + value.minute


def _hhmm(value: datetime.time) -> str:
    return value.strftime("%H:%M")


def _when(value: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


# --- Resources ----------------------------------------------------------------------------------------


def _set_opening_hours(resource: Resource, hours: dict[int, tuple[datetime.time, datetime.time]]) -> None:
    """`hours` maps a weekday (0 = Monday) to (opens, closes); a missing weekday is closed."""
    for opens, closes in hours.values():
        if (_minutes_of_day(opens) % resource.slot_minutes) or (_minutes_of_day(closes) % resource.slot_minutes):
            raise BookingError(
                _("Opening and closing times fall on the slot step: every %(step)d minutes on the clock.")
                % {"step": resource.slot_minutes},
                field="hours",
            )
    OpeningHours.objects.filter(resource=resource).exclude(weekday__in=list(hours)).delete()
    for weekday, (opens, closes) in hours.items():
        OpeningHours.objects.update_or_create(
            resource=resource, weekday=weekday, defaults={"opens": opens, "closes": closes}
        )


def _apply_fields(resource: Resource, fields: dict) -> None:
    unknown = set(fields) - set(RESOURCE_FIELDS)
    if unknown:
        raise ValueError(f"not editable on the site: {sorted(unknown)}")
    for field, value in fields.items():
        setattr(resource, field, value)
    if resource.price_unit == PriceUnit.FREE:
        resource.price = None
    resource.full_clean(exclude=["organization", "feed_token"])


@transaction.atomic
def resource_create(*, organization, user, hours=None, photo=None, **fields) -> Resource:
    require_manage_organization(organization, user)
    resource = Resource(organization=organization)
    _apply_fields(resource, fields)
    resource.save()
    _set_opening_hours(resource, hours or {})
    if photo:
        ResourcePhoto.objects.create(resource=resource, image=photo)
    return resource


@transaction.atomic
def resource_update(*, resource: Resource, user, hours=None, photo=None, **fields) -> Resource:
    require_manage_resource(resource, user)
    # FOR NO KEY UPDATE waits for bookings in flight (they hold FOR SHARE) and holds new ones back.
    resource = (
        Resource.objects.select_for_update(no_key=True, of=("self",)).select_related("organization").get(pk=resource.pk)
    )
    _apply_fields(resource, fields)
    resource.save()
    if hours is None:
        hours = {h.weekday: (h.opens, h.closes) for h in resource.opening_hours.all()}
    _set_opening_hours(resource, hours)
    if photo:
        ResourcePhoto.objects.create(resource=resource, image=photo)
    return resource


@transaction.atomic
def resource_set_active(*, resource: Resource, user, active: bool) -> Resource:
    require_manage_resource(resource, user)
    Resource.objects.filter(pk=resource.pk).update(is_active=active, updated=timezone.now())
    resource.is_active = active
    return resource


@transaction.atomic
def resource_photo_add(*, resource: Resource, user, image, caption: str = "") -> ResourcePhoto:
    require_manage_resource(resource, user)
    return ResourcePhoto.objects.create(resource=resource, image=image, caption=caption)


@transaction.atomic
def resource_photo_delete(*, photo: ResourcePhoto, user) -> None:
    require_manage_resource(photo.resource, user)
    image = photo.image
    photo.delete()
    transaction.on_commit(lambda: image.delete(save=False))


@transaction.atomic
def resource_feed_reset(*, resource: Resource, user) -> Resource:
    """A new secret address for the resource's calendar feed; the old one stops working."""
    require_manage_resource(resource, user)
    resource.feed_token = new_feed_token()
    resource.save(update_fields=["feed_token", "updated"])
    return resource


# --- Blackouts ----------------------------------------------------------------------------------------


@transaction.atomic
def blackout_create(*, resource: Resource, user, starts_at, ends_at, reason: str) -> Blackout:
    require_manage_resource(resource, user)
    Resource.objects.select_for_update(no_key=True).filter(pk=resource.pk).first()
    if ends_at <= starts_at:
        raise BookingError(_("The end must be after the start."), field="ends_at")
    if ends_at <= timezone.now():
        raise BookingError(_("This period is already over."), field="ends_at")
    clashing = list(
        Booking.objects.overlapping(resource, as_range(starts_at, ends_at)).order_by("during").only("pk", "during")[:10]
    )
    if clashing:
        listed = ", ".join(f"№{booking.pk} ({_when(booking.starts_at)})" for booking in clashing)
        raise BlackoutClash(
            _("Bookings fall in this period: %(bookings)s. Reject or cancel them first.") % {"bookings": listed}
        )
    return Blackout.objects.create(
        resource=resource, during=as_range(starts_at, ends_at), reason=reason.strip(), created_by=user
    )


@transaction.atomic
def blackout_delete(*, blackout: Blackout, user) -> None:
    require_manage_resource(blackout.resource, user)
    blackout.delete()


# --- Booking rules ----------------------------------------------------------------------------------------


def check_booking_rules(resource: Resource, starts_at, ends_at, people: int, *, now) -> None:
    """Raise a BookingError naming the field at fault when one booking breaks the resource's rules."""
    if not resource.is_active:
        raise ResourceUnavailable()
    if ends_at <= starts_at:
        raise BookingError(_("The end must be after the start."), field="ends_at")
    if starts_at < now:
        raise BookingError(_("This time has already passed."), field="starts_at")
    if starts_at < now + datetime.timedelta(hours=resource.lead_hours):
        raise BookingError(
            ngettext("Book at least %(hours)d hour ahead.", "Book at least %(hours)d hours ahead.", resource.lead_hours)
            % {"hours": resource.lead_hours},
            field="starts_at",
        )
    if people < 1:
        raise BookingError(_("At least one person."), field="people")
    if people > resource.capacity:
        raise BookingError(
            ngettext(
                "It takes at most %(capacity)d person.", "It takes at most %(capacity)d people.", resource.capacity
            )
            % {"capacity": resource.capacity},
            field="people",
        )
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    if minutes < resource.min_minutes:
        raise BookingError(
            _("The shortest booking is %(minutes)d minutes.") % {"minutes": resource.min_minutes}, field="ends_at"
        )
    if minutes > resource.max_minutes:
        raise BookingError(
            _("The longest booking is %(minutes)d minutes.") % {"minutes": resource.max_minutes}, field="ends_at"
        )
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() != (end - datetime.timedelta(microseconds=1)).date():
        raise BookingError(_("A booking starts and ends on the same day."), field="ends_at")
    hours = next((h for h in resource.opening_hours.all() if h.weekday == start.weekday()), None)
    weekday = OpeningHours.Weekday(start.weekday()).label
    if hours is None:
        raise BookingError(_("It is closed on %(weekday)s.") % {"weekday": weekday}, field="starts_at")
    opening = _("It is open on %(weekday)s from %(opens)s to %(closes)s.") % {
        "weekday": weekday,
        "opens": _hhmm(hours.opens),
        "closes": _hhmm(hours.closes),
    }
    if start.time() < hours.opens:
        raise BookingError(opening, field="starts_at")
    if end.time() > hours.closes or end.date() != start.date():
        raise BookingError(opening, field="ends_at")
    if start.second or start.microsecond or _minutes_of_day(start.time()) % resource.slot_minutes:
        raise BookingError(
            _("Bookings start on a %(step)d-minute step from %(opens)s.")
            % {"step": resource.slot_minutes, "opens": _hhmm(hours.opens)},
            field="starts_at",
        )
    if minutes % resource.slot_minutes or end.second or end.microsecond:
        raise BookingError(
            _("Bookings last a whole number of %(step)d-minute steps.") % {"step": resource.slot_minutes},
            field="ends_at",
        )


def _blackout_clash(resource, starts_at, ends_at) -> Blackout | None:
    return (
        Blackout.objects.filter(resource=resource, during__overlap=as_range(starts_at, ends_at))
        .order_by("during")
        .first()
    )


def _blackout_error(blackout: Blackout) -> BookingError:
    return BookingError(
        _("It is closed from %(start)s to %(end)s: %(reason)s.")
        % {"start": _when(blackout.during.lower), "end": _when(blackout.during.upper), "reason": blackout.reason},
        field="starts_at",
    )


def _is_taken(resource, starts_at, ends_at) -> bool:
    return Booking.objects.overlapping(resource, as_range(starts_at, ends_at)).exists()


def _check_on_behalf(user, organization) -> None:
    if organization is not None and not Membership.objects.filter(user=user, organization=organization).exists():
        raise BookingError(
            _("You can book on behalf of an organization only when you are its member."), field="organization"
        )


def _lock_resource_shared(resource: Resource) -> Resource:
    """Read the resource's current rules under a SHARE lock (see the module's docstring)."""
    locked = list(
        Resource.objects.raw(
            "SELECT * FROM bookings_resource WHERE id = %s FOR SHARE",  # noqa: S611 (a constant query)
            [resource.pk],
        )
    )
    if not locked:
        raise ResourceUnavailable()
    return Resource.objects.select_related("organization").prefetch_related("opening_hours").get(pk=resource.pk)


DEADLOCK_ATTEMPTS = 5


def _is_overlap_violation(error: IntegrityError) -> bool:
    cause = error.__cause__
    return isinstance(cause, psycopg.errors.ExclusionViolation) and cause.diag.constraint_name == "booking_no_overlap"


def _insert(bookings: list[Booking]) -> list[Booking]:
    """Insert under a savepoint; an overlap the constraint refused becomes SlotTaken.

    Truly simultaneous overlapping inserts wait on each other's transactions while the constraint is
    checked, and PostgreSQL breaks such a cycle by aborting one of them ("deadlock detected"). The aborted
    insert is tried again: by then the other has committed (SlotTaken) or given up (the slot is ours).
    """
    for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return Booking.objects.bulk_create(bookings)
        except IntegrityError as error:
            if _is_overlap_violation(error):
                raise SlotTaken() from error
            raise
        except OperationalError as error:
            if not isinstance(error.__cause__, psycopg.errors.DeadlockDetected):
                raise
            if attempt == DEADLOCK_ATTEMPTS:  # still contested after every try: someone else holds it
                raise SlotTaken() from error
    raise AssertionError("unreachable")


def _record(booking: Booking, *, actor, from_status: str, to_status: str, comment: str = "") -> None:
    BookingEvent.objects.create(
        booking=booking, actor=actor, from_status=from_status, to_status=to_status, comment=comment
    )


# --- Booking ------------------------------------------------------------------------------------------------


@transaction.atomic
def booking_create(
    *, resource: Resource, user, starts_at, ends_at, people: int = 1, purpose: str = "", organization=None
) -> Booking:
    """Book a slot as yourself or on behalf of your organization: confirmed at once or awaiting approval."""
    now = timezone.now()
    resource = _lock_resource_shared(resource)
    _check_on_behalf(user, organization)
    check_booking_rules(resource, starts_at, ends_at, people, now=now)
    blackout = _blackout_clash(resource, starts_at, ends_at)
    if blackout:
        raise _blackout_error(blackout)
    if _is_taken(resource, starts_at, ends_at):
        raise SlotTaken()
    status = Status.CONFIRMED if resource.auto_confirm else Status.PENDING
    (booking,) = _insert(
        [
            Booking(
                resource=resource,
                booked_by=user,
                organization=organization,
                during=as_range(starts_at, ends_at),
                status=status,
                people=people,
                purpose=purpose.strip(),
                price=resource.price_for(starts_at, ends_at),
            )
        ]
    )
    _record(booking, actor=user, from_status="", to_status=status)
    notifications.on_commit(notifications.CREATED, [booking.pk], actor=user)
    return booking


def series_occurrences(starts_at, ends_at, weeks: int) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The same local weekday and time for `weeks` weeks."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    zone = start.tzinfo
    occurrences = []
    for week in range(weeks):
        day = start.date() + datetime.timedelta(weeks=week)
        end_day = end.date() + datetime.timedelta(weeks=week)
        occurrences.append(
            (
                datetime.datetime.combine(day, start.timetz().replace(tzinfo=None), tzinfo=zone),
                datetime.datetime.combine(end_day, end.timetz().replace(tzinfo=None), tzinfo=zone),
            )
        )
    return occurrences


def _series_clashes(resource, occurrences, *, now) -> list[datetime.datetime]:
    """The starts of the occurrences that cannot be booked (taken, closed, or breaking a rule)."""
    window = as_range(occurrences[0][0], occurrences[-1][1])
    taken = list(Booking.objects.overlapping(resource, window).values_list("during", flat=True))
    blackouts = list(
        Blackout.objects.filter(resource=resource, during__overlap=window).values_list("during", flat=True)
    )
    clashes = []
    for starts_at, ends_at in occurrences:
        try:
            check_booking_rules(resource, starts_at, ends_at, 1, now=now)
        except BookingError:
            clashes.append(starts_at)
            continue
        if any(r.lower < ends_at and starts_at < r.upper for r in [*taken, *blackouts]):
            clashes.append(starts_at)
    return clashes


def _clash_error(dates: list[datetime.datetime]) -> SeriesClash:
    listed = ", ".join(formats.date_format(timezone.localtime(d), "SHORT_DATE_FORMAT") for d in dates)
    return SeriesClash(
        ngettext(
            "This date cannot be booked: %(dates)s. Nothing was booked; change the time or the number of weeks.",
            "These dates cannot be booked: %(dates)s. Nothing was booked; change the time or the number of weeks.",
            len(dates),
        )
        % {"dates": listed},
        dates=dates,
    )


@transaction.atomic
def booking_series_create(
    *, resource: Resource, user, starts_at, ends_at, weeks: int, people: int = 1, purpose: str = "", organization=None
) -> BookingSeries:
    """Book the same slot every week for `weeks` weeks: all of it, or nothing with the clashing dates named."""
    if not 2 <= weeks <= 52:
        raise BookingError(_("A weekly series runs from 2 to 52 weeks."), field="weeks")
    now = timezone.now()
    resource = _lock_resource_shared(resource)
    _check_on_behalf(user, organization)
    check_booking_rules(resource, starts_at, ends_at, people, now=now)  # the first occurrence, field by field
    occurrences = series_occurrences(starts_at, ends_at, weeks)
    clashes = _series_clashes(resource, occurrences, now=now)
    if clashes:
        raise _clash_error(clashes)
    status = Status.CONFIRMED if resource.auto_confirm else Status.PENDING
    series = BookingSeries.objects.create(
        resource=resource, booked_by=user, organization=organization, weeks=weeks, purpose=purpose.strip()
    )
    try:
        bookings = _insert(
            [
                Booking(
                    resource=resource,
                    booked_by=user,
                    organization=organization,
                    series=series,
                    during=as_range(start, end),
                    status=status,
                    people=people,
                    purpose=purpose.strip(),
                    price=resource.price_for(start, end),
                )
                for start, end in occurrences
            ]
        )
    except SlotTaken:
        # Someone booked one of the dates a moment ago; say which, from what is committed now.
        raise _clash_error(_series_clashes(resource, occurrences, now=now) or [occurrences[0][0]]) from None
    BookingEvent.objects.bulk_create(
        [BookingEvent(booking=b, actor=user, from_status="", to_status=status, at=now) for b in bookings]
    )
    notifications.on_commit(notifications.CREATED, [b.pk for b in bookings], actor=user)
    return series


def _locked(bookings: Iterable[Booking]) -> list[Booking]:
    return list(
        Booking.objects.select_for_update(of=("self",))
        .select_related("resource__organization", "booked_by")
        .filter(pk__in=[b.pk for b in bookings])
        .order_by("pk")
    )


def _transition(booking: Booking, *, to_status: str, actor, reason: str = "") -> None:
    from_status = booking.status
    booking.status = to_status
    if reason:
        booking.reason = reason
    booking.save(update_fields=["status", "reason", "updated"])
    _record(booking, actor=actor, from_status=from_status, to_status=to_status, comment=reason)


@transaction.atomic
def booking_approve(*, booking: Booking, user, comment: str = "") -> Booking:
    (booking,) = _locked([booking])
    if not can_manage_booking(booking, user):
        raise PermissionDenied
    if booking.status != Status.PENDING:
        raise TransitionNotAllowed(_("Only a booking awaiting approval can be approved."))
    if booking.starts_at <= timezone.now():
        raise TransitionNotAllowed(_("This booking has already started; it can only be rejected."))
    _transition(booking, to_status=Status.CONFIRMED, actor=user, reason=comment.strip())
    notifications.on_commit(notifications.APPROVED, [booking.pk], actor=user)
    return booking


@transaction.atomic
def booking_reject(*, booking: Booking, user, reason: str) -> Booking:
    (booking,) = _locked([booking])
    if not can_manage_booking(booking, user):
        raise PermissionDenied
    if not reason.strip():
        raise BookingError(_("Tell the booker why."), field="reason")
    if booking.status != Status.PENDING:
        raise TransitionNotAllowed(_("Only a booking awaiting approval can be rejected."))
    _transition(booking, to_status=Status.REJECTED, actor=user, reason=reason.strip())
    notifications.on_commit(notifications.REJECTED, [booking.pk], actor=user)
    return booking


def cancel_refusal(booking: Booking, user, *, now=None, is_manager: bool | None = None):
    """Why `user` may not cancel `booking` now, or None when they may. Pages use it to offer the button."""
    now = now or timezone.now()
    if is_manager is None:
        is_manager = can_manage_booking(booking, user)
    if not (is_manager or booking.booked_by_id == user.pk):
        return _("Only the person who booked and the owner may cancel a booking.")
    if booking.status not in ACTIVE_STATUSES:
        return _("This booking is already %(status)s.") % {"status": booking.get_status_display()}
    if booking.ends_at <= now:
        return _("This booking is over.")
    if is_manager:
        return None
    if booking.status == Status.PENDING:
        return None if booking.starts_at > now else _("This booking has already started.")
    deadline = booking.starts_at - datetime.timedelta(hours=booking.resource.cancel_hours)
    if now > deadline:
        return _("It could be cancelled until %(deadline)s; please contact the owner.") % {"deadline": _when(deadline)}
    return None


@transaction.atomic
def booking_cancel(*, booking: Booking, user, reason: str = "") -> Booking:
    (booking,) = _locked([booking])
    is_manager = can_manage_booking(booking, user)
    if not (is_manager or booking.booked_by_id == user.pk):
        raise PermissionDenied
    refusal = cancel_refusal(booking, user, is_manager=is_manager)
    if refusal:
        raise TransitionNotAllowed(refusal)
    if is_manager and booking.booked_by_id != user.pk and not reason.strip():
        raise BookingError(_("Tell the booker why."), field="reason")
    _transition(booking, to_status=Status.CANCELLED, actor=user, reason=reason.strip())
    notifications.on_commit(notifications.CANCELLED, [booking.pk], actor=user)
    return booking


@transaction.atomic
def booking_series_cancel(*, series: BookingSeries, user, reason: str = "") -> tuple[int, int]:
    """Cancel every occurrence still ahead that `user` may cancel; return (cancelled, kept)."""
    now = timezone.now()
    bookings = _locked(series.bookings.filter(status__in=ACTIVE_STATUSES, during__startswith__gt=now))
    if not bookings:
        raise TransitionNotAllowed(_("Nothing of this series is left to cancel."))
    is_manager = can_manage_booking(bookings[0], user)
    if not (is_manager or series.booked_by_id == user.pk):
        raise PermissionDenied
    if is_manager and series.booked_by_id != user.pk and not reason.strip():
        raise BookingError(_("Tell the booker why."), field="reason")
    cancelled = []
    for booking in bookings:
        if cancel_refusal(booking, user, now=now, is_manager=is_manager) is None:
            _transition(booking, to_status=Status.CANCELLED, actor=user, reason=reason.strip())
            cancelled.append(booking.pk)
    if not cancelled:
        raise TransitionNotAllowed(_("The deadline for cancelling has passed for every date left in this series."))
    notifications.on_commit(notifications.CANCELLED, cancelled, actor=user)
    return len(cancelled), len(bookings) - len(cancelled)


# --- Calendar feeds ------------------------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_get_or_create(*, user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_reset(*, user) -> CalendarFeed:
    """A new secret address for the person's feed; the old one stops working."""
    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    return feed
