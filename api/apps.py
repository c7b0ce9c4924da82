from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The public read-only JSON API, feeds and open data."""

    name = "api"
    verbose_name = _("Public API")
