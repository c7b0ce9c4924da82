"""A program's application form, built from its `FormField` rows.

Answers are stored as the applicant typed them (strings, lists of strings for several choices), so a draft
never loses input, even invalid input. `validate_answers()` is what submitting checks; the edit page renders
the same form bound to the stored answers.
"""

from django import forms
from django.forms.utils import ErrorDict
from django.template.defaultfilters import filesizeformat
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import Industry
from programs.models import FormField

Kind = FormField.Kind
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
BASE_FIELD = "_base"  # the answers as the applicant's page showed them (see services.application_save_draft)


def industry_choices() -> list[tuple[str, str]]:
    return [(industry.slug, industry.name) for industry in Industry.objects.order_by("name_ru")]


def _django_field(spec: FormField, *, industries, document=None) -> forms.Field:
    common = {"label": spec.label, "help_text": spec.help, "required": spec.required}
    kind = spec.kind
    if kind == Kind.TEXT:
        return forms.CharField(max_length=500, **common)
    if kind == Kind.TEXTAREA:
        return forms.CharField(max_length=10_000, widget=forms.Textarea(attrs={"rows": 5}), **common)
    if kind == Kind.INTEGER:
        return forms.IntegerField(**common)
    if kind == Kind.DECIMAL:
        return forms.DecimalField(max_digits=16, decimal_places=2, **common)
    if kind == Kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == Kind.EMAIL:
        return forms.EmailField(**common)
    if kind == Kind.URL:
        return forms.URLField(assume_scheme="https", **common)
    if kind == Kind.CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *spec.choice_list()], **common)
    if kind == Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(choices=spec.choice_list(), widget=forms.CheckboxSelectMultiple, **common)
    if kind == Kind.BOOLEAN:
        return forms.BooleanField(**common)
    if kind == Kind.INDUSTRY:
        return forms.ChoiceField(choices=[("", "—"), *industries], **common)
    if kind == Kind.DOCUMENT:
        help_text = spec.help or _("A PDF file of at most 10 MB.")
        if document is not None:
            help_text = format_html(
                '{} <a href="{}">{}</a> ({}). {}',
                _("Uploaded:"),
                document.get_absolute_url(),
                document.original_name,
                filesizeformat(document.size),
                _("Choose a file to replace it."),
            )
        field = forms.FileField(
            label=spec.label,
            help_text=help_text,
            required=False,  # a document already uploaded counts; submitting checks (see validate_answers)
            widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        )
        field.is_required_document = spec.required
        return field
    raise ValueError(f"unknown field type {kind!r}")


class ApplicationForm(forms.Form):
    """Bound to the stored answers; never blocks saving a draft in the browser."""

    use_required_attribute = False
    required_css_class = "required"

    def __init__(self, specs, *args, industries=None, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        industries = industries if industries is not None else industry_choices()
        documents = documents or {}
        for spec in specs:
            self.fields[spec.key] = _django_field(spec, industries=industries, document=documents.get(spec.pk))
        self.fields[BASE_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)

    def show_errors(self, errors: dict) -> "ApplicationForm":
        """Show `errors` (field key -> messages) as they are, without validating again."""
        self.cleaned_data = {}
        self._errors = ErrorDict()
        for key, messages in errors.items():
            target = key if key in self.fields else forms.forms.NON_FIELD_ERRORS
            self._errors.setdefault(target, self.error_class(renderer=self.renderer)).extend(messages)
        return self

    def visible_fields(self):
        fields = super().visible_fields()
        for bound in fields:
            if getattr(bound.field, "is_required_document", False):
                bound.field.required = True  # marked as required beside the label; never checked by the browser
        return fields


def stored_as_querydict(specs, data: dict, base_json: str = "") -> MultiValueDict:
    """The stored answers in the shape a bound form reads."""
    values = MultiValueDict()
    for spec in specs:
        if spec.kind == Kind.DOCUMENT:
            continue
        value = data.get(spec.key)
        if spec.kind == Kind.MULTIPLE_CHOICE:
            values.setlist(spec.key, list(value) if isinstance(value, list) else [])
        elif value not in (None, ""):
            values[spec.key] = str(value)
    values[BASE_FIELD] = base_json
    return values


def raw_values(specs, post) -> dict:
    """What the applicant sent for each answer, unchecked: strings, or lists for several choices."""
    values = {}
    for spec in specs:
        if spec.kind == Kind.DOCUMENT:
            continue
        if spec.kind == Kind.MULTIPLE_CHOICE:
            values[spec.key] = [str(v)[:500] for v in post.getlist(spec.key)]
        elif spec.kind == Kind.BOOLEAN:
            values[spec.key] = "on" if post.get(spec.key) not in (None, "", "false", "0") else ""
        else:
            values[spec.key] = str(post.get(spec.key, ""))[:10_000]
    return values


def empty_value(spec):
    return [] if spec.kind == Kind.MULTIPLE_CHOICE else ""


def validate_answers(specs, data: dict, document_field_ids) -> dict[str, list[str]]:
    """Every problem that stops a submission: field key -> messages. Empty when the application is complete."""
    form = ApplicationForm(specs, data=stored_as_querydict(specs, data), industries=industry_choices())
    form.is_valid()
    errors = {key: list(messages) for key, messages in form.errors.items()}
    for spec in specs:
        if spec.kind == Kind.DOCUMENT and spec.required and spec.pk not in document_field_ids:
            errors.setdefault(spec.key, []).append(str(REQUIRED_DOCUMENT_MISSING))
    return errors


REQUIRED_DOCUMENT_MISSING = gettext_lazy("Upload this document before you submit.")


def display_value(spec, value, *, industries: dict, documents: dict) -> str:
    """An answer as a person reads it, in the active language."""
    if spec.kind == Kind.DOCUMENT:
        document = documents.get(spec.pk)
        return document.original_name if document else ""
    if spec.kind == Kind.BOOLEAN:
        return _("Yes") if value else _("No")
    if spec.kind == Kind.CHOICE:
        return dict(spec.choice_list()).get(value, value or "")
    if spec.kind == Kind.MULTIPLE_CHOICE:
        labels = dict(spec.choice_list())
        return ", ".join(labels.get(v, v) for v in (value or []))
    if spec.kind == Kind.INDUSTRY:
        return industries.get(value, value or "")
    return "" if value is None else str(value)
