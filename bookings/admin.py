from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bookings import services
from bookings.models import Blackout, Booking, BookingEvent, BookingSeries, OpeningHours, Resource, ResourcePhoto
from imoscow.admin import AuditTrailInline
from imoscow.errors import DomainError


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    max_num = 7


class PhotoInline(admin.TabularInline):
    model = ResourcePhoto
    extra = 0


class BlackoutInline(admin.TabularInline):
    model = Blackout
    extra = 0
    autocomplete_fields = ["created_by"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "organization", "kind", "capacity", "price_unit", "price", "auto_confirm", "is_active"]
    list_filter = ["is_active", "kind", "auto_confirm", "price_unit", "organization__okrug"]
    search_fields = ["name_ru", "name_en", "organization__name_ru", "organization__slug"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["feed_token", "created", "updated"]
    inlines = [OpeningHoursInline, PhotoInline, BlackoutInline]
    actions = ["activate", "deactivate"]
    show_facets = admin.ShowFacets.ALWAYS

    def _set_active(self, request, queryset, active):
        for resource in queryset.select_related("organization"):
            services.resource_set_active(resource=resource, user=request.user, active=active)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d resource updated.", "%(count)d resources updated.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Take bookings for the selected resources"))
    def activate(self, request, queryset):
        self._set_active(request, queryset, True)

    @admin.action(description=_("Stop bookings for the selected resources"))
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, False)


class EventInline(AuditTrailInline):
    model = BookingEvent
    fields = ["at", "actor", "from_status", "to_status", "comment"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Bookings are made on the site; staff read them here and approve or cancel through the services."""

    list_display = ["pk", "resource", "during", "status", "booked_by", "organization", "people", "price"]
    list_filter = ["status", "resource__kind", "resource__organization__okrug"]
    search_fields = ["=pk", "booked_by__email", "resource__name_ru", "resource__organization__name_ru", "purpose"]
    list_select_related = ["resource", "booked_by", "organization"]
    readonly_fields = [
        "resource",
        "booked_by",
        "organization",
        "series",
        "during",
        "status",
        "people",
        "purpose",
        "price",
        "reason",
        "created",
        "updated",
    ]
    inlines = [EventInline]
    actions = ["approve", "cancel"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _apply(self, request, queryset, action):
        done, refused = 0, []
        for booking in queryset.select_related("resource__organization"):
            try:
                action(booking)
                done += 1
            except DomainError as error:
                refused.append(f"№{booking.pk}: {error.message}")
        if done:
            self.message_user(
                request,
                ngettext("%(count)d booking changed.", "%(count)d bookings changed.", done) % {"count": done},
                messages.SUCCESS,
            )
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description=_("Approve the selected bookings"))
    def approve(self, request, queryset):
        self._apply(request, queryset, lambda b: services.booking_approve(booking=b, user=request.user))

    @admin.action(description=_("Cancel the selected bookings (by staff)"))
    def cancel(self, request, queryset):
        reason = str(_("Cancelled by the portal's staff."))
        self._apply(request, queryset, lambda b: services.booking_cancel(booking=b, user=request.user, reason=reason))


@admin.register(BookingSeries)
class BookingSeriesAdmin(admin.ModelAdmin):
    list_display = ["pk", "resource", "booked_by", "weeks", "created"]
    search_fields = ["=pk", "booked_by__email", "resource__name_ru"]
    list_select_related = ["resource", "booked_by"]
    readonly_fields = ["resource", "booked_by", "organization", "weeks", "purpose", "created", "updated"]

    def has_add_permission(self, request):
        return False


import bookings.equipment.admin  # noqa: E402, F401  (the equipment models' admin)
