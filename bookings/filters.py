"""List filters of the bookings pages (django-filter), applied inside the selectors."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Booking, BookingStatus, RangeStart, Resource, ResourceKind
from directory.models import Okrug


class AvailabilityForm(forms.Form):
    """Kind, okrug and people narrow the list; a date with a start and an end asks "free then?"."""

    window = None  # (starts_at, ends_at) once the form is valid and asks for a time

    def clean(self):
        data = super().clean()
        date, start, end = data.get("date"), data.get("start"), data.get("end")
        given = [value is not None for value in (date, start, end)]
        if any(given) and not all(given):
            for field, value in (("date", date), ("start", start), ("end", end)):
                if value is None and field not in self.errors:
                    self.add_error(field, _("Give the date, the start and the end together."))
            return data
        if all(given):
            if end <= start:
                self.add_error("end", _("The end must be after the start."))
            else:
                zone = timezone.get_current_timezone()
                starts_at = datetime.datetime.combine(date, start, tzinfo=zone)
                if starts_at < timezone.now():
                    self.add_error("start", _("This time has already passed."))
                else:
                    self.window = (starts_at, datetime.datetime.combine(date, end, tzinfo=zone))
        return data


def _keep(queryset, name, value):
    """Date, start and end are applied together in `ResourceAvailabilityFilter.filter_queryset`."""
    return queryset


class ResourceAvailabilityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ResourceKind.choices, empty_label=_("Any kind"))
    okrug = django_filters.ChoiceFilter(
        label=_("Okrug"), field_name="organization__okrug", choices=Okrug.choices, empty_label=_("All of Moscow")
    )
    date = django_filters.DateFilter(
        label=_("Date"), method=_keep, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start = django_filters.TimeFilter(
        label=_("From"), method=_keep, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end = django_filters.TimeFilter(
        label=_("To"), method=_keep, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    people = django_filters.NumberFilter(
        label=_("People"), field_name="capacity", lookup_expr="gte", min_value=1, max_value=5000
    )

    class Meta:
        model = Resource
        fields = ["kind", "okrug", "date", "start", "end", "people"]
        form = AvailabilityForm

    def filter_queryset(self, queryset):
        from bookings.selectors import free_between

        queryset = super().filter_queryset(queryset)
        if self.form.window:
            starts_at, ends_at = self.form.window
            queryset = free_between(queryset, starts_at, ends_at, now=timezone.now())
        return queryset

    @property
    def window(self):
        """(starts_at, ends_at) when the search asks for a time, else None."""
        return self.form.window if self.is_bound and self.form.is_valid() else None


class BookingListForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end must be after the start."))
        return data


def _starting_on_or_after(queryset, name, value):
    start = datetime.datetime.combine(value, datetime.time.min, tzinfo=timezone.get_current_timezone())
    return queryset.filter(during__startswith__gte=start)


def _starting_on_or_before(queryset, name, value):
    end = datetime.datetime.combine(
        value + datetime.timedelta(days=1), datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    return queryset.filter(during__startswith__lt=end)


class IncomingBookingFilter(django_filters.FilterSet):
    """The owner's bookings: by status, resource, dates and who booked."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=BookingStatus.choices, empty_label=_("Any status"))
    resource = django_filters.ModelChoiceFilter(
        label=_("Resource"), queryset=Resource.objects.none(), empty_label=_("All resources")
    )
    since = django_filters.DateFilter(
        label=_("From"), method=_starting_on_or_after, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    until = django_filters.DateFilter(
        label=_("To"), method=_starting_on_or_before, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    q = django_filters.CharFilter(label=_("Booked by"), method="filter_booker", max_length=100)

    class Meta:
        model = Booking
        fields = ["status", "resource", "since", "until", "q"]
        form = BookingListForm

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["resource"].queryset = Resource.objects.filter(organization=organization).order_by("name_ru")

    def filter_booker(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(booked_by__email__icontains=value)
            | Q(booked_by__last_name__icontains=value)
            | Q(booked_by__first_name__icontains=value)
            | Q(organization__name_ru__icontains=value)
        )


class MyBookingFilter(django_filters.FilterSet):
    UPCOMING, PAST = "upcoming", "past"

    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[(UPCOMING, _("Upcoming")), (PAST, _("Past"))],
        empty_label=_("All"),
        method="filter_when",
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=BookingStatus.choices, empty_label=_("Any status"))

    class Meta:
        model = Booking
        fields = ["when", "status"]

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == self.UPCOMING:
            return queryset.filter(during__endswith__gt=now).order_by(RangeStart("during"), "pk")
        if value == self.PAST:
            return queryset.filter(during__endswith__lte=now)
        return queryset
