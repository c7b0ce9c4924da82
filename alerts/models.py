from django.conf import settings
from django.db import models
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from imoscow.models import TimeStampedModel


class SavedSearch(TimeStampedModel):
    """A search a user keeps: the page's query string in one catalogue, and how often to email news."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    area = models.CharField(_("catalogue"), max_length=40, help_text=_("The key of an alert source."))
    query = models.TextField(_("query"), blank=True, help_text=_("The search's query string, normalized."))
    title = models.CharField(_("title"), max_length=200)
    frequency = models.CharField(_("email frequency"), max_length=8, choices=Frequency.choices)
    is_subscribed = models.BooleanField(_("emails on"), default=True)
    language = models.CharField(_("language"), max_length=8, default=settings.LANGUAGE_CODE)
    last_seen_at = models.DateTimeField(_("last visit"))
    last_sent_at = models.DateTimeField(_("last email"), null=True, blank=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["user", "area", "query"], name="saved_search_once_per_user"),
        ]
        indexes = [
            models.Index(
                fields=["frequency", "last_sent_at"],
                condition=models.Q(is_subscribed=True),
                name="saved_search_due",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def query_dict(self) -> QueryDict:
        return QueryDict(self.query)

    def search_path(self) -> str:
        """The catalogue's search page with this search's filters (in the active language)."""
        from alerts.registry import get_source

        path = reverse(get_source(self.area).search_url_name)
        return f"{path}?{self.query}" if self.query else path


class SentItem(models.Model):
    """An item already emailed for a saved search: the same item is never emailed twice."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="sent_items")
    item_key = models.CharField(max_length=64)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sent item")
        verbose_name_plural = _("sent items")
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "item_key"], name="sent_item_once_per_search"),
        ]

    def __str__(self):
        return f"{self.saved_search_id}:{self.item_key}"
