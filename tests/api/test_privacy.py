"""No private data anywhere in the API: drafts and unpublished items, applications and their documents,
children and enrollments, members and their addresses, residency requests, vacancies that are not open
(draft, on moderation, closed, expired), candidates' applications and résumés, moderators' reasons.

The private rows are made through the real services, each carrying a marker; then every operation of the
API is called (every list in full, every object's detail, the CSV, the code lists, the schema, the docs
and the sitemaps) and no answer may contain any marker.
"""

import re

import pytest
from django.test import Client

from courses import services as course_services
from directory import services as directory_services
from directory.models import Membership
from jobs import services as job_services
from programs import services as program_services
from tests.courses.factories import ChildFactory, CourseFactory, GroupFactory
from tests.factories import UserFactory
from tests.jobs.factories import days_ago, draft_vacancy, pdf_upload, published_vacancy
from tests.programs.factories import (
    MeasureFactory,
    ProgramFactory,
    application_in,
    cluster_program,
    export_program,
    member,
    pdf,
    start,
)

SECRET = "zzsecret"  # every private row carries it: markers are SECRET + a word


@pytest.fixture
def private(world):
    """Private rows next to the public world, each marked."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    markers = []

    def mark(word):
        markers.append(f"{SECRET}{word}")
        return markers[-1]

    # Members of organizations, with their addresses.
    admin = UserFactory(email=f"{mark('member')}@example.com", first_name=mark("firstname"))
    Membership.objects.create(organization=world.company, user=admin, role=Membership.Role.ADMIN)

    # Unpublished catalogue rows.
    MeasureFactory(slug=mark("measure"), title_ru=mark("measuretitle"), is_published=False)
    ProgramFactory(slug=mark("program"), title_ru=mark("programtitle"), is_published=False)
    hidden_course = CourseFactory(organization=world.centre, title_ru=mark("coursetitle"), is_published=False)
    GroupFactory(course=hidden_course, teacher=mark("hiddenteacher"))

    # Applications at every stage, with answers and a document; a cluster one that admitted the lab.
    export = export_program(slug="export-private")
    applicant = member(world.lab)
    draft = start(export, world.lab, applicant)
    program_services.application_save_draft(
        application=draft,
        user=applicant,
        values={"product": mark("answer")},
        uploads={"deck": pdf(name=f"{mark('document')}.pdf")},
    )
    other = member(world.company)
    submitted = application_in("submitted", export, world.company, other, staff)
    markers.append(submitted.tracking_number)
    cluster = cluster_program(slug="cluster-private")
    approved = application_in("approved", cluster, world.park, member(world.park), staff)
    markers.append(approved.tracking_number)

    # A child enrolled in a public group, and another on its waitlist.
    parent = UserFactory(email=f"{mark('parent')}@example.com")
    child = ChildFactory(parent=parent, name=mark("child"))
    course_services.enrollment_create(child=child, group=world.robots_group, user=parent)

    # A residency request with a message to the park.
    newcomer_admin = member(world.company, role=Membership.Role.ADMIN)
    directory_services.residency_request_create(
        organization=world.company, park=world.park, user=newcomer_admin, message=mark("residency")
    )
    # Vacancies that are not open: a draft, one on moderation, a closed one, one past its open period;
    # and applications (cover letter, résumé) to an open one.
    draft_vacancy(world.lab, title=mark("draftvacancy"))
    waiting = draft_vacancy(world.lab, title=mark("moderationvacancy"))
    job_services.vacancy_submit(vacancy=waiting, user=waiting.created_by)
    closed = published_vacancy(world.lab, title=mark("closedvacancy"))
    job_services.vacancy_close(vacancy=closed, user=closed.created_by)
    published_vacancy(world.lab, title=mark("expiredvacancy"), now=days_ago(45))
    rejected = draft_vacancy(world.lab, title="Отклонённая")
    job_services.vacancy_submit(vacancy=rejected, user=rejected.created_by)
    job_services.vacancy_reject(vacancy=rejected, user=staff, reason=mark("rejection"))
    candidate = UserFactory(email=f"{mark('candidate')}@example.com")
    job_services.application_submit(
        vacancy=world.python_job,
        user=candidate,
        cover_letter=mark("coverletter"),
        resume=pdf_upload(name=f"{mark('resume')}.pdf"),
    )
    return markers


def every_response(client) -> dict[str, bytes]:
    """Call every API operation: lists in full, every object's detail, the CSV and the rest."""
    bodies = {}

    def fetch(url, expect=200):
        response = client.get(url)
        assert response.status_code == expect, (url, response.status_code)
        bodies[url] = b"".join(response.streaming_content) if response.streaming else response.content
        return response

    schema = fetch("/api/v1/openapi.json").json()
    for path in schema["paths"]:
        if "{" not in path:
            response = fetch(path + ("" if path.endswith(".csv") else "?page_size=100"))
            if not path.endswith(".csv") and isinstance(response.json(), dict) and "results" in response.json():
                assert response.json()["pages"] == 1, path  # the whole list is in this one answer
    for row in client.get("/api/v1/organizations?page_size=100").json()["results"]:
        fetch(f"/api/v1/organizations/{row['slug']}")
    for row in client.get("/api/v1/measures?page_size=100").json()["results"]:
        fetch(f"/api/v1/measures/{row['slug']}")
    for row in client.get("/api/v1/programs?page_size=100").json()["results"]:
        fetch(f"/api/v1/programs/{row['slug']}")
    for row in client.get("/api/v1/cluster-participants?page_size=100").json()["results"]:
        fetch(f"/api/v1/cluster-participants/{row['organization']['slug']}")
    for row in client.get("/api/v1/courses?page_size=100").json()["results"]:
        fetch(f"/api/v1/courses/{row['id']}")
    for row in client.get("/api/v1/vacancies?page_size=100").json()["results"]:
        fetch(f"/api/v1/vacancies/{row['id']}")
    for url in ("/api/v1/", "/api/v1/docs", "/sitemap.xml", "/robots.txt"):
        fetch(url)
    for section in re.findall(r"sitemap-([a-z-]+)\.xml", bodies["/sitemap.xml"].decode()):
        fetch(f"/sitemap-{section}.xml")
    return bodies


def test_no_private_data_in_any_answer(private):
    for client in (Client(), _signed_in_as_a_member()):
        bodies = every_response(client)
        assert len(bodies) > 25
        for url, body in bodies.items():
            text = body.decode("utf-8", errors="replace")
            for marker in private:
                assert marker not in text, (url, marker)
            assert SECRET not in text, url


def _signed_in_as_a_member():
    """Being signed in (even as the parent or a member) shows nothing more."""
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email__startswith=f"{SECRET}parent"))
    return client


def test_unpublished_items_are_not_found_by_their_own_address(private, api):
    for url in (
        f"/api/v1/measures/{SECRET}measure",
        f"/api/v1/programs/{SECRET}program",
    ):
        assert api.get(url).status_code == 404
    from courses.models import Course

    hidden = Course.objects.get(title_ru=f"{SECRET}coursetitle")
    assert api.get(f"/api/v1/courses/{hidden.pk}").status_code == 404
    from jobs.models import Vacancy

    for vacancy in Vacancy.objects.filter(title__startswith=SECRET):
        assert api.get(f"/api/v1/vacancies/{vacancy.pk}").status_code == 404, vacancy.title


def test_groups_show_counts_not_children(private, api):
    group = next(
        group
        for course in api.get("/api/v1/courses?page_size=100").json()["results"]
        for group in course["groups"]
        if group["name"]
    )
    assert set(group) == {
        *("id", "name", "teacher", "capacity", "seats_left", "waitlist"),
        *("starts_on", "ends_on", "schedule"),
    }


def test_a_cluster_participant_shows_no_application(private, api):
    participant = api.get("/api/v1/cluster-participants/tech-park").json()
    assert set(participant) == {"organization", "role", "industry", "okrug", "joined_at"}
