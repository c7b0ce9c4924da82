import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.equipment.filters import category_choices
from bookings.equipment.models import Category, EquipmentItem, EquipmentRequest
from bookings.equipment.services import ITEM_FIELDS
from bookings.forms import ResourceForm
from bookings.services import RESOURCE_FIELDS
from directory.models import Organization
from imoscow.forms import DomainErrorsMixin

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
EQUIPMENT_RESOURCE_FIELDS = [name for name in RESOURCE_FIELDS if name not in ("kind", "capacity")]


class EquipmentResourceForm(ResourceForm):
    """The booking engine's part of an item: name, description, booking rules (the kind is always equipment)."""

    class Meta(ResourceForm.Meta):
        fields = EQUIPMENT_RESOURCE_FIELDS

    def service_arguments(self) -> dict:
        data = {name: self.cleaned_data[name] for name in EQUIPMENT_RESOURCE_FIELDS}
        data["photo"] = self.cleaned_data.get("photo")
        return data


def parse_specifications(text: str) -> list[tuple[str, str, str]]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise forms.ValidationError(
                _("Line %(number)d: write “parameter | value | unit”."), params={"number": number}
            )
        rows.append((parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    return rows


class EquipmentItemForm(DomainErrorsMixin, forms.ModelForm):
    required_css_class = "required"

    specifications = forms.CharField(
        label=_("Specifications"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line: parameter | value | unit, e.g. “Temperature range | −40…+85 | °C”."),
    )

    class Meta:
        model = EquipmentItem
        fields = list(ITEM_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.order_by("position", "pk")
        self.fields["category"].choices = [("", "---------"), *category_choices()]
        if self.instance.pk and not self.is_bound:
            self.initial["specifications"] = "\n".join(
                " | ".join(filter(None, [s.name, s.value, s.unit])) for s in self.instance.specifications.all()
            )

    def clean_specifications(self):
        return parse_specifications(self.cleaned_data.get("specifications") or "")

    def clean(self):
        data = super().clean()
        if (
            data.get("price_unit")
            and data["price_unit"] != EquipmentItem.PriceUnit.NEGOTIABLE
            and not data.get("price")
        ):
            self.add_error("price", _("Give the price, or choose “by agreement”."))
        return data

    def service_arguments(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ITEM_FIELDS}
        data["specifications"] = self.cleaned_data["specifications"]
        return data


class RequestForm(DomainErrorsMixin, forms.ModelForm):
    required_css_class = "required"

    organization = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("myself"),
    )

    class Meta:
        model = EquipmentRequest
        fields = [
            "organization",
            "category",
            "title",
            "text",
            "spec_name",
            "starts_on",
            "ends_on",
            "okrug",
            "budget",
            "visibility",
        ]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT, "text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(memberships__user=user).order_by("name_ru")
        self.fields["category"].choices = [("", "---------"), *category_choices()]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and starts < timezone.localdate():
            self.add_error("starts_on", _("Choose a date from today on."))
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date comes before the start date."))
        return data

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)


class OfferForm(DomainErrorsMixin, forms.Form):
    required_css_class = "required"

    item = forms.ModelChoiceField(label=_("Equipment"), queryset=EquipmentItem.objects.none())
    price = forms.DecimalField(label=_("Price, roubles"), min_value=0, max_digits=12, decimal_places=2)
    starts_at = forms.DateTimeField(label=_("From"), widget=DATETIME_INPUT)
    ends_at = forms.DateTimeField(label=_("Until"), widget=DATETIME_INPUT)
    message = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, items, equipment_request=None, **kwargs):
        if equipment_request is not None and "initial" not in kwargs:
            zone = timezone.get_current_timezone()
            kwargs["initial"] = {
                "starts_at": datetime.datetime.combine(equipment_request.starts_on, datetime.time(10), tzinfo=zone),
                "ends_at": datetime.datetime.combine(equipment_request.starts_on, datetime.time(14), tzinfo=zone),
                "price": equipment_request.budget,
            }
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda item: item.resource.name

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end comes before the start."))
        return data


class MessageForm(DomainErrorsMixin, forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
