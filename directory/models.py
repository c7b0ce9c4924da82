from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from imoscow.i18n import Localized
from imoscow.models import TimeStampedModel


class Okrug(models.TextChoices):
    """Moscow's twelve administrative okrugs."""

    CENTRAL = "cao", _("Central")
    NORTHERN = "sao", _("Northern")
    NORTH_EASTERN = "svao", _("North-Eastern")
    EASTERN = "vao", _("Eastern")
    SOUTH_EASTERN = "yuvao", _("South-Eastern")
    SOUTHERN = "yuao", _("Southern")
    SOUTH_WESTERN = "yuzao", _("South-Western")
    WESTERN = "zao", _("Western")
    NORTH_WESTERN = "szao", _("North-Western")
    ZELENOGRAD = "zelao", _("Zelenogradsky")
    NOVOMOSKOVSKY = "nao", _("Novomoskovsky")
    TROITSKY = "tao", _("Troitsky")


class Capability(models.TextChoices):
    """What an organization can do for a product on its way to market."""

    DESIGN = "design", _("Design")
    PROTOTYPE = "prototype", _("Prototyping")
    TEST = "test", _("Testing")
    CERTIFY = "certify", _("Certification")
    PILOT_PRODUCTION = "pilot_production", _("Pilot production")


class Industry(models.Model):
    """A line of business, shared by the directory, the job board and the incentives."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    name = Localized()

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["name_ru"]

    def __str__(self):
        return self.name


class Organization(TimeStampedModel):
    class Kind(models.TextChoices):
        TECHNOPARK = "technopark", _("Technology park")
        ECONOMIC_ZONE = "economic_zone", _("Special economic zone")
        COWORKING = "coworking", _("Coworking space")
        RESEARCH_CENTRE = "research_centre", _("Research centre")
        CERTIFICATION_BODY = "certification_body", _("Certification body")
        LABORATORY = "laboratory", _("Laboratory")
        YOUTH_CENTRE = "youth_centre", _("Youth innovation centre")
        COMPANY = "company", _("Hi-tech company")
        UNIVERSITY = "university", _("University")

    # Kinds that host resident companies.
    HOST_KINDS = (Kind.TECHNOPARK, Kind.ECONOMIC_ZONE)

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, db_index=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    okrug = models.CharField(_("okrug"), max_length=8, choices=Okrug.choices, blank=True, db_index=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    founded_year = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    headcount = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    capabilities = ArrayField(
        models.CharField(max_length=20, choices=Capability.choices),
        verbose_name=_("capabilities"),
        default=list,
        blank=True,
    )
    industries = models.ManyToManyField(
        Industry, verbose_name=_("industries"), related_name="organizations", blank=True
    )
    park = models.ForeignKey(
        "self",
        verbose_name=_("resident of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
        limit_choices_to={"kind__in": HOST_KINDS},
        help_text=_("The technology park or special economic zone this organization is a resident of."),
    )
    is_verified = models.BooleanField(_("verified"), default=False, db_index=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # Words for the kind, the capabilities and the industries in both languages. Industries are a
    # many-to-many relation, which a generated column cannot read, so the directory's services keep
    # this column in step (directory.search.search_terms computes it; never write it by hand).
    search_terms = models.TextField(_("search terms"), blank=True, default="", editable=False)
    # The full-text document: names weigh most, then kind/capabilities/industries, then descriptions.
    # Russian text through the 'russian' configuration, English through 'english'; the 'russian'
    # configuration stems Latin words with the English stemmer, so search_terms needs only that one.
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("name_ru", config="russian", weight="A")
            + SearchVector("name_en", config="english", weight="A")
            + SearchVector("search_terms", config="russian", weight="B")
            + SearchVector("description_ru", config="russian", weight="C")
            + SearchVector("description_en", config="english", weight="C")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    name = Localized()
    description = Localized()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_ru"]
        indexes = [
            GinIndex(fields=["capabilities"], name="org_capabilities_gin"),
            models.Index(fields=["kind", "okrug"], name="org_kind_okrug"),
            GinIndex(fields=["search_vector"], name="org_search_vector_gin"),
            # The capability facet groups by the whole set of capabilities: answered from this index alone.
            models.Index(fields=["capabilities"], name="org_capabilities_btree"),
            # The directory's default order (verified first, then by name) without sorting every row.
            models.Index(models.F("is_verified").desc(), "name_ru", "id", name="org_verified_name_ru"),
            models.Index(
                models.F("is_verified").desc(),
                Coalesce(NullIf("name_en", models.Value("")), "name_ru"),
                "id",
                name="org_verified_name_en",
            ),
            models.Index(models.F("created").desc(), "id", name="org_newest"),
            # How many organizations the map could show, answered from this small index.
            models.Index(
                fields=["id"],
                condition=models.Q(latitude__isnull=False, longitude__isnull=False),
                name="org_located",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__range=(-90, 90)),
                name="org_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__range=(-180, 180)),
                name="org_longitude_range",
            ),
            models.CheckConstraint(condition=~models.Q(park=models.F("pk")), name="org_not_resident_of_itself"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:detail", kwargs={"slug": self.slug})

    @property
    def capability_labels(self) -> list[str]:
        return [Capability(value).label for value in self.capabilities]

    # One label each, where get_FOO_display() would translate every choice: list pages show many rows.
    @property
    def kind_label(self):
        return self.Kind(self.kind).label

    @property
    def okrug_label(self):
        return Okrug(self.okrug).label if self.okrug else ""

    @property
    def hosts_residents(self) -> bool:
        return self.kind in self.HOST_KINDS


class Accreditation(models.Model):
    """A certifier's or laboratory's accreditation to a standard."""

    class Standard(models.TextChoices):
        GOST_R = "gost_r", _("GOST R certification system")
        ISO_17025 = "iso_17025", _("ISO/IEC 17025 (testing laboratories)")
        ISO_17065 = "iso_17065", _("ISO/IEC 17065 (product certification)")
        ISO_9001 = "iso_9001", _("ISO 9001 (quality management)")
        ISO_13485 = "iso_13485", _("ISO 13485 (medical devices)")
        EAEU_TR = "eaeu_tr", _("EAEU technical regulations")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="accreditations")
    standard = models.CharField(_("standard"), max_length=16, choices=Standard.choices, db_index=True)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        constraints = [
            models.UniqueConstraint(fields=["organization", "standard"], name="accreditation_once_per_standard"),
        ]

    def __str__(self):
        return f"{self.organization} — {self.get_standard_display()}"


class Membership(TimeStampedModel):
    """A user's role in an organization: what they may do on its behalf."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        EDITOR = "editor", _("Editor")
        RECRUITER = "recruiter", _("Recruiter")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_once_per_organization"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.organization} ({self.get_role_display()})"


class ResidencyRequest(TimeStampedModel):
    """An organization asks to become a resident of a technology park or economic zone.

    The park's administrators (or staff) approve or reject it; the applicant may withdraw it while it
    is pending; an approved residency ends when either side ends it. Every change is a ResidencyEvent.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ENDED = "ended", _("Ended")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="residency_requests",
    )
    park = models.ForeignKey(
        Organization,
        verbose_name=_("park or zone"),
        on_delete=models.CASCADE,
        related_name="residency_applications",
        limit_choices_to={"kind__in": Organization.HOST_KINDS},
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(_("message"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("residency request")
        verbose_name_plural = _("residency requests")
        ordering = ["-created"]
        indexes = [models.Index(fields=["park", "status", "-created"], name="residency_park_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(status="pending"),
                name="residency_one_pending_request",
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(status="approved"),
                name="residency_one_current_park",
            ),
            models.CheckConstraint(condition=~models.Q(organization=models.F("park")), name="residency_not_in_itself"),
        ]

    def __str__(self):
        return f"{self.organization} → {self.park} ({self.get_status_display()})"


class ResidencyEvent(TimeStampedModel):
    """One step in a residency request's life: who moved it, when, from which status to which."""

    request = models.ForeignKey(
        ResidencyRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(_("from"), max_length=12, choices=ResidencyRequest.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=ResidencyRequest.Status.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("residency event")
        verbose_name_plural = _("residency events")
        ordering = ["created", "pk"]

    def __str__(self):
        return f"{self.request_id}: {self.from_status or '∅'} → {self.to_status}"
