from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Bookings")

    def ready(self):
        from accounts.dashboard import register_panel
        from bookings.selectors import dashboard_context, profile_context
        from directory.extensions import register_profile_section

        register_panel("bookings/_dashboard_panel.html", dashboard_context, order=20)
        register_profile_section("bookings/_profile_section.html", profile_context, order=20)
