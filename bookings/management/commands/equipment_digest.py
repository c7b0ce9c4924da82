from django.core.management.base import BaseCommand

from bookings.equipment.services import digest_send


class Command(BaseCommand):
    help = (
        "Email equipment owners the open requests they could serve that appeared since their last digest. "
        "Run it from cron (daily). Safe to run twice or at once: nothing is sent twice."
    )

    def handle(self, *args, **options):
        sent = digest_send()
        self.stdout.write(f"Equipment digest: {sent} emails sent.")
