"""axe-core on the portal's main pages, in Russian and English: no serious or critical violation."""

import pytest

from tests.browser.conftest import serious_violations, sign_in
from tests.factories import MembershipFactory, OrganizationFactory

PUBLIC_PAGES = ["/", "/directory/", "/accounts/login/", "/accounts/signup/", "/no-such-page/"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language_prefix", ["", "/en"])
def test_main_pages_have_no_serious_accessibility_violations(axe_page, language_prefix):
    organization = OrganizationFactory(kind="laboratory", capabilities=["test"])
    pages = [*PUBLIC_PAGES, organization.get_absolute_url()]
    problems = {}
    for path in pages:
        axe_page.goto(f"{language_prefix}{path}")
        if found := serious_violations(axe_page):
            problems[f"{language_prefix}{path}"] = found
    assert problems == {}


@pytest.mark.django_db(transaction=True)
def test_signed_in_pages_have_no_serious_accessibility_violations(axe_page):
    membership = MembershipFactory(role="admin")
    sign_in(axe_page, membership.user.email)
    problems = {}
    for path in ["/me/", "/directory/register/", f"/directory/{membership.organization.slug}/edit/"]:
        axe_page.goto(path)
        if found := serious_violations(axe_page):
            problems[path] = found
    assert problems == {}
