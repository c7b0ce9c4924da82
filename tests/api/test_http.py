"""Conditional requests, rate limits and cheap constant-query answers."""

import datetime

import pytest
from django.test import Client
from django.utils.http import http_date, parse_http_date

from courses import services as course_services
from tests.api.conftest import get_json
from tests.courses.factories import ChildFactory
from tests.factories import OrganizationFactory, UserFactory
from tests.jobs.factories import published_vacancy

LIST_URLS = [
    "/api/v1/organizations",
    "/api/v1/accreditations",
    "/api/v1/industries",
    "/api/v1/measures",
    "/api/v1/programs",
    "/api/v1/cluster-participants",
    "/api/v1/courses",
    "/api/v1/vocabularies",
    "/api/v1/vacancies",
]
DETAIL_URLS = [
    "/api/v1/organizations/test-lab",
    "/api/v1/measures/robot-grant",
    "/api/v1/programs/export-now",
    "/api/v1/cluster-participants/test-lab",
]


@pytest.mark.parametrize("url", LIST_URLS + DETAIL_URLS)
def test_etag_and_last_modified_give_304(api, world, url):
    first = api.get(url)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and last_modified.endswith("GMT")
    assert "public" in first["Cache-Control"]

    again = api.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag

    since = api.get(url, headers={"If-Modified-Since": last_modified})
    assert since.status_code == 304

    other = api.get(url, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.content == first.content


def test_a_change_gives_a_new_etag_and_a_later_last_modified(api, world):
    url = "/api/v1/organizations/test-lab"
    first = api.get(url)
    world.lab.accreditations.create(standard="gost_r", certificate_number="G-1")  # no `updated` touched
    # Last-Modified has a one-second grain: make the first answer look a minute old.
    from django.core.cache import cache

    from api.http import _url_key

    request = first.wsgi_request
    etag, seen = cache.get(_url_key(request))
    cache.set(_url_key(request), (etag, seen - 60))

    second = api.get(url, headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert "gost_r" in second.content.decode()
    stale = api.get(url, headers={"If-Modified-Since": http_date(seen - 30)})
    assert stale.status_code == 200  # changed after that moment


def test_seats_left_change_the_etag_of_a_course(api, world):
    """Seats are counted from enrollments, which never touch the course row: the body hash sees them."""
    url = f"/api/v1/courses/{world.robots.pk}"
    before = api.get(url)
    parent = UserFactory()
    child = ChildFactory(parent=parent)
    course_services.enrollment_create(child=child, group=world.robots_group, user=parent)
    after = api.get(url, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after.json()["groups"][0]["seats_left"] == before.json()["groups"][0]["seats_left"] - 1


def test_anonymous_clients_get_429_with_retry_after(api, world, settings):
    settings.API_THROTTLE_ANON = "3/min"
    statuses = [api.get("/api/v1/industries").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = api.get("/api/v1/measures")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited.json() == {"detail": "Too many requests."}
    # Another address has its own allowance.
    assert Client(REMOTE_ADDR="10.0.0.2").get("/api/v1/industries").status_code == 200


def test_forwarded_for_is_trusted_only_behind_configured_proxies(world, settings):
    settings.API_THROTTLE_ANON = "1/min"
    client = Client(REMOTE_ADDR="10.0.0.9")
    assert client.get("/api/v1/industries", headers={"X-Forwarded-For": "1.1.1.1"}).status_code == 200
    # Without NINJA_NUM_PROXIES a client cannot dodge the limit by inventing addresses.
    assert client.get("/api/v1/industries", headers={"X-Forwarded-For": "2.2.2.2"}).status_code == 429
    settings.NINJA_NUM_PROXIES = 1
    assert client.get("/api/v1/industries", headers={"X-Forwarded-For": "3.3.3.3"}).status_code == 200


def test_signed_in_users_have_a_higher_limit_and_staff_none(world, settings):
    settings.API_THROTTLE_ANON = "2/min"
    settings.API_THROTTLE_USER = "5/min"
    anonymous, member, staff = Client(), Client(), Client()
    member.force_login(UserFactory())
    staff.force_login(UserFactory(is_staff=True))
    assert [anonymous.get("/api/v1/industries").status_code for _ in range(3)] == [200, 200, 429]
    assert [member.get("/api/v1/industries").status_code for _ in range(6)] == [200] * 5 + [429]
    assert {staff.get("/api/v1/industries").status_code for _ in range(8)} == {200}


def test_answers_are_open_to_other_sites(api, world):
    response = api.get("/api/v1/organizations")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_unknown_paths_answer_in_json(api, db):
    response = api.get("/api/v1/no/such/thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert api.get("/api/v1/courses/abc").status_code == 422
    assert api.get("/api/v1/courses/999999").json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/organizations?capability=test&sort=newest", 6),
        ("/api/v1/organizations?q=организация", 6),
        ("/api/v1/measures?kind=grant", 5),
        ("/api/v1/programs", 6),
        ("/api/v1/cluster-participants", 6),
        ("/api/v1/courses?age=10", 6),
        ("/api/v1/accreditations", 5),
        ("/api/v1/vacancies?q=инженер&sort=salary", 5),
    ],
)
def test_lists_take_the_same_number_of_queries_at_any_size(world, url, queries, django_assert_max_num_queries):
    client = Client()
    client.force_login(UserFactory(is_staff=True))  # no rate-limit bookkeeping in the count
    for size in (2, 12):
        _grow(world, size)
        with django_assert_max_num_queries(queries):
            assert client.get(url + ("&" if "?" in url else "?") + "page_size=100").status_code == 200


def _grow(world, n):
    from directory.models import Accreditation
    from programs.models import ClusterParticipant
    from tests.courses.factories import CourseFactory, GroupFactory
    from tests.programs.factories import MeasureFactory, ProgramFactory

    for _ in range(n):
        organization = OrganizationFactory(capabilities=["test"], park=world.park)
        organization.industries.add(world.robotics)
        Accreditation.objects.create(organization=organization, standard="gost_r")
        ClusterParticipant.objects.create(organization=organization, role="developer", industry=world.biotech)
        measure = MeasureFactory()
        measure.industries.add(world.robotics)
        ProgramFactory().industries.add(world.biotech)
        GroupFactory(course=CourseFactory(organization=world.centre))
        published_vacancy(world.lab, staff=world.staff)


def test_last_modified_survives_when_nothing_changes(api, world):
    first = api.get("/api/v1/programs")
    second = api.get("/api/v1/programs")
    assert first["Last-Modified"] == second["Last-Modified"]
    assert first["ETag"] == second["ETag"]
    assert parse_http_date(first["Last-Modified"]) <= datetime.datetime.now(tz=datetime.UTC).timestamp()


def test_organization_detail(api, world):
    payload = get_json(api, "/api/v1/organizations/test-lab")
    assert payload["park"] == {"slug": "tech-park", "name_ru": "Технопарк Альфа", "name_en": "Alpha Park"}
    assert payload["industries"] == [{"slug": "robotics", "name_ru": "Робототехника", "name_en": "Robotics"}]
    assert payload["accreditations"][0]["standard"] == "iso_17025"
    assert payload["url"].endswith("/directory/test-lab/") and payload["url_en"].endswith("/en/directory/test-lab/")
    assert get_json(api, "/api/v1/organizations/tech-park")["resident_count"] == 1
    assert api.get("/api/v1/organizations/nobody").status_code == 404


def test_vocabularies_name_every_code_in_both_languages(api, db):
    payload = get_json(api, "/api/v1/vocabularies")
    assert {"organization_kind", "okrug", "measure_kind", "cluster_role", "course_topic", "weekday"} <= set(payload)
    central = next(row for row in payload["okrug"] if row["code"] == "cao")
    assert central["en"] == "Central"
    assert central["ru"] and central["ru"] != "Central"
