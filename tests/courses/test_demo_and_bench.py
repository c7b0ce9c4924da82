import io
import random

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.test import Client
from django.utils import timezone

from accounts.models import User
from courses import bench
from courses.demo import PARENT_EMAIL, add_courses
from courses.models import Course, Enrollment, Group
from directory.models import Organization

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


def test_demo_courses_at_every_youth_centre_some_full_with_waitlists_idempotent():
    call_command("seed_demo", "--scale", "1", verbosity=0)
    centres = Organization.objects.filter(kind=Organization.Kind.YOUTH_CENTRE)
    assert centres.exists()
    assert not centres.filter(courses__isnull=True).exists()
    counts = (Course.objects.count(), Group.objects.count(), Enrollment.objects.count())

    call_command("seed_demo", "--scale", "1", verbosity=0)
    assert (Course.objects.count(), Group.objects.count(), Enrollment.objects.count()) == counts

    today = timezone.localdate()
    assert not Group.objects.filter(ends_on__lt=today).exists()
    groups = Group.objects.annotate(
        enrolled=Count("enrollments", filter=Q(enrollments__status=Status.ENROLLED)),
        waiting=Count("enrollments", filter=Q(enrollments__status=Status.WAITLISTED)),
    )
    assert not [g for g in groups if g.enrolled > g.capacity]
    assert [g for g in groups if g.enrolled == g.capacity and g.waiting > 0]
    assert not [g for g in groups if g.waiting and g.enrolled < g.capacity]
    for enrollment in Enrollment.objects.select_related("child", "group__course")[:300]:
        course = enrollment.group.course
        assert course.min_age <= enrollment.child.age <= course.max_age
    parent_statuses = set(Enrollment.objects.filter(child__parent__email=PARENT_EMAIL).values_list("status", flat=True))
    assert parent_statuses == {Status.ENROLLED, Status.WAITLISTED}


def test_bench_tops_up_centres_without_courses_and_every_case_renders():
    centres = [
        Organization.objects.create(kind=Organization.Kind.YOUTH_CENTRE, slug=f"centre-{n}", name_ru=f"Центр {n}")
        for n in range(3)
    ]
    add_courses(centres[:1], rng=random.Random(1), today=timezone.localdate())
    described = bench.build_dataset(stdout=io.StringIO())
    assert "3 youth centres" in described
    assert not Organization.objects.filter(kind=Organization.Kind.YOUTH_CENTRE, courses__isnull=True).exists()
    assert bench.DATASET_VERSION
    call_command("seed_demo", "--scale", "1", verbosity=0)  # the demo parent, whose child the last case uses
    cases = bench.cases()
    assert cases[-1]["login"] == PARENT_EMAIL
    for case in cases:
        client = Client()
        if case["login"]:
            client.force_login(User.objects.get(email=case["login"]))
        assert client.get(case["path"]).status_code == 200, case
