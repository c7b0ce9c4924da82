"""The equipment catalogue and its market: items, requests (demand) and offers (supply).

An equipment item is a `bookings.Resource` of kind equipment plus the details below; when the item is
time-bookable, an accepted offer becomes an ordinary booking made by the booking engine, unchanged.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Accreditation, Okrug, Organization
from imoscow.i18n import Localized
from imoscow.models import TimeStampedModel


class Category(models.Model):
    """A node of the equipment category tree (a few dozen rows, read whole and cached per request)."""

    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    name = Localized()

    class Meta:
        app_label = "bookings"
        verbose_name = _("equipment category")
        verbose_name_plural = _("equipment categories")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="equipment_category_not_own_parent"),
        ]

    def __str__(self):
        return self.name


class EquipmentPriceUnit(models.TextChoices):
    HOUR = "hour", _("per hour")
    DAY = "day", _("per day")
    SAMPLE = "sample", _("per sample")
    PIECE = "piece", _("per piece")
    JOB = "job", _("per job")
    NEGOTIABLE = "negotiable", _("by agreement")


class EquipmentItem(TimeStampedModel):
    """Details of a piece of equipment; its name, owner, description and booking rules live on the Resource."""

    PriceUnit = EquipmentPriceUnit

    resource = models.OneToOneField(
        "bookings.Resource",
        verbose_name=_("resource"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="equipment",
    )
    # Copied from the resource so the catalogue filters and orders on one table.
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="equipment_items")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="items")
    manufacturer = models.CharField(_("manufacturer"), max_length=120, blank=True)
    model_name = models.CharField(_("model"), max_length=120, blank=True)
    time_bookable = models.BooleanField(
        _("booked by the hour"),
        default=True,
        help_text=_("Customers book time slots in the calendar; otherwise each order is agreed as a deal."),
    )
    with_operator = models.BooleanField(_("with an operator"), default=False)
    price = models.DecimalField(
        _("price, roubles"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    price_unit = models.CharField(
        _("price unit"), max_length=10, choices=EquipmentPriceUnit.choices, default=EquipmentPriceUnit.HOUR
    )
    minimum_order = models.CharField(_("minimum order"), max_length=120, blank=True)
    lead_days = models.PositiveSmallIntegerField(_("lead time, days"), default=0)
    accreditation = models.CharField(
        _("accreditation"),
        max_length=16,
        choices=Accreditation.Standard.choices,
        blank=True,
        help_text=_("For a test laboratory: the standard it is accredited to."),
    )
    okrug = models.CharField(_("okrug"), max_length=8, choices=Okrug.choices, blank=True)
    is_active = models.BooleanField(_("listed"), default=True)
    # Resource name and description and the specification rows, written by the services.
    search_text_ru = models.TextField(blank=True, editable=False)
    search_text_en = models.TextField(blank=True, editable=False)
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("search_text_ru", config="russian", weight="A")
            + SearchVector("search_text_en", config="english", weight="A")
            + SearchVector("manufacturer", config="english", weight="B")
            + SearchVector("model_name", config="english", weight="B")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        app_label = "bookings"
        verbose_name = _("equipment item")
        verbose_name_plural = _("equipment items")
        ordering = ["-created", "-pk"]
        indexes = [
            GinIndex(fields=["search_vector"], name="equipment_search_vector"),
            models.Index(
                F("created").desc(), F("resource").desc(), name="equipment_recent", condition=Q(is_active=True)
            ),
            models.Index(fields=["category", "is_active"], name="equipment_category"),
            models.Index(fields=["okrug", "is_active"], name="equipment_okrug"),
            models.Index(fields=["organization", "is_active"], name="equipment_owner"),
            models.Index(fields=["price"], name="equipment_price"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_unit=EquipmentPriceUnit.NEGOTIABLE) | Q(price__isnull=False, price__gt=0),
                name="equipment_price_given",
            ),
        ]

    def __str__(self):
        return str(self.resource)

    def get_absolute_url(self):
        return reverse("bookings:equipment:item", kwargs={"pk": self.pk})


class Specification(models.Model):
    item = models.ForeignKey(EquipmentItem, on_delete=models.CASCADE, related_name="specifications")
    name = models.CharField(_("parameter"), max_length=120)
    value = models.CharField(_("value"), max_length=120)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        app_label = "bookings"
        verbose_name = _("specification")
        verbose_name_plural = _("specifications")
        ordering = ["item", "position", "pk"]
        indexes = [models.Index(models.functions.Lower("name"), "item", name="equipment_spec_name")]

    def __str__(self):
        return f"{self.name}: {self.value} {self.unit}".strip()


class RequestVisibility(models.TextChoices):
    PUBLIC = "public", _("everyone")
    VERIFIED = "verified", _("verified owners only")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACCEPTED = "accepted", _("offer accepted")
    CANCELLED = "cancelled", _("cancelled")


class EquipmentRequest(TimeStampedModel):
    """What someone needs: "a climate chamber from -40 to +85 °C for 3 days in March"."""

    Status = RequestStatus
    Visibility = RequestVisibility

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="equipment_requests")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("on behalf of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="equipment_requests",
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="requests"
    )
    title = models.CharField(_("what you need"), max_length=200)
    text = models.TextField(_("details"), blank=True)
    spec_name = models.CharField(
        _("key parameter"),
        max_length=120,
        blank=True,
        help_text=_("A specification the equipment must list, e.g. “temperature range”."),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    okrug = models.CharField(_("okrug"), max_length=8, choices=Okrug.choices, blank=True)
    budget = models.DecimalField(_("budget, roubles"), max_digits=12, decimal_places=2, null=True, blank=True)
    visibility = models.CharField(
        _("shown to"), max_length=8, choices=RequestVisibility.choices, default=RequestVisibility.PUBLIC
    )
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)

    class Meta:
        app_label = "bookings"
        verbose_name = _("equipment request")
        verbose_name_plural = _("equipment requests")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(
                fields=["category", "-created"], name="eq_request_open_category", condition=Q(status=RequestStatus.OPEN)
            ),
            models.Index(
                F("created").desc(),
                F("id").desc(),
                name="eq_request_open_recent",
                condition=Q(status=RequestStatus.OPEN),
            ),
            models.Index(fields=["author", "-created"], name="eq_request_author"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="eq_request_dates_ordered"),
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gt=0), name="eq_request_budget"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("bookings:equipment:request", kwargs={"pk": self.pk})


class OfferStatus(models.TextChoices):
    PENDING = "pending", _("awaiting the requester")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Offer(TimeStampedModel):
    """An owner's answer to a request: one of its items, a price, dates and a message."""

    Status = OfferStatus

    request = models.ForeignKey(EquipmentRequest, on_delete=models.CASCADE, related_name="offers")
    item = models.ForeignKey(
        EquipmentItem, verbose_name=_("equipment"), on_delete=models.CASCADE, related_name="offers"
    )
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="equipment_offers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="equipment_offers")
    price = models.DecimalField(
        _("price, roubles"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.PENDING)
    booking = models.OneToOneField(
        "bookings.Booking", on_delete=models.SET_NULL, null=True, blank=True, related_name="equipment_offer"
    )

    class Meta:
        app_label = "bookings"
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["request", "created", "pk"]
        indexes = [models.Index(fields=["organization", "-created"], name="eq_offer_owner")]
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=Q(status=OfferStatus.ACCEPTED), name="eq_offer_one_accepted"
            ),
            models.UniqueConstraint(
                fields=["request", "item"],
                condition=Q(status=OfferStatus.PENDING),
                name="eq_offer_one_pending_per_item",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="eq_offer_dates_ordered"),
            models.CheckConstraint(condition=Q(price__gte=0), name="eq_offer_price"),
        ]

    def __str__(self):
        return f"{self.organization} → {self.request}"

    @property
    def is_deal(self) -> bool:
        return self.status == OfferStatus.ACCEPTED and self.booking_id is None


class RequestEvent(models.Model):
    request = models.ForeignKey(EquipmentRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)
    from_status = models.CharField(_("from"), max_length=10, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=RequestStatus.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        app_label = "bookings"
        ordering = ["request", "at", "pk"]

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status}"


class OfferEvent(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)
    from_status = models.CharField(_("from"), max_length=10, choices=OfferStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=OfferStatus.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        app_label = "bookings"
        ordering = ["offer", "at", "pk"]

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status}"


class ThreadMessage(TimeStampedModel):
    """One message of the conversation between a requester and one offering organization."""

    request = models.ForeignKey(EquipmentRequest, on_delete=models.CASCADE, related_name="messages")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))

    class Meta:
        app_label = "bookings"
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["request", "organization", "created", "pk"]
        indexes = [models.Index(fields=["request", "organization", "created"], name="eq_thread")]


class DigestState(models.Model):
    """When a user last got the equipment digest."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        app_label = "bookings"

    def __str__(self):
        return f"{self.user_id}: {self.sent_at:%Y-%m-%d %H:%M}"
