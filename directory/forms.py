from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Accreditation, Capability, Industry, Okrug, Organization
from directory.services import EDITABLE_FIELDS
from imoscow.uploads import clean_image


class OrganizationForm(forms.ModelForm):
    """The profile fields a member edits; registration adds the kind."""

    required_css_class = "required"

    capabilities = forms.MultipleChoiceField(
        label=_("Capabilities"),
        choices=Capability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("What you can do for a product: design, prototype, test, certify, produce."),
    )
    industries = forms.ModelMultipleChoiceField(
        label=_("Industries"),
        queryset=Industry.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    website = forms.URLField(label=_("website"), required=False, max_length=200, assume_scheme="https")
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 2 MB and 4000 pixels a side."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Organization
        fields = [*EDITABLE_FIELDS, "industries", "logo"]
        widgets = {
            "description_ru": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
        }

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload or upload is False or upload == self.initial.get("logo"):
            return None
        return clean_image(upload)

    def service_arguments(self) -> dict:
        data = {field: self.cleaned_data[field] for field in EDITABLE_FIELDS}
        data["industries"] = self.cleaned_data["industries"]
        data["logo"] = self.cleaned_data.get("logo")
        return data


class OrganizationRegistrationForm(OrganizationForm):
    kind = forms.ChoiceField(label=_("Kind of organization"), choices=Organization.Kind.choices)

    class Meta(OrganizationForm.Meta):
        fields = ["kind", *OrganizationForm.Meta.fields]

    def service_arguments(self) -> dict:
        return {"kind": self.cleaned_data["kind"], **super().service_arguments()}


class ResidencyApplyForm(forms.Form):
    """On a park's profile: which of my organizations asks to become its resident."""

    required_css_class = "required"

    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), to_field_name="slug", empty_label=None
    )
    message = forms.CharField(
        label=_("Message to the park"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you do and what you need from the park (optional)."),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class ResidencyDecisionForm(forms.Form):
    DECISIONS = [("approve", _("Approve")), ("reject", _("Reject"))]

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)


class ProviderSearchForm(forms.Form):
    """Find a provider: what the product needs, in which industry, to which standard, near where."""

    stage = forms.MultipleChoiceField(
        label=_("Stages your product needs"),
        choices=Capability.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one stage.")},
    )
    industry = forms.ModelChoiceField(
        label=_("Industry"),
        queryset=Industry.objects.all(),
        to_field_name="slug",
        empty_label=_("Choose an industry"),
    )
    standard = forms.ChoiceField(
        label=_("Standard (optional)"),
        choices=[("", _("Any standard")), *Accreditation.Standard.choices],
        required=False,
        help_text=_("Providers accredited to it come first."),
    )
    okrug = forms.ChoiceField(
        label=_("Okrug (optional)"),
        choices=[("", _("Anywhere in Moscow")), *Okrug.choices],
        required=False,
        help_text=_("Among equal matches, the nearest to the okrug's centre come first."),
    )


class SiteSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the portal"), max_length=200, required=False)
