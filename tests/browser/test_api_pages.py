"""The API's pages in a real browser: Swagger UI runs under the portal's CSP from local files; the
readable overview is accessible."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serious_violations
from tests.factories import OrganizationFactory


@pytest.mark.django_db(transaction=True)
def test_swagger_ui_renders_under_the_content_security_policy(page, live_server):
    OrganizationFactory(slug="visible-lab")
    problems, requests = [], []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))

    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("iMoscow open data API")
    operation = page.locator(".opblock-summary-path", has_text="/api/v1/organizations/{slug}")
    expect(operation).to_be_visible()

    # Try a request from the page, as a developer would.
    page.locator(".opblock-summary", has_text="/api/v1/industries").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table .response .response-col_status").first).to_contain_text("200")

    assert not [problem for problem in problems if "Content Security Policy" in problem or "Refused" in problem]
    assert all(url.startswith(live_server.url) for url in requests), requests  # nothing from a CDN


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ru-RU", "en-US"])
def test_api_overview_page_has_no_serious_accessibility_violations(browser, live_server, language):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale=language)
    page = context.new_page()
    page.goto("/api/v1/")
    assert serious_violations(page) == []
    context.close()
