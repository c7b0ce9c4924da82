"""The OpenAPI document and the two ways to read it: the interactive docs and the readable overview."""

import re

from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from api.v1 import api as ninja_api


def test_openapi_json_is_a_valid_openapi_3_document(api):
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate(schema, cls=OpenAPIV31SpecValidator)  # raises on any error


def test_every_operation_is_read_only_and_documents_its_errors(api):
    schema = api.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        assert set(operations) == {"get"}, path
        responses = operations["get"]["responses"]
        assert {"200", "304", "429"} <= set(responses), path
        if "{" in path:
            assert "404" in responses, path
        if operations["get"].get("parameters"):
            assert "422" in responses, path


def test_the_areas_are_all_there(db):
    paths = set(ninja_api.get_openapi_schema()["paths"])
    assert {
        "/api/v1/organizations",
        "/api/v1/organizations/{slug}",
        "/api/v1/organizations.csv",
        "/api/v1/industries",
        "/api/v1/accreditations",
        "/api/v1/measures",
        "/api/v1/measures/{slug}",
        "/api/v1/programs",
        "/api/v1/programs/{slug}",
        "/api/v1/cluster-participants",
        "/api/v1/cluster-participants/{slug}",
        "/api/v1/courses",
        "/api/v1/courses/{course_id}",
        "/api/v1/vocabularies",
        "/api/v1/vacancies",
        "/api/v1/vacancies/{vacancy_id}",
        "/api/v1/vacancies.csv",
    } <= paths


def test_docs_page_serves_swagger_from_our_own_static_files(api):
    response = api.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(source.endswith("swagger-ui-bundle.js") for source in sources)
    assert all(source.startswith("/") for source in sources), sources  # no CDN
    # The page's only inline script is JSON data, which the CSP does not execute.
    assert re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html) == [' type="application/json" id="swagger-settings"']
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_overview_page_lists_every_operation_without_javascript(api):
    response = api.get("/api/v1/")
    assert response.status_code == 200
    html = response.content.decode()
    for path in ninja_api.get_openapi_schema()["paths"]:
        assert f"GET {path}" in html
    assert '<th scope="row"><code>capability</code>' in html
    assert 'href="/api/v1/docs"' in html


def test_overview_page_speaks_russian_and_english(api):
    assert "API открытых данных" in api.get("/api/v1/", headers={"Accept-Language": "ru"}).content.decode()
    assert "Open data API" in api.get("/api/v1/", headers={"Accept-Language": "en"}).content.decode()
