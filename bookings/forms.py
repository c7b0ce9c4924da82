import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Amenity, OpeningHours, PriceUnit, Resource
from bookings.services import RESOURCE_FIELDS
from imoscow.forms import DomainErrorsMixin
from imoscow.uploads import clean_image

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M")


def _local(date: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(date, time, tzinfo=timezone.get_current_timezone())


class ResourceForm(DomainErrorsMixin, forms.ModelForm):
    required_css_class = "required"

    amenities = forms.MultipleChoiceField(
        label=_("Amenities"), choices=Amenity.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    photo = forms.FileField(
        label=_("Add a photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 2 MB and 4000 pixels a side."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Resource
        fields = list(RESOURCE_FIELDS)
        widgets = {
            "description_ru": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return clean_image(upload) if upload else None

    def clean(self):
        data = super().clean()
        unit, price = data.get("price_unit"), data.get("price")
        if unit and unit != PriceUnit.FREE and not price:
            self.add_error("price", _("Give the price, or choose “free of charge”."))
        slot, shortest, longest = data.get("slot_minutes"), data.get("min_minutes"), data.get("max_minutes")
        if slot and shortest:
            if shortest < slot or shortest % slot:
                self.add_error(
                    "min_minutes", _("Make it a whole number of slot steps (%(step)d minutes).") % {"step": slot}
                )
            elif longest and longest < shortest:
                self.add_error("max_minutes", _("The longest booking cannot be shorter than the shortest."))
            elif longest and longest % slot:
                self.add_error(
                    "max_minutes", _("Make it a whole number of slot steps (%(step)d minutes).") % {"step": slot}
                )
        return data

    def service_arguments(self) -> dict:
        data = {name: self.cleaned_data[name] for name in RESOURCE_FIELDS}
        data["photo"] = self.cleaned_data.get("photo")
        return data


class OpeningHoursForm(forms.Form):
    """Opening and closing time per weekday; both empty means closed that day."""

    def __init__(self, *args, resource=None, **kwargs):
        if resource is not None and "initial" not in kwargs:
            kwargs["initial"] = {}
            for hours in resource.opening_hours.all():
                kwargs["initial"][f"opens_{hours.weekday}"] = hours.opens
                kwargs["initial"][f"closes_{hours.weekday}"] = hours.closes
        super().__init__(*args, **kwargs)
        for weekday, label in OpeningHours.Weekday.choices:
            self.fields[f"opens_{weekday}"] = forms.TimeField(
                label=_("%(weekday)s: opens") % {"weekday": label}, required=False, widget=TIME_INPUT
            )
            self.fields[f"closes_{weekday}"] = forms.TimeField(
                label=_("%(weekday)s: closes") % {"weekday": label}, required=False, widget=TIME_INPUT
            )

    def clean(self):
        data = super().clean()
        for weekday in range(7):
            opens, closes = data.get(f"opens_{weekday}"), data.get(f"closes_{weekday}")
            if (opens is None) != (closes is None):
                field = f"opens_{weekday}" if opens is None else f"closes_{weekday}"
                if field not in self.errors:
                    self.add_error(field, _("Give both times, or neither for a day off."))
            elif opens is not None and closes <= opens:
                self.add_error(f"closes_{weekday}", _("It must close after it opens."))
        return data

    def hours(self) -> dict:
        return {
            weekday: (self.cleaned_data[f"opens_{weekday}"], self.cleaned_data[f"closes_{weekday}"])
            for weekday in range(7)
            if self.cleaned_data.get(f"opens_{weekday}") is not None
        }

    @property
    def days(self):
        """(weekday label, opens field, closes field) for a table of the week."""
        return [
            (label, self[f"opens_{weekday}"], self[f"closes_{weekday}"])
            for weekday, label in OpeningHours.Weekday.choices
        ]


class BookingForm(DomainErrorsMixin, forms.Form):
    required_css_class = "required"
    error_fields = {"starts_at": "start", "ends_at": "end"}

    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    start = forms.TimeField(label=_("From"), widget=TIME_INPUT)
    end = forms.TimeField(label=_("To"), widget=TIME_INPUT)
    people = forms.IntegerField(label=_("People"), min_value=1, max_value=5000, initial=1)
    organization = forms.TypedChoiceField(
        label=_("Book as"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Yourself, or an organization you are a member of."),
    )
    weeks = forms.IntegerField(
        label=_("Weeks"),
        min_value=1,
        max_value=52,
        initial=1,
        help_text=_("1 books this date only; more repeats it every week on the same day and time."),
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = {m.organization_id: m.organization for m in user.memberships.select_related("organization")}
        self.fields["organization"].choices = [("", _("Myself"))] + [
            (pk, organization.name) for pk, organization in self.memberships.items()
        ]

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start") and data.get("end"):
            data["starts_at"] = _local(data["date"], data["start"])
            data["ends_at"] = _local(data["date"], data["end"])
            if data["end"] <= data["start"]:
                self.add_error("end", _("The end must be after the start."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "people": data["people"],
            "purpose": data["purpose"],
            "organization": self.memberships.get(data["organization"]) if data["organization"] else None,
        }


class BlackoutForm(DomainErrorsMixin, forms.Form):
    required_css_class = "required"
    error_fields = {"starts_at": "start_time", "ends_at": "end_time"}

    start_date = forms.DateField(label=_("From (date)"), widget=DATE_INPUT)
    start_time = forms.TimeField(label=_("From (time)"), widget=TIME_INPUT)
    end_date = forms.DateField(label=_("To (date)"), widget=DATE_INPUT)
    end_time = forms.TimeField(label=_("To (time)"), widget=TIME_INPUT)
    reason = forms.CharField(label=_("Reason"), max_length=200, help_text=_("Bookers see it in the calendar."))

    def clean(self):
        data = super().clean()
        if all(data.get(f) for f in ("start_date", "end_date")) and all(
            data.get(f) is not None for f in ("start_time", "end_time")
        ):
            data["starts_at"] = _local(data["start_date"], data["start_time"])
            data["ends_at"] = _local(data["end_date"], data["end_time"])
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end_time", _("The end must be after the start."))
        return data

    def service_arguments(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("starts_at", "ends_at", "reason")}


class ReasonForm(DomainErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RejectForm(ReasonForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The booker reads it in the email."),
    )
