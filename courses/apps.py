from urllib.parse import urlencode

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Children's courses")

    def ready(self):
        from accounts.dashboard import register_panel
        from courses import selectors
        from directory.extensions import register_profile_section, register_search_area

        register_panel("courses/_dashboard_panel.html", selectors.dashboard_context, order=60)
        register_profile_section("courses/_profile_section.html", selectors.profile_section_context, order=60)
        register_search_area(
            "courses",
            _("Courses for children"),
            selectors.search_courses,
            order=60,
            more_url=lambda query: reverse("courses:index") + "?" + urlencode({"q": query}),
        )
