import importlib
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Fill the database with deterministic demo data for every area of the portal. Safe to run again: "
        "what exists is kept and only what is missing is added."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Multiply the amount of data (1 = a city's worth).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed; the same seed gives the same data.")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any organization exists.")

    def handle(self, *args, scale, seed, if_empty, **options):
        from accounts.demo import COMPANY_ADMIN_EMAIL, COMPANY_ADMIN_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
        from directory.models import Organization

        if if_empty and Organization.objects.exists():
            self.stdout.write("Demo data: the database already has organizations; nothing to add.")
        else:
            self._seed(scale, seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"\nSign in as staff (admin at /admin/): {STAFF_EMAIL} / {STAFF_PASSWORD}"
                f"\nSign in as a company administrator: {COMPANY_ADMIN_EMAIL} / {COMPANY_ADMIN_PASSWORD}\n"
            )
        )

    def _seed(self, scale, seed):
        # Each portal app may have a `demo` module with `seed(scale=, rng=, stdout=)`; they run in
        # dependency order, so later apps find the organizations and users of earlier ones.
        for app in settings.PORTAL_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app}.demo":
                    raise
                continue
            started = time.monotonic()
            with transaction.atomic():
                rng = random.Random(f"{seed}-{app}")  # noqa: S311 (demo data, not secrets)
                module.seed(scale=scale, rng=rng, stdout=self.stdout)
            self.stdout.write(f"Demo data: {app} done in {time.monotonic() - started:.1f} s")
