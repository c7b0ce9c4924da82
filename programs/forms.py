from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from directory.models import Industry, Okrug
from programs import eligibility
from programs.formspec import ApplicationForm  # noqa: F401 (the application form lives beside its rules)

YES_NO_UNKNOWN = [("", _("Not sure")), ("yes", _("Yes")), ("no", _("No"))]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


class CompanyProfileForm(forms.Form):
    """ "Which incentives fit my company?": every question may stay unanswered."""

    required_css_class = "required"

    founded_year = forms.IntegerField(
        label=_("Year the company was founded"), required=False, min_value=1800, widget=forms.NumberInput
    )
    headcount = forms.IntegerField(label=_("Number of employees"), required=False, min_value=0)
    revenue = forms.DecimalField(
        label=_("Annual revenue, million roubles"),
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=1,
        help_text=_("Last year's revenue."),
    )
    industries = forms.ModelMultipleChoiceField(
        label=_("Industries"),
        queryset=Industry.objects.order_by("name_ru"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_resident = forms.ChoiceField(
        label=_("Is the company a resident of a technology park or special economic zone?"),
        choices=YES_NO_UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
    )
    registered_in_moscow = forms.ChoiceField(
        label=_("Is the company registered in Moscow?"),
        choices=YES_NO_UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
    )
    okrug = forms.ChoiceField(label=_("Okrug"), choices=[("", _("Not sure")), *Okrug.choices], required=False)

    def clean_founded_year(self):
        year = self.cleaned_data["founded_year"]
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("The year cannot be in the future."))
        return year

    def profile(self) -> eligibility.Profile:
        data = self.cleaned_data
        industries = data.get("industries")
        return eligibility.Profile(
            founded_year=data.get("founded_year"),
            headcount=data.get("headcount"),
            revenue=data.get("revenue"),
            industries=frozenset(industry.slug for industry in industries) if industries else None,
            is_resident=_yes_no(data.get("is_resident")),
            registered_in_moscow=_yes_no(data.get("registered_in_moscow")),
            okrug=data.get("okrug") or None,
        )

    @staticmethod
    def initial_from(organization) -> dict:
        """What the organization's profile already says, as answers to this form."""
        initial = {
            "industries": [industry.slug for industry in organization.industries.all()],
            "is_resident": "yes" if organization.park_id else "no",
        }
        if organization.founded_year:
            initial["founded_year"] = organization.founded_year
        if organization.headcount is not None:
            initial["headcount"] = organization.headcount
        if organization.okrug:
            initial["registered_in_moscow"] = "yes"
            initial["okrug"] = organization.okrug
        return initial

    @classmethod
    def data_from(cls, organization) -> MultiValueDict:
        """The same answers as submitted data, to show results at once."""
        data = MultiValueDict()
        for name, value in cls.initial_from(organization).items():
            if isinstance(value, list):
                data.setlist(name, value)
            else:
                data[name] = str(value)
        return data


# Which questions a program's criteria need answered before its form.
_CRITERIA_FIELDS = {
    "founded_year": ("min_age", "max_age"),
    "headcount": ("min_headcount", "max_headcount"),
    "revenue": ("min_revenue", "max_revenue"),
    "industries": ("industries",),
    "is_resident": ("requires_residency",),
    "registered_in_moscow": ("requires_moscow_registration",),
    "okrug": ("okrugs",),
}


class ScreeningForm(CompanyProfileForm):
    """The questions a company answers before a program's form; those its rules need are required."""

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        criteria = program.criteria()
        for name, attributes in _CRITERIA_FIELDS.items():
            needed = any(getattr(criteria, attribute) not in (None, False, {}) for attribute in attributes)
            if needed:
                self.fields[name].required = True
                if isinstance(self.fields[name], forms.ChoiceField) and not isinstance(
                    self.fields[name], forms.ModelMultipleChoiceField
                ):
                    self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
            else:
                del self.fields[name]
        self.questions = list(program.screening_questions.all())
        for question in self.questions:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text, choices=YES_NO, widget=forms.RadioSelect, required=True
            )

    def profile(self) -> eligibility.Profile:
        for name in _CRITERIA_FIELDS:
            self.cleaned_data.setdefault(name, None)
        return super().profile()

    def answers(self) -> dict:
        return {question.key: _yes_no(self.cleaned_data.get(question.key)) for question in self.questions}


class TransitionCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you request information or reject."),
    )
