from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Capability, Industry, Organization
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
