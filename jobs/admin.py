from django.contrib import admin, messages
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from imoscow.admin import AuditTrailInline
from imoscow.errors import DomainError
from jobs import services
from jobs.forms import VacancyRejectForm
from jobs.models import Application, ApplicationEvent, Vacancy, VacancyEvent


class VacancyEventInline(AuditTrailInline):
    model = VacancyEvent
    fields = ["created", "actor", "from_state", "to_state", "comment"]


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    """Moderation: staff read vacancies and approve, reject (with a reason) or close them by actions.

    Fields are read-only here: every change of a vacancy goes through jobs.services.
    """

    list_display = ["title", "company", "state", "profile", "work_format", "published_at", "expires_at", "updated"]
    list_filter = ["state", "profile", "employment_type", "work_format", "experience", "industry"]
    search_fields = ["title", "company__name_ru", "company__name_en", "skills"]
    list_select_related = ["company"]
    date_hierarchy = "created"
    show_facets = admin.ShowFacets.ALWAYS
    inlines = [VacancyEventInline]
    actions = ["approve", "reject", "close"]
    fields = [
        "company", "created_by", "title", "description", "profile", "industry", "park", "okrug", "work_format",
        "salary_min", "salary_max", "employment_type", "experience", "skills", "state", "published_at",
        "expires_at", "closed_at", "rejection_reason", "created", "updated",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def _run(self, request, queryset, service, done_message, **arguments):
        done, failed = 0, []
        for vacancy in queryset.select_related("company").order_by("pk"):
            try:
                service(vacancy=vacancy, user=request.user, **arguments)
                done += 1
            except DomainError as error:
                failed.append(f"{vacancy}: {error.message}")
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for failure in failed:
            self.message_user(request, failure, messages.ERROR)

    @admin.action(description=_("Approve and publish the selected vacancies"))
    def approve(self, request, queryset):
        self._run(
            request,
            queryset,
            services.vacancy_approve,
            lambda n: ngettext("%(count)d vacancy published.", "%(count)d vacancies published.", n) % {"count": n},
        )

    @admin.action(description=_("Reject the selected vacancies (with a reason)"))
    def reject(self, request, queryset):
        form = VacancyRejectForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run(
                request,
                queryset,
                services.vacancy_reject,
                lambda n: (
                    ngettext(
                        "%(count)d vacancy returned to its company.",
                        "%(count)d vacancies returned to their companies.",
                        n,
                    )
                    % {"count": n}
                ),
                reason=form.cleaned_data["reason"],
            )
            return None
        return render(
            request,
            "admin/jobs/vacancy/reject.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Reject vacancies"),
                "opts": self.model._meta,
                "form": form,
                "vacancies": queryset.select_related("company"),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Close the selected vacancies"))
    def close(self, request, queryset):
        self._run(
            request,
            queryset,
            services.vacancy_close,
            lambda n: ngettext("%(count)d vacancy closed.", "%(count)d vacancies closed.", n) % {"count": n},
        )


class ApplicationEventInline(AuditTrailInline):
    model = ApplicationEvent
    fields = ["created", "actor", "from_status", "to_status", "comment"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Counts and states for staff; resumes stay with the candidate and the company (no file here)."""

    list_display = ["vacancy", "candidate", "status", "created"]
    list_filter = ["status"]
    search_fields = ["vacancy__title", "candidate__email"]
    list_select_related = ["vacancy", "candidate"]
    fields = ["vacancy", "candidate", "status", "status_changed_at", "resume_kind", "created"]
    readonly_fields = fields
    inlines = [ApplicationEventInline]

    def has_add_permission(self, request):
        return False
