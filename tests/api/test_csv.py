"""The directory as CSV: streamed, filtered like the page, bounded, and safe to open in a spreadsheet."""

import csv
import io

from django.test import Client

from api import exports
from tests.factories import OrganizationFactory


def read_csv(response) -> list[dict]:
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_has_the_filtered_directory_in_the_pages_order(api, world):
    response = api.get("/api/v1/organizations.csv", {"capability": ["test", "design"]})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="organizations.csv"'
    assert response["X-Row-Limit"] == str(exports.EXPORT_ROW_LIMIT)
    assert response["X-Total-Count"] == "2"
    assert not response.has_header("X-Truncated")
    rows = read_csv(response)
    assert [row["slug"] for row in rows] == ["test-lab", "gamma-robots"]
    lab = rows[0]
    assert lab["industries"] == "robotics" and lab["park"] == "tech-park" and lab["capabilities"] == "test;certify"
    assert lab["verified"] == "true" and lab["url"].endswith("/directory/test-lab/")


def test_csv_cells_cannot_run_as_formulas(api, world):
    OrganizationFactory(slug="formula", name_ru="=1+2", name_en="@SUM(A1)", address="-2+3", phone="+7 495 000-00-00")
    rows = {row["slug"]: row for row in read_csv(api.get("/api/v1/organizations.csv"))}
    formula = rows["formula"]
    assert formula["name_ru"] == "'=1+2"
    assert formula["name_en"] == "'@SUM(A1)"
    assert formula["address"] == "'-2+3"
    assert formula["phone"] == "'+7 495 000-00-00"
    assert rows["gamma-robots"]["email"] == "'=HYPERLINK(evil)"
    assert formula["latitude"] == "55.757000"  # numbers stay numbers


def test_csv_stops_at_the_row_limit_and_says_so(api, world, monkeypatch):
    monkeypatch.setattr("api.areas.directory.EXPORT_ROW_LIMIT", 3)
    response = api.get("/api/v1/organizations.csv")
    assert response["X-Total-Count"] == "4"
    assert response["X-Truncated"] == "true"
    assert len(read_csv(response)) == 3


def test_csv_rejects_bad_filters_like_the_json_list(api, world):
    response = api.get("/api/v1/organizations.csv", {"kind": "bogus"})
    assert response.status_code == 422


def test_directory_page_links_to_the_csv_with_its_filters(world):
    page = Client().get("/directory/", {"kind": "laboratory", "verified": "on", "page": "2"}).content.decode()
    assert 'href="/api/v1/organizations.csv?kind=laboratory&amp;verified=on"' in page
    assert "10\xa0000" in page or "10 000" in page or "10,000" in page


def test_vacancies_csv_has_the_filtered_open_vacancies(api, world):
    response = api.get("/api/v1/vacancies.csv", {"sort": "salary", "org": ""})
    assert response["X-Total-Count"] == "2"
    rows = read_csv(response)
    assert [row["title"] for row in rows] == ["Python-разработчик", "Инженер-испытатель"]
    python = rows[0]
    assert (python["company"], python["park"], python["salary_max"], python["skills"]) == (
        "test-lab",
        "tech-park",
        "300000",
        "Python;Django",
    )
    assert read_csv(api.get("/api/v1/vacancies.csv", {"with_salary": "true"}))[0]["title"] == "Python-разработчик"


def test_job_search_page_links_to_the_csv_with_its_filters(world):
    page = Client().get("/jobs/", {"profile": "software", "page": "2"}).content.decode()
    assert 'href="/api/v1/vacancies.csv?profile=software"' in page
