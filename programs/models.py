from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory.models import Industry, Okrug, Organization
from imoscow.i18n import Localized
from imoscow.models import TimeStampedModel
from imoscow.uploads import private_file_name
from programs.eligibility import Criteria
from programs.storage import private_storage


def _search_vector(*fields):
    """A stored tsvector: Russian columns with the 'russian' configuration, English ones with 'english'."""
    vector = None
    for name, weight in fields:
        config = "english" if name.endswith("_en") else "russian"
        part = SearchVector(name, config=config, weight=weight)
        vector = part if vector is None else vector + part
    return vector


class EligibilityRules(models.Model):
    """Who qualifies, stored as data. Empty means "no rule on this"; `programs.eligibility` applies them."""

    min_company_age = models.PositiveSmallIntegerField(_("company at least (years old)"), null=True, blank=True)
    max_company_age = models.PositiveSmallIntegerField(_("company at most (years old)"), null=True, blank=True)
    min_headcount = models.PositiveIntegerField(_("at least (employees)"), null=True, blank=True)
    max_headcount = models.PositiveIntegerField(_("at most (employees)"), null=True, blank=True)
    min_revenue = models.DecimalField(
        _("revenue at least (million roubles a year)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    max_revenue = models.DecimalField(
        _("revenue at most (million roubles a year)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    industries = models.ManyToManyField(
        Industry,
        verbose_name=_("industries"),
        blank=True,
        related_name="+",
        help_text=_("Companies of any of these industries qualify; none chosen means every industry."),
    )
    requires_residency = models.BooleanField(
        _("residents of a park or zone only"),
        default=False,
        help_text=_("Only residents of a technology park or special economic zone qualify."),
    )
    requires_moscow_registration = models.BooleanField(_("registered in Moscow only"), default=False)
    okrugs = ArrayField(
        models.CharField(max_length=8, choices=Okrug.choices),
        verbose_name=_("okrugs"),
        default=list,
        blank=True,
        help_text=_("Companies located in any of these okrugs qualify; none chosen means all of Moscow."),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(min_company_age__isnull=True)
                | Q(max_company_age__isnull=True)
                | Q(min_company_age__lte=F("max_company_age")),
                name="%(app_label)s_%(class)s_age_range",
            ),
            models.CheckConstraint(
                condition=Q(min_headcount__isnull=True)
                | Q(max_headcount__isnull=True)
                | Q(min_headcount__lte=F("max_headcount")),
                name="%(app_label)s_%(class)s_headcount_range",
            ),
            models.CheckConstraint(
                condition=Q(min_revenue__isnull=True)
                | Q(max_revenue__isnull=True)
                | Q(min_revenue__lte=F("max_revenue")),
                name="%(app_label)s_%(class)s_revenue_range",
            ),
        ]

    def criteria(self) -> Criteria:
        """The rules as plain values. Prefetch `industries` when doing this for many rows."""
        return Criteria(
            min_age=self.min_company_age,
            max_age=self.max_company_age,
            min_headcount=self.min_headcount,
            max_headcount=self.max_headcount,
            min_revenue=self.min_revenue,
            max_revenue=self.max_revenue,
            industries={industry.slug: industry.name for industry in self.industries.all()},
            requires_residency=self.requires_residency,
            requires_moscow_registration=self.requires_moscow_registration,
            okrugs={code: Okrug(code).label for code in self.okrugs},
        )

    @property
    def okrug_labels(self) -> list:
        return [Okrug(code).label for code in self.okrugs]


class Measure(EligibilityRules, TimeStampedModel):
    """A support measure of the city: a grant, a subsidy, a tax benefit, preferential rent, ..."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("Grant")
        SUBSIDY = "subsidy", _("Subsidy")
        TAX_BENEFIT = "tax_benefit", _("Tax benefit")
        RENT = "rent", _("Preferential rent")
        LOAN = "loan", _("Loans and guarantees")
        EXPORT = "export", _("Export support")
        CONSULTING = "consulting", _("Consulting")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_ru = models.CharField(_("summary (Russian)"), max_length=300)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    provider_ru = models.CharField(_("provider (Russian)"), max_length=200)
    provider_en = models.CharField(_("provider (English)"), max_length=200, blank=True)
    amount_min = models.DecimalField(_("amount from (roubles)"), max_digits=14, decimal_places=0, null=True, blank=True)
    amount_max = models.DecimalField(
        _("amount up to (roubles)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    amount_note_ru = models.CharField(
        _("amount note (Russian)"), max_length=200, blank=True, help_text=_("For example: up to half of the costs.")
    )
    amount_note_en = models.CharField(_("amount note (English)"), max_length=200, blank=True)
    opens_on = models.DateField(_("accepting applications from"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True, help_text=_("Empty: all year round."))
    documents_ru = models.TextField(_("documents needed (Russian)"), blank=True, help_text=_("One per line."))
    documents_en = models.TextField(_("documents needed (English)"), blank=True, help_text=_("One per line."))
    url = models.URLField(_("official page"), blank=True)
    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    search = models.GeneratedField(
        expression=_search_vector(
            ("title_ru", "A"),
            ("title_en", "A"),
            ("summary_ru", "B"),
            ("summary_en", "B"),
            ("provider_ru", "C"),
            ("provider_en", "C"),
            ("description_ru", "D"),
            ("description_en", "D"),
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    title = Localized()
    summary = Localized()
    description = Localized()
    provider = Localized()
    amount_note = Localized()
    documents = Localized()

    class Meta(EligibilityRules.Meta):
        verbose_name = _("support measure")
        verbose_name_plural = _("support measures")
        ordering = ["title_ru"]
        indexes = [
            GinIndex(fields=["search"], name="measure_search_gin"),
            GinIndex(fields=["okrugs"], name="measure_okrugs_gin"),
            models.Index(fields=["is_published", "deadline"], name="measure_published_deadline"),
        ]
        constraints = [
            *EligibilityRules.Meta.constraints,
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True) | Q(amount_max__isnull=True) | Q(amount_min__lte=F("amount_max")),
                name="measure_amount_range",
            ),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True) | Q(deadline__isnull=True) | Q(opens_on__lte=F("deadline")),
                name="measure_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:measure", kwargs={"slug": self.slug})

    @property
    def document_list(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]

    def is_accepting(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (self.opens_on is None or self.opens_on <= today) and (self.deadline is None or today <= self.deadline)


class Program(EligibilityRules, TimeStampedModel):
    """A program companies apply to, within an application window, with a form defined as data."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export promotion")
        CLUSTER = "cluster", _("Innovation cluster membership")
        OTHER = "other", _("Other")

    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text=_("An approved application to a cluster membership program makes the company a cluster participant."),
    )
    code = models.CharField(
        _("code"),
        max_length=6,
        unique=True,
        help_text=_("Two to six capital Latin letters that start the tracking numbers, e.g. EXP."),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_ru = models.CharField(_("summary (Russian)"), max_length=300)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    search = models.GeneratedField(
        expression=_search_vector(
            ("title_ru", "A"),
            ("title_en", "A"),
            ("summary_ru", "B"),
            ("summary_en", "B"),
            ("description_ru", "D"),
            ("description_en", "D"),
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    title = Localized()
    summary = Localized()
    description = Localized()

    class Meta(EligibilityRules.Meta):
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["closes_at"]
        indexes = [GinIndex(fields=["search"], name="program_search_gin")]
        constraints = [
            *EligibilityRules.Meta.constraints,
            models.CheckConstraint(condition=Q(opens_at__lt=F("closes_at")), name="program_window_in_order"),
            models.CheckConstraint(condition=Q(code__regex=r"^[A-Z]{2,6}$"), name="program_code_letters"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:program", kwargs={"slug": self.slug})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class FormField(models.Model):
    """One question of a program's application form. Staff add and change them in the admin."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Short text")
        TEXTAREA = "textarea", _("Long text")
        INTEGER = "integer", _("Whole number")
        DECIMAL = "decimal", pgettext_lazy("program", "Number")
        DATE = "date", pgettext_lazy("program", "Date")
        EMAIL = "email", _("Email address")
        URL = "url", _("Web address")
        CHOICE = "choice", _("One of a list")
        MULTIPLE_CHOICE = "multiple_choice", _("Several of a list")
        BOOLEAN = "boolean", _("Yes / no (a checkbox)")
        INDUSTRY = "industry", _("Industry")
        DOCUMENT = "document", _("Document (PDF, at most 10 MB)")

    CHOICE_KINDS = (Kind.CHOICE, Kind.MULTIPLE_CHOICE)

    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField(
        _("key"),
        max_length=40,
        help_text=_(
            "Small Latin letters, digits and underscores, starting with a letter; it names the answer in exports. "
            "Cluster programs use the keys cluster_role and industry."
        ),
        validators=[
            RegexValidator(r"^[a-z][a-z0-9_]*$", _("Start with a small Latin letter; then letters, digits, _."))
        ],
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.TEXT)
    label_ru = models.CharField(_("label (Russian)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True)
    help_ru = models.CharField(_("help text (Russian)"), max_length=300, blank=True)
    help_en = models.CharField(_("help text (English)"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=True)
    choices = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("For list types, one per line: value | Russian label | English label."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    label = Localized()
    help = Localized()

    class Meta:
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        ordering = ["program", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "key"], name="form_field_key_unique_per_program"),
            models.CheckConstraint(condition=Q(key__regex=r"^[a-z][a-z0-9_]*$"), name="form_field_key_format"),
        ]

    def __str__(self):
        return self.label

    def choice_list(self) -> list[tuple[str, str]]:
        """(value, label in the active language) for each line of `choices`."""
        from django.utils.translation import get_language

        english = (get_language() or "ru").startswith("en")
        result = []
        for line in self.choices.splitlines():
            parts = [part.strip() for part in line.split("|")]
            if not parts[0]:
                continue
            label_ru = parts[1] if len(parts) > 1 and parts[1] else parts[0]
            label_en = parts[2] if len(parts) > 2 and parts[2] else label_ru
            result.append((parts[0], label_en if english else label_ru))
        return result

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.kind in self.CHOICE_KINDS and not self.choice_list():
            raise ValidationError({"choices": _("A list type needs at least one choice.")})

    @property
    def is_document(self) -> bool:
        return self.kind == self.Kind.DOCUMENT


class ScreeningQuestion(models.Model):
    """A yes/no question asked before the form; the wrong answer means the company cannot qualify."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="screening_questions"
    )
    text_ru = models.CharField(_("question (Russian)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    required_answer = models.BooleanField(_("qualifying answer is yes"), default=True)
    explanation_ru = models.CharField(
        _("why it matters (Russian)"),
        max_length=300,
        blank=True,
        help_text=_("Shown to companies that do not qualify."),
    )
    explanation_en = models.CharField(_("why it matters (English)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    text = Localized()
    explanation = Localized()

    class Meta:
        verbose_name = _("screening question")
        verbose_name_plural = _("screening questions")
        ordering = ["program", "position", "pk"]

    def __str__(self):
        return self.text

    @property
    def key(self) -> str:
        return f"q{self.pk}"


class Application(TimeStampedModel):
    """An organization's application to a program. Its status changes only in `programs.services`."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        INFO_REQUESTED = "info_requested", _("Information requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    ACTIVE = (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.INFO_REQUESTED)
    EDITABLE = (Status.DRAFT, Status.INFO_REQUESTED)
    FINAL = (Status.APPROVED, Status.REJECTED)

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="applications"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="program_applications"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    tracking_number = models.CharField(_("tracking number"), max_length=24, null=True, blank=True, unique=True)
    data = models.JSONField(_("answers"), default=dict, blank=True)
    screening = models.JSONField(_("screening answers"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("program", "application")
        verbose_name_plural = pgettext_lazy("program", "applications")
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["organization", "status"], name="application_org_status"),
            models.Index(fields=["status", "submitted_at"], name="application_status_submitted"),
            models.Index(fields=["program", "status"], name="application_program_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "organization"],
                condition=Q(status__in=["draft", "submitted", "in_review", "info_requested"]),
                name="application_one_active_per_program",
                violation_error_message=_("The organization already has an application to this program in progress."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(tracking_number__isnull=False, submitted_at__isnull=False),
                name="application_submitted_has_number",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["approved", "rejected"], decided_at__isnull=False)
                | (~Q(status__in=["approved", "rejected"]) & Q(decided_at__isnull=True)),
                name="application_decided_when_final",
            ),
        ]

    def __str__(self):
        return self.tracking_number or _("Draft application #%(pk)s") % {"pk": self.pk}

    def get_absolute_url(self):
        return reverse("programs:application", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class ApplicationEvent(models.Model):
    """One step of an application's life: who moved it, when, from which status to which, and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(_("from"), max_length=16, choices=Application.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Application.Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    created = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = pgettext_lazy("program", "application event")
        verbose_name_plural = pgettext_lazy("program", "application events")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["application", "created"], name="application_event_timeline")]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"


class ApplicationChange(models.Model):
    """Who changed which answer of an application, from what to what."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    field_key = models.CharField(_("field"), max_length=40)
    field_label = models.CharField(_("field label"), max_length=200)
    old_value = models.JSONField(_("before"), null=True, blank=True)
    new_value = models.JSONField(_("after"), null=True, blank=True)
    created = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("change of an answer")
        verbose_name_plural = _("changes of answers")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["application", "-created"], name="application_change_history")]

    def __str__(self):
        return self.field_label


def _document_path(instance, filename):
    return f"programs/{instance.application_id}/{private_file_name('pdf')}"


class ApplicationDocument(models.Model):
    """A required document of an application, checked to be a PDF, kept where only a view can serve it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    field = models.ForeignKey(FormField, verbose_name=_("document"), on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("file"), storage=private_storage, upload_to=_document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["application", "field"], name="one_document_per_field"),
            models.CheckConstraint(condition=Q(size__lte=10 * 1024 * 1024), name="document_at_most_10_mb"),
        ]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("programs:document", kwargs={"pk": self.application_id, "document_pk": self.pk})


class ClusterParticipant(TimeStampedModel):
    """A member of the Moscow innovation cluster, admitted by an approved application."""

    class Role(models.TextChoices):
        RESEARCHER = "researcher", _("Researcher")
        DEVELOPER = "developer", _("Developer")
        MANUFACTURER = "manufacturer", _("Manufacturer")
        INVESTOR = "investor", _("Investor")
        INTEGRATOR = "integrator", _("Integrator")
        SERVICE_PROVIDER = "service_provider", _("Service provider")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure")
        EDUCATION = "education", _("Education")

    organization = models.OneToOneField(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="cluster_participant"
    )
    application = models.OneToOneField(
        Application,
        verbose_name=pgettext_lazy("program", "application"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participant",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    industry = models.ForeignKey(Industry, verbose_name=_("industry"), on_delete=models.PROTECT, related_name="+")
    # Copied from the organization when admitted, so the public list filters on its own indexed columns.
    okrug = models.CharField(_("okrug"), max_length=8, choices=Okrug.choices, blank=True)
    joined_at = models.DateTimeField(_("member since"), default=timezone.now)

    class Meta:
        verbose_name = _("cluster participant")
        verbose_name_plural = _("cluster participants")
        ordering = ["-joined_at", "-pk"]
        indexes = [
            models.Index(fields=["-joined_at", "-id"], name="participant_joined"),
            models.Index(fields=["role", "-joined_at", "-id"], name="participant_role_joined"),
            models.Index(fields=["industry", "-joined_at", "-id"], name="participant_ind_joined"),
            models.Index(fields=["okrug", "-joined_at", "-id"], name="participant_okrug_joined"),
            models.Index(fields=["role", "industry", "okrug"], name="participant_role_ind_okrug"),
        ]

    def __str__(self):
        return str(self.organization)
