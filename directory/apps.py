from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from urllib.parse import urlencode

        from django.urls import reverse

        from accounts.dashboard import register_panel
        from directory.extensions import register_search_area
        from directory.selectors import memberships_of, organization_search_hits

        register_panel("directory/_dashboard_panel.html", lambda user: {"memberships": memberships_of(user)}, order=10)
        register_search_area(
            "directory",
            _("Organizations"),
            organization_search_hits,
            order=10,
            more_url=lambda query: f"{reverse('directory:list')}?{urlencode({'q': query})}",
        )
