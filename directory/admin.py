from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from directory import services
from directory.models import Accreditation, Industry, Membership, Organization, ResidencyEvent, ResidencyRequest
from imoscow.admin import AuditTrailInline
from imoscow.errors import DomainError


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class AccreditationInline(admin.TabularInline):
    model = Accreditation
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "kind", "okrug", "park", "is_verified", "created"]
    list_filter = ["is_verified", "kind", "okrug", "industries"]
    search_fields = ["name_ru", "name_en", "slug", "address", "email"]
    list_select_related = ["park"]
    autocomplete_fields = ["park"]
    filter_horizontal = ["industries"]
    readonly_fields = ["verified_at", "created", "updated", "search_terms"]
    inlines = [MembershipInline, AccreditationInline]
    actions = ["verify"]
    show_facets = admin.ShowFacets.ALWAYS

    def save_model(self, request, obj, form, change):
        # Residency changes go through the service, which records them; the row keeps its old park until then.
        if "park" in form.changed_data:
            form.residency_park = obj.park
            obj.park_id = form.initial.get("park") if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        organization = form.instance
        if hasattr(form, "residency_park"):
            try:
                services.residency_set(organization=organization, park=form.residency_park, user=request.user)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
        # The kind, the capabilities or the industries may have changed: the search vector follows.
        services.organization_search_terms_refresh(organization=organization)

    @admin.action(description=_("Verify the selected organizations"))
    def verify(self, request, queryset):
        count = 0
        for organization in queryset.filter(is_verified=False):
            services.organization_verify(organization=organization, user=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d organization verified.", "%(count)d organizations verified.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "name_en", "slug"]
    search_fields = ["name_ru", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"name_ru", "name_en"} & set(form.changed_data):
            services.industry_search_terms_refresh(industry=obj)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "created"]
    list_filter = ["role"]
    search_fields = ["user__email", "organization__name_ru"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]


class ResidencyEventInline(AuditTrailInline):
    model = ResidencyEvent
    fields = ["created", "actor", "from_status", "to_status", "comment"]


@admin.register(ResidencyRequest)
class ResidencyRequestAdmin(admin.ModelAdmin):
    """Staff read requests and decide them with the same services park administrators use."""

    list_display = ["organization", "park", "status", "created", "decided_at"]
    list_filter = ["status", "park__kind"]
    search_fields = ["organization__name_ru", "organization__name_en", "park__name_ru", "park__name_en"]
    list_select_related = ["organization", "park"]
    readonly_fields = [
        "organization",
        "park",
        "status",
        "message",
        "requested_by",
        "decided_by",
        "decided_at",
        "created",
        "updated",
    ]
    inlines = [ResidencyEventInline]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, service, done_message):
        count = 0
        for residency_request in queryset.filter(status=ResidencyRequest.Status.PENDING).order_by("pk"):
            try:
                service(residency_request=residency_request, user=request.user)
            except DomainError as error:
                self.message_user(request, f"{residency_request}: {error.message}", messages.ERROR)
            else:
                count += 1
        self.message_user(request, done_message(count) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Approve the selected requests"))
    def approve(self, request, queryset):
        self._decide(
            request,
            queryset,
            services.residency_request_approve,
            lambda n: ngettext("%(count)d request approved.", "%(count)d requests approved.", n),
        )

    @admin.action(description=_("Reject the selected requests"))
    def reject(self, request, queryset):
        self._decide(
            request,
            queryset,
            services.residency_request_reject,
            lambda n: ngettext("%(count)d request rejected.", "%(count)d requests rejected.", n),
        )
