"""The course finder's filters.

Course-level filters (age, topic, okrug, free, text) narrow the courses. Group-level filters (weekday, time
of day, the child's free time) must hold for one and the same group, so they are gathered into one
set of groups (`matching_groups`): a course is found when one of its groups is in that set, and the
result shows just those groups.
"""

import datetime
from functools import cached_property

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Child, Course, Enrollment, Group, Slot, Topic, Weekday
from directory.models import Okrug
from imoscow.i18n import localized_field


class TimeOfDay:
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    CHOICES = [
        (MORNING, _("Morning (before 12:00)")),
        (AFTERNOON, _("Afternoon (12:00–17:00)")),
        (EVENING, _("Evening (from 17:00)")),
    ]
    RANGES = {
        MORNING: (datetime.time(0, 0), datetime.time(12, 0)),
        AFTERNOON: (datetime.time(12, 0), datetime.time(17, 0)),
        EVENING: (datetime.time(17, 0), datetime.time(23, 59, 59)),
    }


def text_query(text: str) -> SearchQuery:
    """Russian word forms and English stems both match: the query runs in both configurations."""
    return SearchQuery(text, config="russian", search_type="websearch") | SearchQuery(
        text, config="english", search_type="websearch"
    )


def busy_times_of(child) -> list[tuple]:
    """(weekday, starts_at, ends_at, term start, term end) of each class of the child's current groups."""
    return list(
        Slot.objects.filter(
            group__enrollments__child=child, group__enrollments__status__in=Enrollment.ACTIVE
        ).values_list("weekday", "starts_at", "ends_at", "group__starts_on", "group__ends_on")
    )


class ClassesClash(Func):
    """True for a group one of whose classes overlaps one of `busy_times` (see `busy_times_of`) on the same
    weekday, during overlapping terms: the rule `services.clashing_group` applies when enrolling.

    Written as SQL on purpose. Built from Q objects, Django takes about a millisecond a query to resolve
    and compile this condition (five lookups per busy class time), and the finder runs it in three queries
    a page. The SQL is the same; the group's columns are still Django's, so aliases in subqueries hold."""

    output_field = BooleanField()

    def __init__(self, busy_times):
        self.busy_times = busy_times
        super().__init__(F("pk"), F("starts_on"), F("ends_on"))

    def as_sql(self, compiler, connection, **extra_context):
        group_id, starts_on, ends_on = (compiler.compile(column)[0] for column in self.get_source_expressions())
        clashes, params = [], []
        for weekday, starts_at, ends_at, term_starts_on, term_ends_on in self.busy_times:
            clashes.append(
                f"(busy.weekday = %s AND busy.starts_at < %s AND busy.ends_at > %s"
                f" AND {starts_on} <= %s AND {ends_on} >= %s)"
            )
            params += [weekday, ends_at, starts_at, term_ends_on, term_starts_on]
        sql = (
            f"EXISTS (SELECT 1 FROM {Slot._meta.db_table} busy"  # noqa: S608 (values are bound; names are Django's)
            f" WHERE busy.group_id = {group_id} AND ({' OR '.join(clashes)}))"
        )
        return sql, params


def free_time_condition(busy_times) -> Q:
    """Groups none of whose classes overlap the child's busy class times during overlapping terms."""
    return ~Q(ClassesClash(busy_times)) if busy_times else Q()


class CourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text", widget=forms.TextInput(attrs={"type": "search"})
    )
    child = django_filters.ChoiceFilter(
        label=_("Fits my child"),
        method="filter_nothing",
        empty_label=_("— any child —"),
        help_text=_("Age and free time of one of your children."),
    )
    age = django_filters.NumberFilter(
        label=_("Child's age"),
        method="filter_age",
        min_value=3,
        max_value=18,
        widget=forms.NumberInput(attrs={"step": 1}),
    )
    topic = django_filters.ChoiceFilter(label=_("Topic"), choices=Topic.choices, empty_label=_("Any topic"))
    okrug = django_filters.ChoiceFilter(label=_("Okrug"), choices=Okrug.choices, empty_label=_("Anywhere in Moscow"))
    weekday = django_filters.ChoiceFilter(
        label=_("Weekday"), choices=Weekday.choices, method="filter_nothing", empty_label=_("Any day")
    )
    time_of_day = django_filters.ChoiceFilter(
        label=_("Time of day"), choices=TimeOfDay.CHOICES, method="filter_nothing", empty_label=_("Any time")
    )
    free = django_filters.BooleanFilter(label=_("Free courses only"), method="filter_free", widget=forms.CheckboxInput)

    class Meta:
        model = Course
        fields = ["q", "child", "age", "topic", "okrug", "weekday", "time_of_day", "free"]

    def __init__(self, data=None, *args, user=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.user = user
        # The parent's children are read once: they are both the choices and the chosen child.
        self.children = {}
        if user is not None and user.is_authenticated:
            self.children = {str(child.pk): child for child in Child.objects.filter(parent=user)}
            self.filters["child"].extra["choices"] = [(pk, child.name) for pk, child in self.children.items()]
        else:
            del self.filters["child"]

    @property
    def chosen_child(self) -> Child | None:
        """The child whose age and free time the courses must fit, when the parent chose one."""
        return self.children.get(self.form.cleaned_data.get("child") or "")

    def filter_nothing(self, queryset, name, value):
        return queryset  # applied together with the other group filters in filter_queryset()

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = text_query(value)
        return queryset.filter(search=query).annotate(rank=SearchRank(F("search"), query))

    def filter_age(self, queryset, name, value):
        return queryset.filter(min_age__lte=value, max_age__gte=value)

    def filter_free(self, queryset, name, value):
        return queryset.filter(price_per_month=0) if value else queryset

    @cached_property
    def matching_groups(self):
        """The groups a found course shows: open (term not over) and meeting the group-level filters.
        Built once per request: the finder filters courses by it and prefetches it."""
        data = self.form.cleaned_data
        groups = Group.objects.filter(ends_on__gte=timezone.localdate())
        slot_filter = {}
        if data.get("weekday") not in (None, ""):
            slot_filter["weekday"] = int(data["weekday"])
        if data.get("time_of_day"):
            start, end = TimeOfDay.RANGES[data["time_of_day"]]
            slot_filter |= {"starts_at__gte": start, "starts_at__lt": end}
        if slot_filter:
            # Weekday and time of day must hold for one and the same class time.
            groups = groups.filter(Exists(Slot.objects.filter(group=OuterRef("pk"), **slot_filter)))
        child = self.chosen_child
        if child is not None:
            enrolled = Enrollment.objects.filter(group=OuterRef("pk"), child=child, status__in=Enrollment.ACTIVE)
            groups = groups.filter(~Q(Exists(enrolled)), free_time_condition(busy_times_of(child)))
        return groups

    def filter_queryset(self, queryset):
        child = self.chosen_child
        if child is not None:
            queryset = self.filter_age(queryset, "age", child.age)
        queryset = super().filter_queryset(queryset)
        queryset = queryset.filter(Exists(self.matching_groups.filter(course=OuterRef("pk"))))
        if self.form.cleaned_data.get("q", "").strip():
            return queryset.order_by("-rank", "pk")
        return queryset.order_by(localized_field("title"), "pk")
