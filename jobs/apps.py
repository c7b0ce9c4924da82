from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Jobs")

    def ready(self):
        from urllib.parse import urlencode

        from django.urls import reverse

        from accounts.dashboard import register_panel
        from alerts.registry import register_alert_source
        from directory.extensions import register_profile_section, register_search_area
        from jobs import selectors

        register_panel("jobs/_dashboard_panel.html", selectors.dashboard_context, order=30)
        register_profile_section("jobs/_profile_section.html", selectors.profile_section_context, order=30)
        register_search_area(
            "jobs",
            _("Vacancies"),
            selectors.search_for_site,
            order=30,
            more_url=lambda query: reverse("jobs:index") + "?" + urlencode({"q": query}),
        )
        register_alert_source(
            "jobs",
            label=_("Vacancies"),
            search_url_name="jobs:index",
            new_items=selectors.vacancies_new_since,
            describe=selectors.describe_search,
        )
