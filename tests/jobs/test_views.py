import json
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from directory.models import Membership
from jobs import services
from jobs.filters import industries
from jobs.models import Application, Vacancy, WorkFormat
from tests.factories import MembershipFactory, UserFactory
from tests.jobs.factories import (
    company_with_recruiter,
    draft_vacancy,
    pdf_bytes,
    pdf_upload,
    published_vacancy,
    text_renamed_as_pdf,
    vacancy_fields,
)

pytestmark = pytest.mark.django_db
Role = Membership.Role


@pytest.fixture
def world():
    """Company A with every role, a published and a draft vacancy, two candidates' applications; company B."""
    company, recruiter = company_with_recruiter(slug="company-a")
    people = {
        "anonymous": None,
        "admin": MembershipFactory(organization=company, role=Role.ADMIN).user,
        "recruiter": recruiter,
        "editor": MembershipFactory(organization=company, role=Role.EDITOR).user,
        "other_recruiter": company_with_recruiter(slug="company-b")[1],
        "staff": UserFactory(is_staff=True, is_superuser=True),
        "candidate": UserFactory(),
        "other_candidate": UserFactory(),
    }
    vacancy = published_vacancy(company, recruiter, staff=people["staff"])
    draft = draft_vacancy(company, recruiter, title="Черновик")
    application = services.application_submit(
        vacancy=vacancy, user=people["candidate"], cover_letter="Здравствуйте", resume=pdf_upload()
    )
    services.application_submit(
        vacancy=vacancy, user=people["other_candidate"], resume=pdf_upload(), profile_url="https://example.com/me"
    )
    return {"company": company, "vacancy": vacancy, "draft": draft, "application": application, "people": people}


def en_url(name, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def _field_group(body: str, name: str) -> str:
    """A field's label, help text, errors and input, as includes/form_fields.html renders them together."""
    return re.search(rf'<label for="id_{name}".*?<(input|select|textarea)[^>]*id="id_{name}"', body, re.S).group(0)


def _client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


ACTORS = ["anonymous", "other_recruiter", "admin", "recruiter", "editor", "staff", "candidate", "other_candidate"]

# (name, method, url builder, {actor: expected status}); anything not listed is 403.
MATRIX = [
    (
        "company vacancies",
        "get",
        lambda w: reverse("jobs:company", args=[w["company"].slug]),
        {"anonymous": 302, "admin": 200, "recruiter": 200, "staff": 200},
    ),
    (
        "new vacancy form",
        "get",
        lambda w: reverse("jobs:create", args=[w["company"].slug]),
        {"anonymous": 302, "admin": 200, "recruiter": 200, "staff": 200},
    ),
    (
        "edit vacancy",
        "get",
        lambda w: reverse("jobs:edit", args=[w["draft"].pk]),
        {"anonymous": 302, "admin": 200, "recruiter": 200, "staff": 200},
    ),
    (
        "send to moderation",
        "post",
        lambda w: reverse("jobs:action", args=[w["draft"].pk, "submit"]),
        {"anonymous": 302, "admin": 302, "recruiter": 302, "staff": 302},
    ),
    (
        "applications of a vacancy",
        "get",
        lambda w: reverse("jobs:applications", args=[w["vacancy"].pk]),
        {"anonymous": 302, "admin": 200, "recruiter": 200},
    ),
    (
        "an application",
        "get",
        lambda w: reverse("jobs:application", args=[w["application"].pk]),
        {"anonymous": 302, "admin": 200, "recruiter": 200, "candidate": 200},
    ),
    (
        "set an application's status",
        "post",
        lambda w: reverse("jobs:application_status", args=[w["application"].pk]),
        {"anonymous": 302, "admin": 302, "recruiter": 302},
    ),
    (
        "resume file",
        "get",
        lambda w: reverse("jobs:resume", args=[w["application"].pk]),
        {"anonymous": 302, "admin": 200, "recruiter": 200, "candidate": 200},
    ),
    (
        "a draft's page",
        "get",
        lambda w: reverse("jobs:detail", args=[w["draft"].pk]),
        {**dict.fromkeys(ACTORS, 404), "admin": 200, "recruiter": 200, "staff": 200},
    ),
    (
        "a published vacancy's page",
        "get",
        lambda w: reverse("jobs:detail", args=[w["vacancy"].pk]),
        dict.fromkeys(ACTORS, 200),
    ),
]  # fmt: skip


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name, method, url, allowed", MATRIX, ids=[row[0] for row in MATRIX])
def test_permission_matrix(client, world, actor, name, method, url, allowed):
    client = _client_for(client, world["people"][actor])
    data = {"status": "viewed"} if "status" in name else {}
    response = getattr(client, method)(url(world), data)
    assert response.status_code == allowed.get(actor, 403)
    if response.status_code == 302 and actor == "anonymous":
        assert response.headers["Location"].startswith(reverse("account_login"))


def test_a_recruiter_of_company_a_never_sees_company_bs_applicants(client, world):
    company_b, recruiter_b = company_with_recruiter(slug="company-c")
    vacancy_b = published_vacancy(company_b, recruiter_b)
    application_b = services.application_submit(vacancy=vacancy_b, user=UserFactory(), resume=pdf_upload())
    client.force_login(world["people"]["recruiter"])  # of company A
    assert client.get(reverse("jobs:applications", args=[vacancy_b.pk])).status_code == 403
    assert client.get(reverse("jobs:application", args=[application_b.pk])).status_code == 403
    assert client.get(reverse("jobs:resume", args=[application_b.pk])).status_code == 403
    response = client.post(reverse("jobs:application_status", args=[application_b.pk]), {"status": "rejected"})
    assert response.status_code == 403
    application_b.refresh_from_db()
    assert application_b.status == Application.Status.NEW


def test_the_resume_is_served_as_an_attachment_with_its_bytes(client, world):
    client.force_login(world["people"]["candidate"])
    response = client.get(reverse("jobs:resume", args=[world["application"].pk]))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_candidates_cannot_open_each_others_files_or_applications(client, world):
    other = Application.objects.get(candidate=world["people"]["other_candidate"])
    client.force_login(world["people"]["candidate"])
    assert client.get(reverse("jobs:resume", args=[other.pk])).status_code == 403
    assert client.get(reverse("jobs:application", args=[other.pk])).status_code == 403
    # No public URL leads to the file: it is not under MEDIA_ROOT and has no storage URL.
    assert world["application"].resume.name not in client.get(world["vacancy"].get_absolute_url()).content.decode()


def test_the_candidate_sees_the_status_the_recruiter_sets(client, world):
    client.force_login(world["people"]["recruiter"])
    response = client.post(
        reverse("jobs:application_status", args=[world["application"].pk]), {"status": "invited", "back": "list"}
    )
    assert response.headers["Location"] == reverse("jobs:applications", args=[world["vacancy"].pk])
    client.force_login(world["people"]["candidate"])
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert world["vacancy"].title in dashboard
    assert "Приглашение на собеседование" in dashboard


# --- The search page ---------------------------------------------------------------------------------


def test_search_page_shows_results_facets_chips_and_keeps_the_state(client, world):
    response = client.get("/en/jobs/", {"q": "инженер", "profile": ["engineering", "software"], "sort": "date"})
    assert response.status_code == 200
    body = response.content.decode()
    assert world["vacancy"].title in body
    assert "Черновик" not in body
    assert 'value="инженер"' in body
    assert re.search(r'name="profile" value="engineering" id="[^"]+" checked', body)
    assert '<input type="hidden" name="sort" value="date">' in body
    chips = re.findall(r'class="chip" href="([^"]+)"', body)
    assert len(chips) == 3
    assert "/en/jobs/?profile=engineering&amp;profile=software&amp;sort=date" in chips  # the keywords chip
    assert any("q=" in chip and "profile=software" in chip and "engineering" not in chip for chip in chips)
    assert 'href="/en/jobs/feed/?q=' in body


def test_search_page_query_count_does_not_grow_with_results(client):
    company, recruiter = company_with_recruiter()
    staff = UserFactory(is_staff=True)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/jobs/", {"q": "инженер", "okrug": "cao", "profile": "engineering"}).status_code == 200
        return len(context.captured_queries)

    industries()  # cached for minutes; what is measured is the search
    published_vacancy(company, recruiter, staff=staff, okrug="cao")
    small = queries()
    for _ in range(12):
        published_vacancy(company, recruiter, staff=staff, okrug="cao")
    assert queries() == small


def test_search_page_query_budget(client, django_assert_max_num_queries, world):
    with django_assert_max_num_queries(7):
        client.get("/jobs/", {"q": "инженер", "industry": "x", "park": "y"})
    client.force_login(world["people"]["candidate"])
    with django_assert_max_num_queries(10):  # + session, user, saved search
        client.get("/jobs/", {"format": "remote"})


def test_saving_the_search_from_the_page(client, world):
    client.force_login(world["people"]["candidate"])
    body = client.get("/jobs/", {"q": "инженер", "format": "remote"}).content.decode()
    assert 'action="/alerts/save/"' in body
    assert 'name="query" value="q=%D0%B8%D0%BD%D0%B6%D0%B5%D0%BD%D0%B5%D1%80&amp;format=remote"' in body
    response = client.post(
        reverse("alerts:create"),
        {"area": "jobs", "query": "q=инженер&format=remote", "frequency": "weekly", "next": "/jobs/?q=инженер"},
    )
    assert response.status_code == 302
    body = client.get("/jobs/", {"format": "remote", "q": "инженер", "page": "1"}).content.decode()
    assert 'action="/alerts/save/"' not in body  # already saved: the page says so instead
    assert reverse("alerts:index") in body


def test_atom_feed_of_a_search(client, world):
    response = client.get(reverse("jobs:feed"), {"q": "инженер"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<feed" in body and world["vacancy"].title in body and "Черновик" not in body


# --- The vacancy page ----------------------------------------------------------------------------------


def _json_ld(response) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(match.group(1))


def test_json_ld_job_posting_has_the_required_keys(client, world):
    data = _json_ld(client.get(world["vacancy"].get_absolute_url()))
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    for key in ("title", "description", "datePosted", "validThrough", "hiringOrganization", "employmentType"):
        assert data[key], key
    assert "jobLocation" in data or "jobLocationType" in data
    assert data["title"] == world["vacancy"].title
    assert data["hiringOrganization"]["name"] == world["company"].name
    assert data["employmentType"] == "FULL_TIME"
    assert data["jobLocation"]["address"]["addressCountry"] == "RU"
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "RUB",
        "value": {"@type": "QuantitativeValue", "unitText": "MONTH", "minValue": 120000, "maxValue": 180000},
    }
    assert data["validThrough"] == world["vacancy"].expires_at.isoformat()


def test_json_ld_of_a_remote_vacancy_without_salary(client, world):
    vacancy = published_vacancy(
        world["company"], world["people"]["recruiter"], work_format=WorkFormat.REMOTE, salary_min=None, salary_max=None,
        title="</script><script>alert(1)</script>",
    )  # fmt: skip
    response = client.get(vacancy.get_absolute_url())
    data = _json_ld(response)
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert "baseSalary" not in data
    assert data["title"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in response.content.decode()  # escaped inside the JSON-LD and the page


def test_drafts_have_no_json_ld(client, world):
    client.force_login(world["people"]["recruiter"])
    assert "application/ld+json" not in client.get(world["draft"].get_absolute_url()).content.decode()


# --- Applying ---------------------------------------------------------------------------------------------


def test_apply_with_a_resume(client, world):
    vacancy = published_vacancy(world["company"], world["people"]["recruiter"])
    candidate = UserFactory()
    client.force_login(candidate)
    page = client.get(vacancy.get_absolute_url()).content.decode()
    assert 'enctype="multipart/form-data"' in page
    response = client.post(
        reverse("jobs:apply", args=[vacancy.pk]), {"cover_letter": "Готов начать", "resume": pdf_upload()}
    )
    application = Application.objects.get(vacancy=vacancy, candidate=candidate)
    assert response.headers["Location"] == application.get_absolute_url()
    assert "You applied" in client.get(en_url("jobs:detail", vacancy.pk)).content.decode()


@pytest.mark.parametrize(
    "upload, error",
    [
        (text_renamed_as_pdf, "not one of them"),
        (lambda: pdf_upload(size=5 * 1024 * 1024 + 10), "the limit is 5.0"),
    ],
    ids=["renamed text file", "too large"],
)
def test_apply_refusals_show_the_error_beside_the_field_and_keep_the_letter(client, world, upload, error):
    vacancy = world["vacancy"]
    client.force_login(UserFactory())
    response = client.post(en_url("jobs:apply", vacancy.pk), {"cover_letter": "Мой текст письма", "resume": upload()})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Мой текст письма" in body
    field = _field_group(body, "resume")
    assert error in field
    assert not Application.objects.filter(vacancy=vacancy, cover_letter="Мой текст письма").exists()


def test_apply_twice_is_refused_with_a_message(client, world):
    client.force_login(world["people"]["candidate"])
    response = client.post(en_url("jobs:apply", world["vacancy"].pk), {"profile_url": "https://example.com/again"})
    assert response.status_code == 200
    assert "already applied" in response.content.decode()
    assert Application.objects.filter(candidate=world["people"]["candidate"]).count() == 1


def test_apply_needs_a_resume_or_a_link(client, world):
    client.force_login(UserFactory())
    response = client.post(en_url("jobs:apply", world["vacancy"].pk), {"cover_letter": "Привет"})
    assert response.status_code == 200
    assert "Attach a resume or give a link" in response.content.decode()


def test_closed_vacancies_do_not_take_applications(client, world):
    services.vacancy_close(vacancy=world["vacancy"], user=world["people"]["recruiter"])
    client.force_login(UserFactory())
    assert client.get(reverse("jobs:apply", args=[world["vacancy"].pk])).status_code == 404
    # The candidates who applied still see it, marked closed.
    client.force_login(world["people"]["candidate"])
    page = client.get(en_url("jobs:detail", world["vacancy"].pk)).content.decode()
    assert "This vacancy is closed" in page


# --- Managing vacancies -----------------------------------------------------------------------------------


def test_create_a_vacancy_then_send_it_to_moderation(client, world):
    client.force_login(world["people"]["recruiter"])
    data = {key: ("" if value is None else value) for key, value in vacancy_fields(title="Инженер-испытатель").items()}
    response = client.post(reverse("jobs:create", args=[world["company"].slug]), data)
    vacancy = Vacancy.objects.get(title="Инженер-испытатель")
    assert response.headers["Location"] == vacancy.get_absolute_url()
    assert vacancy.state == Vacancy.State.DRAFT
    client.post(reverse("jobs:action", args=[vacancy.pk, "submit"]))
    vacancy.refresh_from_db()
    assert vacancy.state == Vacancy.State.MODERATION


def test_the_vacancy_form_keeps_what_was_typed_and_shows_the_salary_error_beside_the_field(client, world):
    client.force_login(world["people"]["recruiter"])
    data = {key: ("" if value is None else value) for key, value in vacancy_fields(title="Мой заголовок").items()}
    data.update(salary_min=300000, salary_max=100000)
    response = client.post(en_url("jobs:create", world["company"].slug), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Мой заголовок"' in body
    field = _field_group(body, "salary_max")
    assert "below the lower one" in field
    assert not Vacancy.objects.filter(title="Мой заголовок").exists()


def test_a_refused_transition_is_a_message_not_an_error_page(client, world):
    client.force_login(world["people"]["recruiter"])
    response = client.post(en_url("jobs:action", world["vacancy"].pk, "reopen"), follow=True)
    assert response.status_code == 200
    assert "cannot be changed this way" in response.content.decode()


def test_the_company_profile_lists_its_open_vacancies(client, world):
    body = client.get(world["company"].get_absolute_url()).content.decode()
    assert world["vacancy"].title in body
    assert "Черновик" not in body
    client.force_login(world["people"]["recruiter"])
    assert (
        reverse("jobs:company", args=[world["company"].slug])
        in client.get(world["company"].get_absolute_url()).content.decode()
    )


def test_the_company_page_query_count_does_not_grow_with_vacancies(client, world):
    def queries():
        with CaptureQueriesContext(connection) as context:
            client.get(world["company"].get_absolute_url())
        return len(context.captured_queries)

    before = queries()
    for _ in range(12):
        published_vacancy(world["company"], world["people"]["recruiter"])
    assert queries() == before + 1  # past ten vacancies the section also counts them


# --- Staff moderation in the admin -------------------------------------------------------------------------


def test_staff_approve_and_reject_with_a_reason_in_the_admin(client, world, django_capture_on_commit_callbacks):
    staff = world["people"]["staff"]
    first, second = world["draft"], draft_vacancy(world["company"], world["people"]["recruiter"], title="Второй")
    for vacancy in (first, second):
        services.vacancy_submit(vacancy=vacancy, user=world["people"]["recruiter"])
    client.force_login(staff)
    changelist = reverse("admin:jobs_vacancy_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(reverse("admin:jobs_vacancy_change", args=[first.pk])).status_code == 200

    client.post(changelist, {"action": "approve", "_selected_action": [first.pk]})
    first.refresh_from_db()
    assert first.state == Vacancy.State.PUBLISHED

    form = client.post(changelist, {"action": "reject", "_selected_action": [second.pk]})
    assert form.status_code == 200 and 'name="reason"' in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "reject", "_selected_action": [second.pk], "reason": "Добавьте задачи."})
    second.refresh_from_db()
    assert second.state == Vacancy.State.DRAFT and second.rejection_reason == "Добавьте задачи."
    assert any("Добавьте задачи." in message.body for message in mail.outbox)

    client.force_login(world["people"]["recruiter"])
    assert "Добавьте задачи." in client.get(reverse("jobs:company", args=[world["company"].slug])).content.decode()


def test_the_portal_search_shows_vacancies_with_a_link_to_all_of_them(client, world):
    for _ in range(10):
        published_vacancy(world["company"], world["people"]["recruiter"], title="Инженер-испытатель")
    body = client.get(reverse("search"), {"q": "инженер"}).content.decode()
    assert "Инженер-испытатель" in body
    assert "/jobs/?q=%D0%B8%D0%BD%D0%B6%D0%B5%D0%BD%D0%B5%D1%80" in body
    assert "Черновик" not in body
