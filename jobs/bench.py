"""The job search in `make bench`: 100,000 vacancies (50 times the live portal).

build_dataset runs in the benchmark database after `seed_demo --scale 75` (about 16,000 demo vacancies of
some 20,000 organizations) and adds generated vacancies with COPY until there are 100,000.
"""

import random

from django.db import transaction
from django.utils import timezone

from jobs import demo
from jobs.bulk import copy_insert
from jobs.models import Vacancy

DATASET_VERSION = "1"
TARGET = 100_000
BATCH = 10_000
COMPANY = "neurotechnologies-llc"  # the first demo company: a big employer at every scale


def build_dataset(*, stdout) -> str:
    missing = TARGET - Vacancy.objects.count()
    if missing > 0:
        rng = random.Random("bench-jobs-1")  # noqa: S311 (benchmark data, not secrets)
        organizations, first_industry = demo.employers()
        now = timezone.now()
        added = 0
        while added < missing:
            batch = []
            for _ in range(min(BATCH, missing - added)):
                organization = organizations[rng.randrange(len(organizations))]
                batch.append(
                    demo.build_vacancy(
                        rng,
                        organization,
                        industry_id=first_industry.get(organization.pk),
                        state=demo.random_state(rng),
                        now=now,
                    )
                )
            with transaction.atomic():
                copy_insert(Vacancy, batch)
            added += len(batch)
            stdout.write(f"jobs bench: {added}/{missing} vacancies added")
    total = Vacancy.objects.count()
    open_now = Vacancy.objects.filter(state=Vacancy.State.PUBLISHED).count()
    return f"{total} vacancies ({open_now} published)"


def cases() -> list[dict]:
    return [
        {"page": "jobs_search_all", "path": "/jobs/", "login": None},
        {"page": "jobs_search_text", "path": "/jobs/?q=python", "login": None},
        {
            "page": "jobs_search_filters",
            "path": "/jobs/?profile=software&format=remote&employment=full_time",
            "login": None,
        },
        {
            "page": "jobs_search_text_filters",
            "path": "/jobs/?q=разработчик&okrug=cao&salary_from=150000&sort=salary",
            "login": None,
        },
        {"page": "jobs_company_page", "path": f"/directory/{COMPANY}/", "login": None},
    ]
