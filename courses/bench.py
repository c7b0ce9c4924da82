"""Benchmark hook of the course finder (see bench/run.py).

`build_dataset` runs in the benchmark database after `seed_demo --scale 75` (about 1,650 youth centres):
it makes sure every youth centre has courses, groups and enrolled children, then the runner times the
finder unfiltered, by age and topic, by okrug, weekday and free, and by text.
"""

import random

from django.db import transaction
from django.utils import timezone

from courses.demo import PARENT_EMAIL, add_courses
from courses.models import Child, Course, Enrollment, Group
from directory.models import Organization

DATASET_VERSION = "1"


def build_dataset(*, stdout) -> str:
    centres = list(
        Organization.objects.filter(kind=Organization.Kind.YOUTH_CENTRE, courses__isnull=True).order_by("pk").distinct()
    )
    with transaction.atomic():
        add_courses(centres, rng=random.Random("bench-courses"), today=timezone.localdate())  # noqa: S311
    stdout.write(f"courses: topped up {len(centres)} youth centres without courses\n")
    centre_count = Organization.objects.filter(kind=Organization.Kind.YOUTH_CENTRE).count()
    return (
        f"{Course.objects.count()} courses, {Group.objects.count()} groups, "
        f"{Enrollment.objects.count()} enrollments at {centre_count} youth centres"
    )


def cases() -> list[dict]:
    """The finder four ways, and "fits my child" for the demo parent when the bench data has them."""
    pages = [
        {"page": "courses_finder", "path": "/courses/", "login": None},
        {"page": "courses_finder_age_topic", "path": "/courses/?age=10&topic=robotics", "login": None},
        {"page": "courses_finder_okrug_weekday_free", "path": "/courses/?okrug=yuzao&weekday=2&free=on", "login": None},
        {"page": "courses_finder_text", "path": "/courses/?q=%D1%80%D0%BE%D0%B1%D0%BE%D1%82%D1%8B", "login": None},
        {"page": "courses_finder_page_5", "path": "/courses/?page=5", "login": None},
    ]
    child = Child.objects.filter(parent__email=PARENT_EMAIL).order_by("pk").first()
    if child is not None:
        pages.append(
            {"page": "courses_finder_fits_my_child", "path": f"/courses/?child={child.pk}", "login": PARENT_EMAIL}
        )
    return pages
