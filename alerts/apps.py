from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Saved searches of any catalogue (vacancies, equipment, courses, ...) and the alerts they send.

    Catalogues register an alert source (see alerts/registry.py); this app imports none of them.
    """

    name = "alerts"
    verbose_name = _("Saved searches and alerts")

    def ready(self):
        from accounts.dashboard import register_panel
        from alerts.selectors import saved_searches_with_news

        register_panel("alerts/_dashboard_panel.html", lambda user: {"rows": saved_searches_with_news(user)}, order=90)
