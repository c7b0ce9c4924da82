"""axe-core on every main page of the portal, in Russian and English: no serious or critical violation.

The directory, accounts, jobs and alerts are checked here; the courses and programs areas in their own
files (test_courses_pages.py, test_programs_pages.py), with the same helper.
"""

import pytest

from alerts.services import unsubscribe_token
from directory.models import Membership, Organization
from directory.services import residency_request_create
from jobs import services as jobs_services
from tests.alerts.factories import saved_search
from tests.browser.conftest import axe_problems, serious_violations, sign_in
from tests.directory.factories import DirectoryOrganizationFactory
from tests.factories import IndustryFactory, MembershipFactory, OrganizationFactory, UserFactory
from tests.jobs.factories import company_with_recruiter, draft_vacancy, pdf_upload, published_vacancy

LANGUAGES = pytest.mark.parametrize("language_prefix", ["", "/en"], ids=["ru", "en"])


@pytest.mark.django_db(transaction=True)
@LANGUAGES
def test_directory_and_account_pages(axe_page, language_prefix):
    robotics = IndustryFactory(slug="robotics", name_ru="Робототехника", name_en="Robotics")
    laboratory = DirectoryOrganizationFactory(
        kind=Organization.Kind.LABORATORY,
        name_ru="Испытательная лаборатория",
        capabilities=["test", "certify"],
        industries=[robotics],
        standards=["gost_r", "iso_17025"],
    )
    park = OrganizationFactory(kind=Organization.Kind.TECHNOPARK, name_ru="Технопарк «Строгино»")
    park_admin = MembershipFactory(organization=park, role=Membership.Role.ADMIN).user
    company = MembershipFactory(role=Membership.Role.ADMIN)
    residency_request_create(
        organization=company.organization, park=park, user=company.user, message="Просим принять в резиденты."
    )
    public = [
        "/",
        "/directory/",
        "/directory/?kind=laboratory&industry=robotics&capability=test",
        "/directory/map/",
        "/directory/find-a-provider/",
        "/directory/find-a-provider/?stage=test&stage=certify&industry=robotics&standard=gost_r",
        "/search/?q=лаборатория",
        laboratory.get_absolute_url(),
        park.get_absolute_url(),
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ]
    problems = axe_problems(axe_page, public, language_prefix)
    problems |= axe_problems(axe_page, ["/no-such-page/"], language_prefix, status=404)
    sign_in(axe_page, company.user.email)
    problems |= axe_problems(
        axe_page,
        [
            "/me/",
            "/directory/register/",
            f"/directory/{company.organization.slug}/edit/",
            f"/directory/{park.slug}/residency/apply/",
        ],
        language_prefix,
    )
    axe_page.context.clear_cookies()
    sign_in(axe_page, park_admin.email)
    problems |= axe_problems(axe_page, [f"/directory/{park.slug}/residency/"], language_prefix)
    assert problems == {}


@pytest.mark.django_db(transaction=True)
@LANGUAGES
def test_jobs_and_alerts_pages(axe_page, language_prefix):
    company, recruiter = company_with_recruiter(name_ru="Нейросети и Ко")
    vacancy = published_vacancy(company, recruiter, title="Инженер по машинному зрению")
    draft = draft_vacancy(company, recruiter, title="Разработчик ПЛИС")
    candidate = UserFactory()
    application = jobs_services.application_submit(
        vacancy=vacancy, user=candidate, cover_letter="Хочу к вам.", resume=pdf_upload(), profile_url=""
    )
    other = published_vacancy(company, recruiter, title="Инженер-испытатель")
    search = saved_search(candidate, "q=инженер&profile=engineering")
    public = [
        "/jobs/",
        "/jobs/?q=инженер&profile=engineering&work_format=on_site&salary_from=100000",
        "/jobs/?q=несуществующая-профессия",
        vacancy.get_absolute_url(),
        company.get_absolute_url(),  # the profile's vacancies section
        f"/alerts/unsubscribe/{unsubscribe_token(search)}/",
    ]
    problems = axe_problems(axe_page, public, language_prefix)
    sign_in(axe_page, candidate.email)
    problems |= axe_problems(
        axe_page,
        [
            vacancy.get_absolute_url(),  # with the application's status
            other.get_absolute_url(),  # with the application form
            f"/jobs/{other.pk}/apply/",
            application.get_absolute_url(),
            "/alerts/",
            "/me/",
        ],
        language_prefix,
    )
    # The application form as it comes back with an error beside a field.
    axe_page.goto(f"{language_prefix}/jobs/{other.pk}/apply/")
    axe_page.locator("main form[enctype] button[type=submit]").click()
    axe_page.wait_for_load_state()
    assert axe_page.locator(".errorlist").count() > 0
    if found := serious_violations(axe_page):
        problems["the application form with an error"] = found
    axe_page.context.clear_cookies()
    sign_in(axe_page, recruiter.email)
    problems |= axe_problems(
        axe_page,
        [
            f"/jobs/company/{company.slug}/",
            f"/jobs/company/{company.slug}/new/",
            f"/jobs/{draft.pk}/edit/",
            draft.get_absolute_url(),
            f"/jobs/{vacancy.pk}/applications/",
            application.get_absolute_url(),
            "/me/",
        ],
        language_prefix,
    )
    assert problems == {}
