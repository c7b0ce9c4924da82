from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Child, Course, Group, Weekday
from courses.services import COURSE_FIELDS, GROUP_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class ChildForm(forms.ModelForm):
    class Meta:
        model = Child
        fields = ["name", "birth_date"]
        widgets = {"birth_date": DateInput()}
        help_texts = {"name": _("As the centre should call the child, e.g. “Masha Ivanova”.")}


class EnrollForm(forms.Form):
    child = forms.ModelChoiceField(label=_("Child"), queryset=Child.objects.none(), empty_label=None)

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children


class CancelForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason (optional)"), max_length=255, required=False, help_text=_("The centre sees it.")
    )


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = list(COURSE_FIELDS)
        widgets = {
            "description_ru": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "address": _("Leave empty when classes are held at the centre's address."),
            "okrug": _("Leave empty when classes are held at the centre."),
        }

    def clean(self):
        cleaned = super().clean()
        min_age, max_age = cleaned.get("min_age"), cleaned.get("max_age")
        if min_age is not None and max_age is not None and min_age > max_age:
            self.add_error("max_age", _("The maximum age cannot be below the minimum age."))
        return cleaned

    def service_arguments(self) -> dict:
        return {field: self.cleaned_data[field] for field in COURSE_FIELDS}


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = list(GROUP_FIELDS)
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and starts_on > ends_on:
            self.add_error("ends_on", _("The term cannot end before it starts."))
        return cleaned

    def service_arguments(self) -> dict:
        return {field: self.cleaned_data[field] for field in GROUP_FIELDS}


class SlotForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=[("", "—"), *Weekday.choices], coerce=int, required=False, empty_value=None
    )
    starts_at = forms.TimeField(label=_("Starts at"), required=False, widget=TimeInput())
    ends_at = forms.TimeField(label=_("Ends at"), required=False, widget=TimeInput())

    def clean(self):
        cleaned = super().clean()
        values = [cleaned.get("weekday"), cleaned.get("starts_at"), cleaned.get("ends_at")]
        if any(value is not None for value in values) and not all(value is not None for value in values):
            raise forms.ValidationError(_("Give the weekday, the start and the end, or leave the row empty."))
        if all(value is not None for value in values) and values[1] >= values[2]:
            self.add_error("ends_at", _("A class must end after it starts."))
        return cleaned


class BaseSlotFormSet(forms.BaseFormSet):
    def slots(self) -> list[tuple]:
        return [
            (form.cleaned_data["weekday"], form.cleaned_data["starts_at"], form.cleaned_data["ends_at"])
            for form in self.forms
            if form.cleaned_data.get("weekday") is not None
        ]

    def clean(self):
        if any(self.errors):
            return
        if not self.slots():
            raise forms.ValidationError(_("Give the group at least one class time."))


def slot_formset(data=None, *, group=None) -> BaseSlotFormSet:
    """Existing class times plus empty rows, up to four rows in all."""
    initial = []
    if group is not None:
        initial = [
            {"weekday": slot.weekday, "starts_at": slot.starts_at, "ends_at": slot.ends_at}
            for slot in group.slots.all()
        ]
    formset_class = forms.formset_factory(
        SlotForm, formset=BaseSlotFormSet, extra=max(4 - len(initial), 1), max_num=7, absolute_max=7
    )
    return formset_class(data, initial=initial, prefix="slots")
