from django.core.management.base import BaseCommand

from alerts.models import SavedSearch
from alerts.services import alerts_send


class Command(BaseCommand):
    help = (
        "Email every due saved search what is new since its last email. Run it from cron: "
        "`send_alerts --frequency daily` every day and `send_alerts --frequency weekly` every week. "
        "Safe to run twice or at once: nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--frequency", required=True, choices=SavedSearch.Frequency.values)
        parser.add_argument(
            "--base-url", default=None, help="The portal's address for links in emails (default: settings.SITE_URL)."
        )

    def handle(self, *args, frequency, base_url, **options):
        sent = alerts_send(frequency=frequency, base_url=base_url)
        self.stdout.write(f"Alerts ({frequency}): {sent} emails sent.")
