"""Benchmark hook of the public API (see bench/run.py): the busiest lists with filters, and a detail.

The API adds no data of its own. Cases sign in as the demo staff user, whom the rate limit does not count:
the runner sends hundreds of requests from one client, which an anonymous client may not.
"""

from directory.models import Organization

DATASET_VERSION = "1"
STAFF_EMAIL = "staff@imoscow.example"


def build_dataset(*, stdout) -> str:
    return "the other areas' data"


def cases() -> list[dict]:
    pages = [
        {"page": "api_organizations", "path": "/api/v1/organizations", "login": STAFF_EMAIL},
        {
            "page": "api_organizations_filtered",
            "path": "/api/v1/organizations?kind=laboratory&capability=test&okrug=zao&page=2",
            "login": STAFF_EMAIL,
        },
        {
            "page": "api_organizations_text",
            "path": "/api/v1/organizations?q=%D0%BB%D0%B0%D0%B1%D0%BE%D1%80%D0%B0%D1%82%D0%BE%D1%80%D0%B8%D1%8F",
            "login": STAFF_EMAIL,
        },
        {"page": "api_vacancies", "path": "/api/v1/vacancies?profile=software&sort=salary", "login": STAFF_EMAIL},
        {"page": "api_courses", "path": "/api/v1/courses?age=10", "login": STAFF_EMAIL},
        {"page": "api_measures", "path": "/api/v1/measures?accepting=true", "login": STAFF_EMAIL},
    ]
    park = Organization.objects.filter(kind=Organization.Kind.TECHNOPARK).order_by("pk").only("slug").first()
    if park is not None:
        pages.append(
            {"page": "api_organization_detail", "path": f"/api/v1/organizations/{park.slug}", "login": STAFF_EMAIL}
        )
    return pages
