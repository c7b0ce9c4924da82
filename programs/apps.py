from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programs and incentives")

    def ready(self):
        from urllib.parse import urlencode

        from django.urls import reverse

        from accounts.dashboard import register_panel
        from directory.extensions import register_profile_section, register_search_area
        from programs import selectors

        register_panel(
            "programs/_dashboard_panel.html",
            lambda user: {"applications": selectors.applications_of(user, limit=10)},
            order=40,
        )
        register_profile_section("programs/_profile_section.html", selectors.participant_for_profile, order=40)
        register_search_area(
            "programs",
            _("Incentives and programs"),
            selectors.search_measures_and_programs,
            order=40,
            more_url=lambda query: reverse("programs:measures") + "?" + urlencode({"q": query}),
        )
