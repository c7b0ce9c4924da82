import csv

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import models
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from directory.models import Okrug
from imoscow.admin import AuditTrailInline
from imoscow.errors import DomainError
from programs import selectors, services
from programs.forms import TransitionCommentForm
from programs.models import (
    Application,
    ApplicationChange,
    ApplicationDocument,
    ApplicationEvent,
    ClusterParticipant,
    FormField,
    Measure,
    Program,
    ScreeningQuestion,
)

Status = Application.Status


class EligibilityAdminForm(forms.ModelForm):
    okrugs = forms.TypedMultipleChoiceField(
        label=_("okrugs"),
        choices=Okrug.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None chosen means all of Moscow."),
    )


ELIGIBILITY_FIELDSET = (
    _("Who qualifies"),
    {
        "fields": (
            ("min_company_age", "max_company_age"),
            ("min_headcount", "max_headcount"),
            ("min_revenue", "max_revenue"),
            "industries",
            "requires_residency",
            "requires_moscow_registration",
            "okrugs",
        )
    },
)


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    form = EligibilityAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("title_ru", "kind", "provider_ru", "amount_max", "deadline", "is_published")
    list_filter = ("kind", "is_published", "requires_residency", "requires_moscow_registration", "industries")
    search_fields = ("title_ru", "title_en", "provider_ru", "provider_en", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    filter_horizontal = ("industries",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "kind",
                    "slug",
                    ("title_ru", "title_en"),
                    ("summary_ru", "summary_en"),
                    ("description_ru", "description_en"),
                    ("provider_ru", "provider_en"),
                    ("amount_min", "amount_max"),
                    ("amount_note_ru", "amount_note_en"),
                    ("opens_on", "deadline"),
                    ("documents_ru", "documents_en"),
                    "url",
                    "is_published",
                )
            },
        ),
        ELIGIBILITY_FIELDSET,
    )


class FormFieldInline(admin.StackedInline):
    model = FormField
    extra = 0
    fields = (
        ("position", "key", "kind", "required"),
        ("label_ru", "label_en"),
        ("help_ru", "help_en"),
        "choices",
    )


class ScreeningQuestionInline(admin.TabularInline):
    model = ScreeningQuestion
    extra = 0
    fields = ("position", "text_ru", "text_en", "required_answer", "explanation_ru", "explanation_en")


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    form = EligibilityAdminForm
    list_display = ("title_ru", "code", "kind", "opens_at", "closes_at", "is_published")
    list_filter = ("kind", "is_published")
    search_fields = ("title_ru", "title_en", "code", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    filter_horizontal = ("industries",)
    inlines = [ScreeningQuestionInline, FormFieldInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("kind", "code"),
                    "slug",
                    ("title_ru", "title_en"),
                    ("summary_ru", "summary_en"),
                    ("description_ru", "description_en"),
                    ("opens_at", "closes_at"),
                    "is_published",
                )
            },
        ),
        ELIGIBILITY_FIELDSET,
    )


class EventInline(AuditTrailInline):
    model = ApplicationEvent
    fields = ("created", "actor", "from_status", "to_status", "comment")
    verbose_name_plural = _("history of steps")


class ChangeInline(AuditTrailInline):
    model = ApplicationChange
    fields = ("created", "user", "field_label", "old_value", "new_value")
    verbose_name_plural = _("history of answers")


def _transition_action(to_status, description):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        return modeladmin.run_transition(request, queryset, to_status)

    action.__name__ = f"make_{to_status}"
    return action


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "program", "organization", "status", "submitted_at", "decided_at", "updated")
    list_filter = ("status", "program__kind", "program", ("submitted_at", admin.DateFieldListFilter))
    list_select_related = ("program", "organization")
    search_fields = ("tracking_number", "organization__name_ru", "organization__name_en")
    date_hierarchy = "submitted_at"
    ordering = ("-submitted_at", "-pk")
    readonly_fields = (
        "program",
        "organization",
        "created_by",
        "status",
        "tracking_number",
        "submitted_at",
        "decided_at",
        "answers",
        "document_links",
    )
    fields = readonly_fields
    inlines = [EventInline, ChangeInline]
    actions = [
        _transition_action(Status.IN_REVIEW, _("Start the review")),
        _transition_action(Status.INFO_REQUESTED, _("Request information from the applicant")),
        _transition_action(Status.APPROVED, _("Approve")),
        _transition_action(Status.REJECTED, _("Reject")),
        "export_csv",
    ]

    def has_add_permission(self, request):
        return False  # applications are started by organizations on the site

    @admin.display(description=_("answers"))
    def answers(self, obj):
        rows = selectors.application_answers(obj)
        return format_html(
            "<table><tbody>{}</tbody></table>",
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", ((r["label"], r["value"]) for r in rows)),
        )

    @admin.display(description=_("documents"))
    def document_links(self, obj):
        documents = obj.documents.select_related("field")
        return (
            format_html_join(
                mark_safe("<br>"),  # noqa: S308 (a constant)
                '{}: <a href="{}">{}</a>',
                ((d.field.label, d.get_absolute_url(), d.original_name) for d in documents),
            )
            or "—"
        )

    def run_transition(self, request, queryset, to_status):
        """Ask for a comment on an intermediate page, then call the service for each selected application."""
        form = TransitionCommentForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done, refused = 0, []
            service = services.TRANSITION_SERVICES[to_status]
            for application in queryset.order_by("pk"):
                try:
                    service(application=application, user=request.user, comment=form.cleaned_data["comment"])
                except DomainError as error:
                    refused.append(f"{application}: {error.message}")
                else:
                    done += 1
            if done:
                self.message_user(
                    request,
                    _("%(count)s applications are now “%(status)s”.")
                    % {"count": done, "status": Status(to_status).label},
                    messages.SUCCESS,
                )
            for line in refused:
                self.message_user(request, line, messages.ERROR)
            return None
        return TemplateResponse(
            request,
            "admin/programs/application/transition.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Move applications to “%(status)s”") % {"status": Status(to_status).label},
                "opts": self.model._meta,
                "applications": queryset.select_related("program", "organization"),
                "form": form,
                "action": request.POST.get("action"),
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "comment_required": to_status in services.COMMENT_REQUIRED,
            },
        )

    @admin.action(description=_("Export to CSV"))
    def export_csv(self, request, queryset):
        applications = list(selectors.applications_for_export(queryset))
        keys = []
        for application in applications:
            for spec in application.program.fields.all():
                if spec.key not in keys and not spec.is_document:
                    keys.append(spec.key)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="applications-{stamp}.csv"'
        response.write("\ufeff")  # spreadsheets then read the Cyrillic as UTF-8
        writer = csv.writer(response)
        writer.writerow(["tracking_number", "program", "organization", "status", "submitted_at", "decided_at", *keys])
        for application in applications:
            row = [
                application.tracking_number or "",
                application.program.code,
                application.organization.name_ru,
                application.status,
                application.submitted_at.isoformat() if application.submitted_at else "",
                application.decided_at.isoformat() if application.decided_at else "",
            ]
            for key in keys:
                value = application.data.get(key, "")
                row.append("; ".join(value) if isinstance(value, list) else value)
            writer.writerow([_csv_safe(cell) for cell in row])
        return response


def _csv_safe(value) -> str:
    """Keep spreadsheets from running an applicant's answer as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@admin.register(ApplicationDocument)
class ApplicationDocumentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "application", "field", "size", "uploaded_by", "created")
    list_select_related = ("application", "field", "uploaded_by")
    search_fields = ("original_name", "application__tracking_number")
    readonly_fields = ("application", "field", "link", "original_name", "size", "uploaded_by", "created")
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("file"))
    def link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


@admin.register(ClusterParticipant)
class ClusterParticipantAdmin(admin.ModelAdmin):
    list_display = ("organization", "role", "industry", "okrug", "joined_at")
    list_filter = ("role", "okrug", "industry")
    list_select_related = ("organization", "industry")
    search_fields = ("organization__name_ru", "organization__name_en")
    raw_id_fields = ("organization", "application")
