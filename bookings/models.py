"""Bookable resources of organizations and their bookings.

The booking engine knows nothing about what a resource is beyond its kind, opening hours and rules, so
the equipment catalogue (and any later kind of resource) uses it unchanged.

The one rule that protects data above all, "no two pending or confirmed bookings of one resource
overlap", is an exclusion constraint in PostgreSQL. Core PostgreSQL has no GiST operator class for
`bigint =` (that needs btree_gist), so the resource is compared as a one-point range:
`int8range(resource_id, resource_id, '[]') && ...` is true exactly when the ids are equal.
"""

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, BigIntegerRangeField, DateTimeRangeField, RangeOperators
from django.contrib.postgres.indexes import GistIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Organization
from imoscow.i18n import Localized
from imoscow.models import TimeStampedModel


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class ResourceKind(models.TextChoices):
    DESK = "desk", _("Desk")
    MEETING_ROOM = "meeting_room", _("Meeting room")
    OFFICE = "office", _("Office")
    EVENT_HALL = "event_hall", _("Event hall")
    LAB = "lab", _("Laboratory")
    EQUIPMENT = "equipment", _("Equipment")


class Amenity(models.TextChoices):
    WIFI = "wifi", _("Wi-Fi")
    PROJECTOR = "projector", _("Projector or screen")
    VIDEO = "video", _("Video conferencing")
    WHITEBOARD = "whiteboard", _("Whiteboard")
    SOUND = "sound", _("Sound system")
    KITCHEN = "kitchen", _("Kitchen or coffee point")
    PRINTER = "printer", _("Printer")
    LOCKERS = "lockers", _("Lockers")
    PARKING = "parking", _("Parking")
    ACCESSIBLE = "accessible", _("Step-free access")
    AIR_CONDITIONING = "air_conditioning", _("Air conditioning")
    FUME_HOOD = "fume_hood", _("Fume hood")
    CLEAN_ROOM = "clean_room", _("Clean room")
    TECHNICIAN = "technician", _("Technician on site")


class PriceUnit(models.TextChoices):
    FREE = "free", _("free of charge")
    HOUR = "hour", _("per hour")
    DAY = "day", _("per day")


# Slots run on the clock (10:00, 10:15, ...): the steps divide an hour, and opening hours fall on the step.
SLOT_CHOICES = [(15, _("15 minutes")), (30, _("30 minutes")), (60, _("1 hour"))]


class Resource(TimeStampedModel):
    """Something an organization lets others book by the hour: a desk, a room, a lab, a machine."""

    Kind = ResourceKind

    organization = models.ForeignKey(
        Organization, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="resources"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices)
    name_ru = models.CharField(_("name (Russian)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5000)],
        help_text=_("How many people it takes at once (1 for a desk or a machine)."),
    )
    amenities = ArrayField(
        models.CharField(max_length=20, choices=Amenity.choices),
        verbose_name=_("amenities"),
        default=list,
        blank=True,
    )
    price_unit = models.CharField(_("price"), max_length=4, choices=PriceUnit.choices, default=PriceUnit.HOUR)
    price = models.DecimalField(
        _("price, roubles"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Leave empty when it is free of charge."),
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot step"),
        choices=SLOT_CHOICES,
        default=30,
        help_text=_("Bookings start and end on this step of the clock; opening hours fall on it too."),
    )
    min_minutes = models.PositiveIntegerField(_("shortest booking, minutes"), default=60)
    max_minutes = models.PositiveIntegerField(_("longest booking, minutes"), default=480)
    lead_hours = models.PositiveIntegerField(
        _("lead time, hours"), default=1, help_text=_("How long before the start a booking must be made.")
    )
    cancel_hours = models.PositiveIntegerField(
        _("cancellation deadline, hours"),
        default=24,
        help_text=_("Until how many hours before the start the booker may cancel a confirmed booking."),
    )
    auto_confirm = models.BooleanField(
        _("confirm at once"),
        default=True,
        help_text=_("Otherwise every booking waits for the owner's approval."),
    )
    is_active = models.BooleanField(_("taking bookings"), default=True)
    feed_token = models.CharField(_("calendar feed token"), max_length=64, unique=True, default=new_feed_token)

    name = Localized()
    description = Localized()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["name_ru", "pk"]
        indexes = [
            # The availability search, answered from the index alone (its count reads every match).
            models.Index(
                fields=["kind", "capacity"],
                include=["id", "organization", "lead_hours", "min_minutes", "max_minutes", "slot_minutes"],
                condition=Q(is_active=True),
                name="resource_search",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="resource_capacity_positive"),
            models.CheckConstraint(
                condition=Q(min_minutes__gte=F("slot_minutes"), max_minutes__gte=F("min_minutes")),
                name="resource_length_bounds",
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__in=[choice for choice, _label in SLOT_CHOICES]),
                name="resource_slot_step",
            ),
            models.CheckConstraint(
                condition=Q(price_unit=PriceUnit.FREE, price__isnull=True)
                | (~Q(price_unit=PriceUnit.FREE) & Q(price__isnull=False, price__gt=0)),
                name="resource_price_matches_unit",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("bookings:resource", kwargs={"pk": self.pk})

    def clean(self):
        if self.price_unit != PriceUnit.FREE and not self.price:
            raise ValidationError({"price": _("Give the price, or choose “free of charge”.")})

    @property
    def is_free_of_charge(self) -> bool:
        return self.price_unit == PriceUnit.FREE

    @property
    def kind_label(self):
        """The kind's label without get_kind_display(), which translates every choice: lists show many rows."""
        return ResourceKind(self.kind).label

    def amenity_labels(self) -> list[str]:
        return [Amenity(value).label for value in self.amenities if value in Amenity.values]

    def price_for(self, starts_at: datetime.datetime, ends_at: datetime.datetime) -> Decimal:
        if self.price_unit == PriceUnit.FREE or self.price is None:
            return Decimal("0")
        if self.price_unit == PriceUnit.DAY:
            last_day = timezone.localtime(ends_at - datetime.timedelta(microseconds=1)).date()
            days = (last_day - timezone.localtime(starts_at).date()).days + 1
            return self.price * days
        minutes = Decimal((ends_at - starts_at).total_seconds()) / 60
        return (self.price * minutes / 60).quantize(Decimal("0.01"))


class OpeningHours(models.Model):
    """When a resource can be booked on one weekday; a weekday without a row is closed."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["resource", "weekday"]
        indexes = [
            # "Which resources are open on this weekday from T1 to T2?", answered from the index alone.
            models.Index(fields=["weekday", "opens", "closes"], include=["resource"], name="opening_hours_search"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["resource", "weekday"], name="opening_hours_once_per_weekday"),
            models.CheckConstraint(condition=Q(opens__lt=F("closes")), name="opening_hours_open_before_close"),
            models.CheckConstraint(condition=Q(weekday__range=(0, 6)), name="opening_hours_weekday_range"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @property
    def minutes(self) -> int:
        return (self.closes.hour * 60 + self.closes.minute) - (self.opens.hour * 60 + self.opens.minute)


def resource_photo_path(instance, filename):
    return f"resources/{instance.resource_id}/{filename}"


class ResourcePhoto(TimeStampedModel):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=resource_photo_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["resource", "pk"]

    def __str__(self):
        return self.caption or self.image.name


class Blackout(TimeStampedModel):
    """A period in which the owner takes a resource out of use (maintenance, a private event)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="blackouts")
    during = DateTimeRangeField(_("period"))
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("blackout period")
        verbose_name_plural = _("blackout periods")
        ordering = ["resource", "during"]
        indexes = [GistIndex(fields=["during"], name="blackout_during")]
        constraints = [
            models.CheckConstraint(
                condition=Q(during__isempty=False, during__lower_inf=False, during__upper_inf=False),
                name="blackout_bounded",
            ),
        ]

    def __str__(self):
        return f"{self.resource}: {self.reason}"


class BookingSeries(TimeStampedModel):
    """A weekly recurring booking: the same weekday and time for a number of weeks."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="series")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="booking_series")
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="booking_series"
    )
    weeks = models.PositiveSmallIntegerField(_("weeks"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("weekly series")
        verbose_name_plural = _("weekly series")
        constraints = [models.CheckConstraint(condition=Q(weeks__gte=2, weeks__lte=52), name="series_weeks_range")]

    def __str__(self):
        return f"{self.resource} ×{self.weeks}"

    def get_absolute_url(self):
        return reverse("bookings:series", kwargs={"pk": self.pk})


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("awaiting approval")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")
    CANCELLED = "cancelled", _("cancelled")


ACTIVE_STATUSES = (BookingStatus.PENDING, BookingStatus.CONFIRMED)


class ResourceAsRange(Func):
    """`int8range(resource_id, resource_id, '[]')`: equality of ids as overlap of one-point ranges.

    `ResourceAsRange("resource")` is the indexed expression of a booking; `ResourceAsRange(OuterRef("pk"))`
    or `ResourceAsRange(Value(pk))` is the resource to compare it with."""

    function = "int8range"
    template = "%(function)s(%(expressions)s, '[]')"
    output_field = BigIntegerRangeField()

    def __init__(self, expression="resource", **extra):
        if isinstance(expression, str):
            expression = F(expression)
        super().__init__(expression, expression, **extra)


class RangeStart(Func):
    """`lower(during)`: the start of a range, as the bookings' indexes hold it."""

    function = "lower"
    output_field = models.DateTimeField()


class BookingQuerySet(models.QuerySet):
    def overlapping(self, resource, window):
        """Pending or confirmed bookings of `resource` (a Resource, a pk, or an expression such as
        OuterRef("pk")) that overlap `window`. Written as the exclusion constraint's own expressions, so
        that PostgreSQL answers from its GiST index on both columns at once."""
        if isinstance(resource, models.Model):
            resource = resource.pk
        if isinstance(resource, int):
            resource = Value(resource, output_field=models.BigIntegerField())
        return (
            self.alias(resource_range=ResourceAsRange("resource"))
            .filter(resource_range__overlap=ResourceAsRange(resource), during__overlap=window)
            .filter(status__in=ACTIVE_STATUSES)
        )


class Booking(TimeStampedModel):
    Status = BookingStatus

    objects = BookingQuerySet.as_manager()

    # An owner that removes a resource (or is removed) takes its bookings with it; a booker's
    # organization that goes away leaves the booking as the person's own.
    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="bookings"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("booked by"), on_delete=models.PROTECT, related_name="bookings"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("on behalf of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings_made",
    )
    series = models.ForeignKey(BookingSeries, on_delete=models.CASCADE, null=True, blank=True, related_name="bookings")
    during = DateTimeRangeField(_("time"))
    status = models.CharField(_("status"), max_length=10, choices=BookingStatus.choices)
    people = models.PositiveIntegerField(_("people"), default=1)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    price = models.DecimalField(_("price, roubles"), max_digits=12, decimal_places=2, default=Decimal("0"))
    reason = models.CharField(_("reason"), max_length=500, blank=True, help_text=_("Why it was rejected or cancelled."))

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-during"]
        indexes = [
            models.Index(F("resource"), RangeStart("during"), name="booking_resource_start"),
            models.Index(F("booked_by"), RangeStart("during"), name="booking_booker_start"),
            models.Index(fields=["status"], name="booking_status", condition=Q(status=BookingStatus.PENDING)),
            # "What is taken at this time?" across all resources (the availability search).
            GistIndex(
                fields=["during"],
                include=["resource"],
                name="booking_active_during",
                condition=Q(status__in=ACTIVE_STATUSES),
            ),
        ]
        constraints = [
            ExclusionConstraint(
                name="booking_no_overlap",
                expressions=[
                    (ResourceAsRange("resource"), RangeOperators.OVERLAPS),
                    ("during", RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=ACTIVE_STATUSES),
                violation_error_message=_("This slot was just taken. Please choose another time."),
            ),
            models.CheckConstraint(
                condition=Q(during__isempty=False, during__lower_inf=False, during__upper_inf=False),
                name="booking_bounded",
            ),
            models.CheckConstraint(condition=Q(people__gte=1), name="booking_people_positive"),
            models.CheckConstraint(condition=Q(price__gte=0), name="booking_price_not_negative"),
        ]

    def __str__(self):
        return _("Booking #%(number)s") % {"number": self.pk}

    def get_absolute_url(self):
        return reverse("bookings:booking", kwargs={"pk": self.pk})

    @property
    def starts_at(self) -> datetime.datetime:
        return self.during.lower

    @property
    def ends_at(self) -> datetime.datetime:
        return self.during.upper

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class BookingEvent(models.Model):
    """Every change of a booking's status: who, when, from, to and why. Staff read it as the audit log."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    from_status = models.CharField(_("from"), max_length=10, choices=BookingStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=BookingStatus.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("booking event")
        verbose_name_plural = _("booking events")
        ordering = ["booking", "at", "pk"]

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status}"


class CalendarFeed(models.Model):
    """The secret address of a person's iCal feed of their bookings."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="booking_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)


# The equipment catalogue and market (bookings/equipment/models.py) are part of this app's models.
from bookings.equipment.models import (  # noqa: E402, F401
    Category,
    DigestState,
    EquipmentItem,
    EquipmentRequest,
    Offer,
    OfferEvent,
    RequestEvent,
    Specification,
    ThreadMessage,
)
