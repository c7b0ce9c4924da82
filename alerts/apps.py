from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Saved searches of any catalogue (vacancies, equipment, courses, ...) and the alerts they send."""

    name = "alerts"
    verbose_name = _("Saved searches and alerts")
