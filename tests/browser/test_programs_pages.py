"""The programs area in a real browser: accessibility of its pages, and a draft that keeps what was typed."""

import pytest
from playwright.sync_api import expect

from directory.models import Membership
from programs.models import Application, ClusterParticipant
from tests.browser.conftest import axe_problems, sign_in
from tests.factories import IndustryFactory, OrganizationFactory
from tests.programs.factories import MeasureFactory, application_in, export_program, member, staff_user, start


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language_prefix", ["", "/en"])
def test_programs_pages_have_no_serious_accessibility_violations(axe_page, language_prefix):
    industry = IndustryFactory(slug="robotics")
    measure = MeasureFactory(max_headcount=10)
    measure.industries.add(industry)
    program = export_program()
    ClusterParticipant.objects.create(organization=OrganizationFactory(), role="investor", industry=industry)
    organization = OrganizationFactory()
    user = member(organization, Membership.Role.EDITOR)
    application = start(program, organization, user)
    decided = application_in(Application.Status.APPROVED, export_program(), organization, user, staff_user())
    public = [
        "/programs/",
        "/programs/measures/?kind=grant",
        measure.get_absolute_url(),
        "/programs/finder/?headcount=40&industries=robotics",
        "/programs/cluster/?industry=robotics",
        program.get_absolute_url(),
    ]
    private = [
        f"/programs/p/{program.slug}/apply/",
        f"/programs/applications/{application.pk}/",
        f"/programs/applications/{application.pk}/edit/",
        f"/programs/applications/{application.pk}/summary/",
        decided.get_absolute_url(),
        f"/programs/applications/{decided.pk}/summary/",
        "/programs/applications/",
        "/me/",
    ]
    problems = axe_problems(axe_page, public, language_prefix)
    sign_in(axe_page, user.email)
    problems |= axe_problems(axe_page, private, language_prefix)
    assert problems == {}


@pytest.mark.django_db(transaction=True)
def test_a_draft_saves_itself_as_the_applicant_types(page):
    program = export_program()
    organization = OrganizationFactory()
    user = member(organization, Membership.Role.EDITOR)
    application = start(program, organization, user)
    sign_in(page, user.email)
    page.goto(f"/programs/applications/{application.pk}/edit/")
    page.locator("#id_product").fill("Датчик давления")
    page.locator("#id_website").fill("наш сайт")  # not a web address: kept as typed all the same
    expect(page.locator(".autosave-status")).to_have_text("Черновик сохранён автоматически")
    application.refresh_from_db()
    assert application.data["product"] == "Датчик давления"
    assert application.data["website"] == "наш сайт"
    page.reload()
    assert page.locator("#id_website").input_value() == "наш сайт"
    assert page.locator("#id_product").input_value() == "Датчик давления"
    assert Application.objects.get().status == Application.Status.DRAFT
