from django.contrib import admin

from alerts.models import SavedSearch, SentItem


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "area", "frequency", "is_subscribed", "last_seen_at", "last_sent_at", "created"]
    list_filter = ["area", "frequency", "is_subscribed"]
    search_fields = ["title", "query", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "area", "query", "language", "last_seen_at", "last_sent_at", "created", "updated"]
    fields = [
        "title",
        "user",
        "area",
        "query",
        "frequency",
        "is_subscribed",
        "language",
        "last_seen_at",
        "last_sent_at",
    ]


@admin.register(SentItem)
class SentItemAdmin(admin.ModelAdmin):
    list_display = ["saved_search", "item_key", "sent_at"]
    search_fields = ["saved_search__title", "item_key"]
    list_select_related = ["saved_search"]
    readonly_fields = ["saved_search", "item_key", "sent_at"]
