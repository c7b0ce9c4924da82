from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bookings.equipment import services
from bookings.equipment.models import (
    Category,
    EquipmentItem,
    EquipmentRequest,
    Offer,
    OfferEvent,
    RequestEvent,
    Specification,
    ThreadMessage,
)
from imoscow.errors import DomainError


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "name_en", "parent", "position"]
    list_filter = ["parent"]
    search_fields = ["name_ru", "name_en", "slug"]
    list_select_related = ["parent"]


class SpecificationInline(admin.TabularInline):
    model = Specification
    extra = 0


@admin.register(EquipmentItem)
class EquipmentItemAdmin(admin.ModelAdmin):
    list_display = ["resource", "organization", "category", "price", "price_unit", "with_operator", "is_active"]
    list_filter = ["is_active", "with_operator", "time_bookable", "category", "okrug", "accreditation"]
    search_fields = ["resource__name_ru", "resource__name_en", "manufacturer", "model_name", "organization__name_ru"]
    list_select_related = ["resource", "organization", "category"]
    raw_id_fields = ["resource", "organization"]
    readonly_fields = ["search_text_ru", "search_text_en", "created", "updated"]
    inlines = [SpecificationInline]


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    readonly_fields = ["actor", "at", "from_status", "to_status", "comment"]


@admin.register(EquipmentRequest)
class EquipmentRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "organization", "category", "status", "visibility", "created"]
    list_filter = ["status", "visibility", "category", "okrug"]
    search_fields = ["title", "author__email", "organization__name_ru"]
    list_select_related = ["author", "organization", "category"]
    raw_id_fields = ["author", "organization"]
    inlines = [RequestEventInline]
    actions = ["cancel"]

    @admin.action(description=_("Cancel the selected open requests"))
    def cancel(self, request, queryset):
        done = 0
        for equipment_request in queryset.filter(status=EquipmentRequest.Status.OPEN).order_by("pk"):
            try:
                services.request_cancel(equipment_request=equipment_request, user=request.user)
                done += 1
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
        self.message_user(
            request,
            ngettext("%(count)d request cancelled.", "%(count)d requests cancelled.", done) % {"count": done},
            messages.SUCCESS,
        )


class OfferEventInline(admin.TabularInline):
    model = OfferEvent
    extra = 0
    can_delete = False
    readonly_fields = ["actor", "at", "from_status", "to_status", "comment"]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["request", "organization", "item", "price", "status", "created"]
    list_filter = ["status"]
    search_fields = ["request__title", "organization__name_ru"]
    list_select_related = ["request", "organization", "item__resource"]
    raw_id_fields = ["request", "item", "organization", "author", "booking"]
    inlines = [OfferEventInline]


@admin.register(ThreadMessage)
class ThreadMessageAdmin(admin.ModelAdmin):
    list_display = ["request", "organization", "author", "created"]
    search_fields = ["request__title", "body"]
    list_select_related = ["request", "organization", "author"]
    raw_id_fields = ["request", "organization", "author"]
