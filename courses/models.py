"""Children's technology classes of youth centres: courses, groups with a weekly schedule, children and
their enrollments with an ordered waitlist.

Who may change what, and every state change, lives in `courses/services.py`; these models hold the data
and the rules that protect it (age range, capacity, term dates, one active enrollment per child and group).
"""

import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Okrug, Organization
from imoscow.i18n import Localized
from imoscow.models import TimeStampedModel


class Topic(models.TextChoices):
    ROBOTICS = "robotics", _("Robotics")
    PROGRAMMING = "programming", _("Programming")
    MODELLING = "modelling", _("3D modelling and printing")
    ELECTRONICS = "electronics", _("Electronics")
    DRONES = "drones", _("Drones")
    BIOTECH = "biotech", _("Biotechnology")
    VR_AR = "vr_ar", _("VR and AR")
    AI = "ai", _("Artificial intelligence")
    SPACE = "space", _("Space technology")
    CHEMISTRY = "chemistry", _("Chemistry and new materials")


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Course(TimeStampedModel):
    """A class a youth centre teaches, e.g. "Robotics on Arduino, 10-14 years"."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("youth centre"),
        on_delete=models.CASCADE,
        related_name="courses",
        limit_choices_to={"kind": Organization.Kind.YOUTH_CENTRE},
    )
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.BEGINNER)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices, default=Format.IN_PERSON)
    min_age = models.PositiveSmallIntegerField(_("minimum age"))
    max_age = models.PositiveSmallIntegerField(_("maximum age"))
    price_per_month = models.DecimalField(
        _("price per month, roubles"),
        max_digits=8,
        decimal_places=0,
        default=0,
        help_text=_("0 means the course is free."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    okrug = models.CharField(_("okrug"), max_length=8, choices=Okrug.choices, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    search = models.GeneratedField(
        expression=(
            SearchVector("title_ru", config="russian", weight="A")
            + SearchVector("description_ru", config="russian", weight="C")
            + SearchVector("title_en", config="english", weight="A")
            + SearchVector("description_en", config="english", weight="C")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    title = Localized()
    description = Localized()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title_ru", "pk"]
        indexes = [
            GinIndex(fields=["search"], name="course_search_gin"),
            models.Index(fields=["topic", "min_age", "max_age"], name="course_topic_age"),
            # The finder counts published courses for an age without reading the wide rows.
            models.Index(
                fields=["max_age", "min_age"],
                include=["id"],
                condition=models.Q(is_published=True),
                name="course_published_age",
            ),
            models.Index(fields=["okrug", "price_per_month"], name="course_okrug_price"),
            models.Index(fields=["title_ru", "id"], name="course_title_ru"),
            models.Index(fields=["title_en", "id"], name="course_title_en"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(min_age__lte=models.F("max_age")), name="course_age_range"),
            models.CheckConstraint(condition=models.Q(min_age__gte=3, max_age__lte=18), name="course_ages_of_children"),
            models.CheckConstraint(condition=models.Q(price_per_month__gte=0), name="course_price_not_negative"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:detail", kwargs={"pk": self.pk})

    @property
    def is_free(self) -> bool:
        return self.price_per_month == 0

    # One label each, where get_FOO_display() would translate every choice: list pages show many rows.
    @property
    def topic_label(self):
        return Topic(self.topic).label

    @property
    def level_label(self):
        return Level(self.level).label

    @property
    def format_label(self):
        return Format(self.format).label

    @property
    def okrug_label(self):
        return Okrug(self.okrug).label if self.okrug else ""


class Group(TimeStampedModel):
    """One class of a course: its weekly schedule, term, teacher and number of seats."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="groups", db_index=False
    )
    name = models.CharField(_("group name"), max_length=80, help_text=_("For example, “Group A” or “Saturday”."))
    teacher = models.CharField(_("teacher"), max_length=120)
    capacity = models.PositiveSmallIntegerField(_("seats"))
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["starts_on", "name", "pk"]
        indexes = [models.Index(fields=["course", "ends_on"], name="group_course_open")]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="group_capacity_positive"),
            models.CheckConstraint(condition=models.Q(starts_on__lte=models.F("ends_on")), name="group_term_order"),
        ]

    def __str__(self):
        return f"{self.course} — {self.name}"

    def schedule_text(self) -> str:
        """ "Tuesday 16:00–17:30, Thursday 16:00–17:30" from prefetched slots."""
        return ", ".join(str(slot) for slot in self.slots.all())

    @property
    def seats_left(self) -> int:
        """Needs the `enrolled_count` annotation of `courses.selectors.groups_with_seats`."""
        return max(self.capacity - self.enrolled_count, 0)

    def is_open(self, today: datetime.date | None = None) -> bool:
        return self.ends_on >= (today or timezone.localdate())


class Slot(models.Model):
    """A weekly class time of a group: a weekday and a start and end time."""

    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    class Meta:
        verbose_name = _("class time")
        verbose_name_plural = _("class times")
        ordering = ["weekday", "starts_at", "pk"]
        indexes = [models.Index(fields=["weekday", "starts_at"], name="slot_weekday_start")]
        constraints = [
            models.CheckConstraint(condition=models.Q(starts_at__lt=models.F("ends_at")), name="slot_time_order"),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="slot_weekday_range"),
            models.UniqueConstraint(fields=["group", "weekday", "starts_at"], name="slot_once_per_group_time"),
        ]

    def __str__(self):
        return f"{Weekday(self.weekday).label} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class Child(TimeStampedModel):
    """A parent's child, for enrolling in classes. Personal data: only the parent sees it, and the centres
    see the children enrolled in their groups."""

    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("parent"), on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(_("child's name"), max_length=120)
    birth_date = models.DateField(_("date of birth"))

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["birth_date", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("courses:child_detail", kwargs={"pk": self.pk})

    def age_on(self, day: datetime.date) -> int:
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())


class Enrollment(TimeStampedModel):
    """A child's place in a group, or in its waitlist.

    The waitlist is ordered by primary key: the service inserts while holding the group's row lock, so a
    later key is a later arrival."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE = (Status.ENROLLED, Status.WAITLISTED)

    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="enrollments")
    child = models.ForeignKey(Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="enrollments")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    enrolled_at = models.DateTimeField(_("enrolled at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["pk"]
        indexes = [models.Index(fields=["group", "status"], name="enrollment_group_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "group"],
                condition=models.Q(status__in=["enrolled", "waitlisted"]),
                name="enrollment_one_active_per_child_and_group",
                violation_error_message=_("This child is already enrolled in this group or on its waitlist."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="enrolled") | models.Q(enrolled_at__isnull=False),
                name="enrollment_enrolled_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.child} — {self.group} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class EnrollmentEvent(models.Model):
    """Every change of an enrollment's status: who, when, from, to and why. Staff read it in the admin."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the portal made the change itself."),
    )
    from_status = models.CharField(_("from"), max_length=12, choices=Enrollment.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Enrollment.Status.choices)
    comment = models.CharField(_("comment"), max_length=255, blank=True)
    created = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("enrollment event")
        verbose_name_plural = _("enrollment events")
        ordering = ["created", "pk"]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"
