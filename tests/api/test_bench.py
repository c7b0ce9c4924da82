"""The benchmark's API cases answer 200 for the user they sign in as."""

from django.test import Client

from api import bench
from tests.factories import UserFactory


def test_bench_cases_answer(world, settings):
    settings.API_THROTTLE_USER = "1/min"  # staff are not counted, as the runner's many requests need
    client = Client()
    client.force_login(UserFactory(email=bench.STAFF_EMAIL, is_staff=True))
    cases = bench.cases()
    assert {case["page"] for case in cases} >= {"api_organizations", "api_vacancies", "api_organization_detail"}
    for case in cases:
        for _ in range(3):
            assert client.get(case["path"]).status_code == 200, case
    assert bench.build_dataset(stdout=None)
