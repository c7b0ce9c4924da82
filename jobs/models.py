from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory.models import Industry, Okrug, Organization
from imoscow.models import TimeStampedModel
from jobs.storage import private_storage


class Profile(models.TextChoices):
    """The kind of work, a fixed taxonomy every vacancy belongs to."""

    SOFTWARE = "software", _("Software development")
    HARDWARE = "hardware", _("Hardware and electronics")
    ENGINEERING = "engineering", _("Engineering")
    RESEARCH = "research", _("R&D and science")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    DESIGN = "design", pgettext_lazy("kind of work", "Design")
    DATA_AI = "data_ai", _("Data and AI")
    QUALITY = "quality", _("Testing and quality")
    SALES_MARKETING = "sales_marketing", _("Sales and marketing")
    MANAGEMENT = "management", _("Management")
    OPERATIONS = "operations", _("Administration and finance")


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    INTERNSHIP = "internship", _("Internship")
    PROJECT = "project", _("Project work")


class Experience(models.TextChoices):
    NONE = "none", _("No experience")
    ONE_TO_THREE = "1_3", _("1–3 years")
    THREE_TO_SIX = "3_6", _("3–6 years")
    SIX_PLUS = "6_plus", _("More than 6 years")


class WorkFormat(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    HYBRID = "hybrid", _("Hybrid")
    REMOTE = "remote", _("Remote")


def _search_vector(*columns):
    """A stored tsvector of `columns` ((column, weight) pairs) in the `russian` configuration.

    One configuration serves both languages: PostgreSQL's `russian` configuration stems Cyrillic words with
    the Russian Snowball stemmer and ASCII words with the English one (and drops English stop words), so
    "инженера" finds "Инженер" and "developers" finds "Developer". A second, `english` vector would double
    the stored size and the work on every insert and add only unstemmed copies of Russian words.
    """
    vectors = [SearchVector(column, config="russian", weight=weight) for column, weight in columns]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


class Vacancy(TimeStampedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        MODERATION = "moderation", _("On moderation")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    company = models.ForeignKey(
        Organization,
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="vacancies",
        db_index=False,  # vacancy_company_state starts with the company
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"),
        help_text=_("Markdown: **bold**, *italic*, lists with “-”, links, empty line between paragraphs."),
    )
    description_html = models.TextField(_("description as HTML"), editable=False)
    profile = models.CharField(_("profile"), max_length=20, choices=Profile.choices)
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("line of business"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vacancies",
    )
    park = models.ForeignKey(
        Organization,
        verbose_name=_("technology park or zone"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="park_vacancies",
        help_text=_("Where the company is a resident; taken from the company's profile."),
    )
    okrug = models.CharField(_("okrug"), max_length=8, choices=Okrug.choices, blank=True)
    work_format = models.CharField(_("work format"), max_length=8, choices=WorkFormat.choices)
    salary_min = models.PositiveIntegerField(_("salary from, roubles a month"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("salary up to, roubles a month"), null=True, blank=True)
    # The most a vacancy offers: what "salary from" filters and "by salary" sorts on.
    salary_top = models.GeneratedField(
        expression=Coalesce("salary_max", "salary_min"),
        output_field=models.PositiveIntegerField(null=True),
        db_persist=True,
    )
    employment_type = models.CharField(_("employment type"), max_length=12, choices=EmploymentType.choices)
    experience = models.CharField(_("experience"), max_length=8, choices=Experience.choices)
    skills = models.CharField(_("skills"), max_length=500, blank=True, help_text=_("Separated by commas."))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    expires_at = models.DateTimeField(_("open until"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    # What the text search matches (GIN-indexed; large, so PostgreSQL keeps it out of the row) ...
    search = models.GeneratedField(
        expression=_search_vector(("title", "A"), ("skills", "B"), ("description", "C")),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # ... and what it ranks by: the title and the skills, small enough to stay in the row (see migration 0002).
    search_head = models.GeneratedField(
        expression=_search_vector(("title", "A"), ("skills", "B")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-published_at", "-pk"]
        _published = models.Q(state="published")
        indexes = [
            GinIndex(fields=["search"], name="vacancy_search_gin", condition=_published),
            models.Index(fields=["-published_at", "-id"], name="vacancy_published_date", condition=_published),
            models.Index(
                models.F("salary_top").desc(nulls_last=True),
                models.F("published_at").desc(),
                name="vacancy_published_salary",
                condition=_published,
            ),
            models.Index(fields=["profile", "-published_at"], name="vacancy_profile", condition=_published),
            models.Index(fields=["okrug"], name="vacancy_okrug", condition=_published),
            models.Index(fields=["work_format"], name="vacancy_work_format", condition=_published),
            models.Index(fields=["employment_type"], name="vacancy_employment", condition=_published),
            models.Index(fields=["experience"], name="vacancy_experience", condition=_published),
            # Facet counts of searches without words read only this index (an index-only scan).
            models.Index(
                fields=["expires_at"],
                include=[
                    "profile",
                    "industry",
                    "park",
                    "okrug",
                    "work_format",
                    "employment_type",
                    "experience",
                    "salary_top",
                    "published_at",
                    "company",
                ],
                name="vacancy_open_facets",
                condition=_published,
            ),
            models.Index(fields=["company", "state", "-published_at"], name="vacancy_company_state"),
            models.Index(fields=["state", "expires_at"], name="vacancy_state_expiry"),
            models.Index(fields=["updated"], name="vacancy_updated"),  # the search's cache version
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_min__lte=models.F("salary_max")),
                name="vacancy_salary_min_le_max",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="published") | models.Q(published_at__isnull=False, expires_at__isnull=False),
                name="vacancy_published_has_dates",
            ),
        ]
        del _published

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("jobs:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        """Published and inside its open period: it is shown in search and accepts applications."""
        from django.utils import timezone

        return self.state == self.State.PUBLISHED and self.expires_at is not None and self.expires_at > timezone.now()

    # Labels of the choice fields. Model.get_FOO_display() translates every choice of the field on each
    # call; a result list shows five labels for twenty vacancies, so these look up one label each.
    @property
    def profile_label(self):
        return Profile(self.profile).label

    @property
    def work_format_label(self):
        return WorkFormat(self.work_format).label

    @property
    def employment_type_label(self):
        return EmploymentType(self.employment_type).label

    @property
    def experience_label(self):
        return Experience(self.experience).label

    @property
    def okrug_label(self):
        return Okrug(self.okrug).label if self.okrug else ""

    @property
    def skill_list(self) -> list[str]:
        return [skill.strip() for skill in self.skills.split(",") if skill.strip()]

    @property
    def alert_summary(self) -> str:
        """One line under the title in alert emails."""
        parts = [self.company.name, self.work_format_label]
        if self.salary_min or self.salary_max:
            parts.append(self.salary_text)
        return " · ".join(str(part) for part in parts if part)

    @property
    def salary_text(self) -> str:
        from django.contrib.humanize.templatetags.humanize import intcomma

        low, high = self.salary_min, self.salary_max
        if low and high and low != high:
            return _("%(low)s–%(high)s ₽") % {"low": intcomma(low), "high": intcomma(high)}
        if low and not high:
            return _("from %(low)s ₽") % {"low": intcomma(low)}
        if high and not low:
            return _("up to %(high)s ₽") % {"high": intcomma(high)}
        if low:
            return _("%(low)s ₽") % {"low": intcomma(low)}
        return ""


class VacancyEvent(models.Model):
    """Every change of a vacancy's state: who, when, from, to, why. Staff read it as the audit log."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    from_state = models.CharField(_("from"), max_length=12, choices=Vacancy.State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=Vacancy.State.choices)
    comment = models.TextField(_("comment"), blank=True)
    created = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("vacancy event")
        verbose_name_plural = _("vacancy events")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["vacancy", "created"], name="vacancy_event_vacancy")]

    def __str__(self):
        return f"{self.vacancy_id}: {self.from_state} → {self.to_state}"


class Application(TimeStampedModel):
    """A candidate's response to a vacancy: a cover letter and a resume file or a link to a profile."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        VIEWED = "viewed", _("Viewed")
        INVITED = "invited", _("Invited to an interview")
        REJECTED = "rejected", _("Declined")

    vacancy = models.ForeignKey(
        Vacancy,
        verbose_name=_("vacancy"),
        on_delete=models.CASCADE,
        related_name="applications",
        db_index=False,  # the unique constraint's index starts with the vacancy
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="job_applications",
        db_index=False,  # application_candidate starts with the candidate
    )
    cover_letter = models.TextField(_("cover letter"), blank=True)
    resume = models.FileField(_("resume"), storage=private_storage, upload_to="resumes/", blank=True, max_length=200)
    resume_kind = models.CharField(_("resume format"), max_length=4, blank=True)
    profile_url = models.URLField(_("profile link"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["vacancy", "status", "-created"], name="application_vacancy_status"),
            models.Index(fields=["candidate", "-created"], name="application_candidate"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "candidate"], name="application_once_per_candidate"),
            models.CheckConstraint(
                condition=~models.Q(resume="") | ~models.Q(profile_url=""), name="application_has_resume_or_link"
            ),
        ]

    def __str__(self):
        return f"{self.candidate} → {self.vacancy}"

    def get_absolute_url(self):
        return reverse("jobs:application", kwargs={"pk": self.pk})


class ApplicationEvent(models.Model):
    """Every change of an application's status, for the candidate's and the company's history."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    from_status = models.CharField(_("from"), max_length=10, choices=Application.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=Application.Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    created = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["created", "pk"]

    def __str__(self):
        return f"{self.application_id}: {self.from_status} → {self.to_status}"
