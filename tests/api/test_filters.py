"""Every filter the schema documents narrows the list as the portal's page does; none is left untested."""

import pytest
from django.test import Client
from django.utils import timezone

from api.v1 import api as ninja_api
from tests.api.conftest import get_json
from tests.courses.factories import CourseFactory, GroupFactory

PAGING = {"page", "page_size"}


def org_slugs(payload):
    return [row["slug"] for row in payload["results"]]


def participant_slugs(payload):
    return [row["organization"]["slug"] for row in payload["results"]]


def accreditation_keys(payload):
    return [f"{row['organization']['slug']}:{row['standard']}" for row in payload["results"]]


def vacancy_titles(payload):
    return [row["title"] for row in payload["results"]]


def course_titles(payload):
    return [row["title_en"] for row in payload["results"]]


KEYS = {
    "/api/v1/organizations": org_slugs,
    "/api/v1/accreditations": accreditation_keys,
    "/api/v1/measures": org_slugs,
    "/api/v1/programs": org_slugs,
    "/api/v1/cluster-participants": participant_slugs,
    "/api/v1/courses": course_titles,
    "/api/v1/vacancies": vacancy_titles,
}

PYTHON, ENGINEER = "Python-разработчик", "Инженер-испытатель"
TODAY = "today"  # replaced by today's date when the case runs

# (path, filter) -> [(parameters, expected keys, ordered?)]
CASES = {
    ("/api/v1/organizations", "q"): [
        ({"q": "лаборатория"}, ["test-lab"], False),
        ({"q": "robotics"}, ["gamma-robots"], False),
    ],
    ("/api/v1/organizations", "kind"): [
        ({"kind": "laboratory"}, ["test-lab"], False),
        ({"kind": ["laboratory", "company"]}, ["test-lab", "gamma-robots"], False),
    ],
    ("/api/v1/organizations", "okrug"): [({"okrug": "zao"}, ["test-lab"], False)],
    ("/api/v1/organizations", "capability"): [
        ({"capability": "test"}, ["test-lab"], False),
        ({"capability": ["design", "certify"]}, ["test-lab", "gamma-robots"], False),
    ],
    ("/api/v1/organizations", "industry"): [({"industry": "biotech"}, ["gamma-robots"], False)],
    ("/api/v1/organizations", "standard"): [({"standard": "iso_9001"}, ["gamma-robots"], False)],
    ("/api/v1/organizations", "park"): [({"park": "tech-park"}, ["test-lab"], False)],
    ("/api/v1/organizations", "verified"): [
        ({"verified": "true"}, ["tech-park", "test-lab", "quantorium"], False),
        ({"verified": "false"}, ["tech-park", "test-lab", "gamma-robots", "quantorium"], False),
    ],
    ("/api/v1/organizations", "sort"): [
        ({"sort": "newest"}, ["quantorium", "gamma-robots", "test-lab", "tech-park"], True),
        ({"sort": "relevance", "q": "лаборатория OR роботикс"}, ["test-lab", "gamma-robots"], False),
    ],
    ("/api/v1/accreditations", "standard"): [({"standard": "iso_17025"}, ["test-lab:iso_17025"], False)],
    ("/api/v1/accreditations", "organization"): [({"organization": "gamma-robots"}, ["gamma-robots:iso_9001"], False)],
    ("/api/v1/accreditations", "valid_on"): [({"valid_on": TODAY}, ["test-lab:iso_17025"], False)],
    ("/api/v1/measures", "q"): [({"q": "робототехника"}, ["robot-grant"], False)],
    ("/api/v1/measures", "kind"): [
        ({"kind": "loan"}, ["any-loan"], False),
        ({"kind": ["loan", "subsidy"]}, ["any-loan", "bio-subsidy"], False),
    ],
    ("/api/v1/measures", "industry"): [({"industry": "robotics"}, ["robot-grant", "any-loan"], False)],
    ("/api/v1/measures", "okrug"): [({"okrug": "sao"}, ["any-loan", "bio-subsidy"], False)],
    ("/api/v1/measures", "accepting"): [({"accepting": "true"}, ["robot-grant", "bio-subsidy"], False)],
    ("/api/v1/programs", "kind"): [({"kind": "cluster"}, ["cluster-later"], False)],
    ("/api/v1/programs", "open"): [
        ({"open": "true"}, ["export-now"], False),
        ({"open": "false"}, ["cluster-later"], False),
    ],
    ("/api/v1/cluster-participants", "role"): [({"role": "investor"}, ["gamma-robots"], False)],
    ("/api/v1/cluster-participants", "industry"): [({"industry": "robotics"}, ["test-lab"], False)],
    ("/api/v1/cluster-participants", "okrug"): [({"okrug": "zao"}, ["test-lab"], False)],
    ("/api/v1/courses", "q"): [({"q": "python"}, ["Python programming"], False)],
    ("/api/v1/courses", "age"): [
        ({"age": 8}, ["Arduino robots"], False),
        ({"age": 12}, ["Arduino robots", "Python programming"], False),
    ],
    ("/api/v1/courses", "topic"): [({"topic": "programming"}, ["Python programming"], False)],
    ("/api/v1/courses", "okrug"): [({"okrug": "sao"}, ["Python programming"], False)],
    ("/api/v1/courses", "weekday"): [({"weekday": 5}, ["Python programming"], False)],
    ("/api/v1/courses", "time_of_day"): [({"time_of_day": "morning"}, ["Python programming"], False)],
    ("/api/v1/courses", "free"): [({"free": "true"}, ["Arduino robots"], False)],
    ("/api/v1/vacancies", "q"): [({"q": "python"}, [PYTHON], False), ({"q": "инженера"}, [ENGINEER], False)],
    ("/api/v1/vacancies", "profile"): [
        ({"profile": "engineering"}, [ENGINEER], False),
        ({"profile": ["engineering", "software"]}, [PYTHON, ENGINEER], False),
    ],
    ("/api/v1/vacancies", "industry"): [({"industry": "biotech"}, [ENGINEER], False)],
    ("/api/v1/vacancies", "company"): [({"company": "Бета"}, [PYTHON], False)],
    ("/api/v1/vacancies", "org"): [({"org": "tech-park"}, [ENGINEER], False)],
    ("/api/v1/vacancies", "park"): [({"park": "tech-park"}, [PYTHON], False)],
    ("/api/v1/vacancies", "okrug"): [({"okrug": "sao"}, [ENGINEER], False)],
    ("/api/v1/vacancies", "format"): [({"format": "remote"}, [PYTHON], False)],
    ("/api/v1/vacancies", "salary_from"): [({"salary_from": 250_000}, [PYTHON], False)],
    ("/api/v1/vacancies", "employment"): [({"employment": "internship"}, [ENGINEER], False)],
    ("/api/v1/vacancies", "experience"): [({"experience": "3_6"}, [PYTHON], False)],
    ("/api/v1/vacancies", "posted"): [
        ({"posted": "7"}, [PYTHON], False),
        ({"posted": "30"}, [PYTHON, ENGINEER], False),
    ],
    ("/api/v1/vacancies", "with_salary"): [({"with_salary": "true"}, [PYTHON], False)],
    ("/api/v1/vacancies", "sort"): [
        ({"sort": "date"}, [PYTHON, ENGINEER], True),
        ({"sort": "salary", "org": "", "okrug": ["", "sao", "zao"]}, [PYTHON, ENGINEER], True),  # as forms send
    ],
}


def documented_filters() -> set[tuple[str, str]]:
    schema = ninja_api.get_openapi_schema()
    found = set()
    for path, operations in schema["paths"].items():
        if path.endswith(".csv"):
            continue  # the CSV takes the JSON list's filters: tested in test_csv
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] == "query" and parameter["name"] not in PAGING:
                found.add((path, parameter["name"]))
    return found


def test_every_documented_filter_has_a_case():
    assert documented_filters() == set(CASES)


@pytest.mark.parametrize(("path", "name"), sorted(CASES))
def test_filter_narrows_the_list(api, world, path, name):
    for params, expected, ordered in CASES[(path, name)]:
        params = {key: timezone.localdate().isoformat() if value == TODAY else value for key, value in params.items()}
        payload = get_json(api, path, page_size=100, **params)
        found = KEYS[path](payload)
        assert (found if ordered else sorted(found)) == (expected if ordered else sorted(expected)), params
        assert payload["count"] == len(expected)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/organizations", {"kind": "bogus"}),
        ("/api/v1/organizations", {"industry": "no-such-industry"}),
        ("/api/v1/organizations", {"page_size": 101}),
        ("/api/v1/organizations", {"page": 0}),
        ("/api/v1/organizations", {"q": "nul\x00byte"}),
        ("/api/v1/measures", {"industry": "no-such-industry"}),
        ("/api/v1/cluster-participants", {"industry": "no-such-industry"}),
        ("/api/v1/courses", {"age": 2}),
        ("/api/v1/courses", {"weekday": 7}),
        ("/api/v1/accreditations", {"valid_on": "yesterday"}),
    ],
)
def test_bad_filters_are_a_422_naming_the_parameter(api, world, path, params):
    response = api.get(path, params)
    assert response.status_code == 422
    names = {str(part) for error in response.json()["detail"] for part in error["loc"]}
    assert set(params) & names


def test_the_directory_api_and_page_agree(world):
    """The same filters give the same organizations in the same order on the page and in the API."""
    client = Client()
    params = {"capability": ["test", "design"], "sort": "name"}
    page = client.get("/directory/", params)
    api_slugs = org_slugs(get_json(client, "/api/v1/organizations", **params))
    page_slugs = [organization.slug for organization in page.context["page"].object_list]
    assert api_slugs == page_slugs == ["test-lab", "gamma-robots"]  # verified first


def test_pagination_counts_and_links(api, world):
    first = get_json(api, "/api/v1/organizations", page_size=3)
    assert (first["count"], first["pages"], first["page"], len(first["results"])) == (4, 2, 1, 3)
    assert first["previous"] is None and "page=2" in first["next"]
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None and "page=1" in second["previous"]
    assert not set(org_slugs(first)) & set(org_slugs(second))
    beyond = get_json(api, "/api/v1/organizations", page=9, page_size=3)
    assert beyond["results"] == [] and beyond["count"] == 4


def test_courses_show_only_the_groups_that_meet_the_group_filters(api, world):
    course = CourseFactory(organization=world.centre, topic="electronics")
    GroupFactory(course=course, slots=[(2, "09:00", "10:00")])
    evening = GroupFactory(course=course, slots=[(2, "18:00", "19:00")])
    payload = get_json(api, "/api/v1/courses", time_of_day="evening", topic="electronics")
    (found,) = payload["results"]
    assert [group["id"] for group in found["groups"]] == [evening.pk]
    assert found["groups"][0]["schedule"] == [{"weekday": 2, "starts_at": "18:00", "ends_at": "19:00"}]
