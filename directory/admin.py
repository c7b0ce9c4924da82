from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from directory import services
from directory.models import Accreditation, Industry, Membership, Organization


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
    readonly_fields = ["verified_at", "created", "updated"]
    inlines = [MembershipInline, AccreditationInline]
    actions = ["verify"]
    show_facets = admin.ShowFacets.ALWAYS

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


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "created"]
    list_filter = ["role"]
    search_fields = ["user__email", "organization__name_ru"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]
