from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from accounts.dashboard import register_panel
        from directory.selectors import memberships_of

        register_panel("directory/_dashboard_panel.html", lambda user: {"memberships": memberships_of(user)}, order=10)
