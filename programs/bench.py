"""Benchmark data and pages of the programs area (see bench/run.py).

Runs after `seed_demo --scale 75` (about 22,000 organizations): approved cluster membership applications are
added, with their events, until the public registry has 20,000 participants.
"""

import random

from django.db import transaction
from django.utils import timezone

from accounts.demo import STAFF_EMAIL
from accounts.models import User
from directory.models import Industry, Organization
from programs.demo import admit, cluster_answers, create_applications
from programs.models import Application, ClusterParticipant, Program

DATASET_VERSION = "1"
PARTICIPANTS = 20_000
BATCH = 2_000


def build_dataset(*, stdout) -> str:
    cluster = Program.objects.filter(kind=Program.Kind.CLUSTER).order_by("pk").first()
    if cluster is None:
        raise RuntimeError("No cluster membership program: run seed_demo first.")
    rng = random.Random(f"programs-bench-{DATASET_VERSION}")  # noqa: S311 (benchmark data, not secrets)
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    industries = {industry.slug: industry for industry in Industry.objects.all()}
    slug_of = {industry.pk: industry.slug for industry in industries.values()}
    first_industry = {}
    for organization_id, industry_id in Organization.industries.through.objects.order_by("pk").values_list(
        "organization_id", "industry_id"
    ):
        first_industry.setdefault(organization_id, slug_of[industry_id])
    fallback = next(iter(industries))
    now = timezone.now()

    needed = PARTICIPANTS - ClusterParticipant.objects.count()
    free = (
        Organization.objects.exclude(pk__in=Application.objects.filter(program=cluster).values("organization_id"))
        .exclude(pk__in=ClusterParticipant.objects.values("organization_id"))
        .only("pk", "slug", "name_ru", "okrug", "founded_year")
        .order_by("pk")
    )
    candidates = list(free[: max(needed, 0)])
    for start in range(0, len(candidates), BATCH):
        batch = candidates[start : start + BATCH]
        rows = [
            (cluster, o, Application.Status.APPROVED, cluster_answers(rng, o, first_industry.get(o.pk, fallback)))
            for o in batch
        ]
        with transaction.atomic():
            applications = create_applications(
                rows, applicant_of=lambda organization: None, staff=staff, rng=rng, year=now.year, start=now
            )
            admit(applications, industries)
        stdout.write(f"programs bench: {start + len(batch)} of {len(candidates)} participants added\n")
    total = ClusterParticipant.objects.count()
    return f"{total} cluster participants"


def cases() -> list[dict]:
    return [
        {"page": "programs_cluster_list", "path": "/programs/cluster/", "login": None},
        {"page": "programs_cluster_list_deep_page", "path": "/programs/cluster/?page=300", "login": None},
        {"page": "programs_cluster_role", "path": "/programs/cluster/?role=manufacturer", "login": None},
        {
            "page": "programs_cluster_industry_okrug",
            "path": "/programs/cluster/?industry=software&okrug=cao",
            "login": None,
        },
        {
            "page": "programs_cluster_all_filters",
            "path": "/programs/cluster/?role=developer&industry=ai-data&okrug=zelao&page=2",
            "login": None,
        },
    ]
