from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Industry
from imoscow.uploads import clean_document
from jobs.models import Application, Vacancy
from jobs.services import RESUME_MAX_BYTES, VACANCY_FIELDS


class VacancyForm(forms.ModelForm):
    required_css_class = "required"

    industry = forms.ModelChoiceField(
        label=_("Line of business"),
        queryset=Industry.objects.order_by("name_ru"),
        required=False,
        empty_label=_("The company's own"),
        help_text=_("Leave empty to use the company's line of business."),
    )

    class Meta:
        model = Vacancy
        fields = list(VACANCY_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 14}),
            "salary_min": forms.NumberInput(attrs={"min": 0, "step": 1000}),
            "salary_max": forms.NumberInput(attrs={"min": 0, "step": 1000}),
            "skills": forms.TextInput(attrs={"placeholder": _("Python, PostgreSQL, Django")}),
        }
        help_texts = {
            "okrug": _("Leave empty to use the company's okrug."),
            "salary_min": _("Roubles a month before tax; optional."),
        }

    def clean(self):
        data = super().clean()
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", _("The upper bound of the salary is below the lower one."))
        return data

    def _post_clean(self):
        pass  # the service validates the model (and its constraints) with the company set

    def service_arguments(self) -> dict:
        return {name: self.cleaned_data[name] for name in VACANCY_FIELDS}


class ApplicationForm(forms.Form):
    required_css_class = "required"

    cover_letter = forms.CharField(
        label=_("Cover letter"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=5000,
        help_text=_("Why this vacancy, and what you bring to it."),
    )
    resume = forms.FileField(
        label=_("Resume"),
        required=False,
        help_text=_("PDF, DOCX or ODT, at most 5 MB. Only you and the company's recruiters can open it."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,.odt,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                "application/vnd.oasis.opendocument.text"
            }
        ),
    )
    profile_url = forms.URLField(
        label=_("Or a link to your profile"),
        required=False,
        assume_scheme="https",
        help_text=_("hh.ru, LinkedIn, GitHub or your own page."),
    )

    def clean_resume(self):
        upload = self.cleaned_data.get("resume")
        if not upload:
            return None
        clean_document(upload, max_bytes=RESUME_MAX_BYTES)
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("resume") and not data.get("profile_url") and not self.has_error("resume"):
            if not self.has_error("profile_url"):
                self.add_error("resume", _("Attach a resume or give a link to your profile."))
        return data


class ApplicationStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(value, label) for value, label in Application.Status.choices if value != Application.Status.NEW],
    )
    comment = forms.CharField(label=_("Note for the history"), required=False, max_length=500)


class VacancyRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=_("The company sees this and receives it by email: say what to change."),
        max_length=2000,
    )
