"""axe-core on the portal's main pages, in Russian and English: no serious or critical violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import MembershipFactory, OrganizationFactory

PUBLIC_PAGES = ["/", "/directory/", "/accounts/login/", "/accounts/signup/", "/no-such-page/"]


def _serious_violations(page):
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in violation["nodes"][:3]
        )
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def axe_page(browser, live_server):
    # axe injects its script through the DevTools protocol; the page's CSP is left as it is otherwise.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language_prefix", ["", "/en"])
def test_main_pages_have_no_serious_accessibility_violations(axe_page, language_prefix):
    organization = OrganizationFactory(kind="laboratory", capabilities=["test"])
    pages = [*PUBLIC_PAGES, organization.get_absolute_url()]
    problems = {}
    for path in pages:
        axe_page.goto(f"{language_prefix}{path}")
        if found := _serious_violations(axe_page):
            problems[f"{language_prefix}{path}"] = found
    assert problems == {}


@pytest.mark.django_db(transaction=True)
def test_signed_in_pages_have_no_serious_accessibility_violations(axe_page):
    from tests.browser.conftest import sign_in

    membership = MembershipFactory(role="admin")
    sign_in(axe_page, membership.user.email)
    problems = {}
    for path in ["/me/", "/directory/register/", f"/directory/{membership.organization.slug}/edit/"]:
        axe_page.goto(path)
        if found := _serious_violations(axe_page):
            problems[path] = found
    assert problems == {}
