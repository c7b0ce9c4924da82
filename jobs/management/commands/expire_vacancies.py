from django.core.management.base import BaseCommand

from jobs.services import vacancies_expire


class Command(BaseCommand):
    help = "Close published vacancies whose 30 days have passed without an extension. Run it from cron, e.g. hourly."

    def handle(self, *args, **options):
        closed = vacancies_expire()
        self.stdout.write(f"Vacancies: {closed} expired and closed.")
