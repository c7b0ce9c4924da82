from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
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

    name = Localized()
    description = Localized()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_ru"]
        indexes = [
            GinIndex(fields=["capabilities"], name="org_capabilities_gin"),
            models.Index(fields=["kind", "okrug"], name="org_kind_okrug"),
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
