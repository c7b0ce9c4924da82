import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from directory.models import Membership, Organization
from imoscow.errors import DomainError
from jobs import services
from jobs.models import Application, ApplicationEvent, Vacancy, VacancyEvent
from jobs.selectors import published_vacancies
from tests.factories import IndustryFactory, MembershipFactory, OrganizationFactory, UserFactory
from tests.jobs.factories import (
    company_with_recruiter,
    docx_upload,
    draft_vacancy,
    odt_upload,
    pdf_upload,
    published_vacancy,
    text_renamed_as_pdf,
    vacancy_fields,
)

State = Vacancy.State
pytestmark = pytest.mark.django_db


def _transitions(vacancy):
    return list(vacancy.events.order_by("pk").values_list("from_state", "to_state"))


# --- Creating and editing ---------------------------------------------------------------------------


def test_a_draft_takes_the_companys_first_industry_okrug_and_park():
    park = OrganizationFactory(kind=Organization.Kind.TECHNOPARK)
    company, recruiter = company_with_recruiter(park=park, okrug="zelao")
    first, second = IndustryFactory(), IndustryFactory()
    company.industries.add(first)
    company.industries.add(second)

    vacancy = services.vacancy_create(company=company, user=recruiter, **vacancy_fields())

    assert vacancy.state == State.DRAFT
    assert vacancy.industry == first
    assert vacancy.okrug == "zelao"
    assert vacancy.park == park
    assert vacancy.created_by == recruiter
    assert _transitions(vacancy) == [("", State.DRAFT)]


def test_a_chosen_industry_and_okrug_win_over_the_companys():
    company, recruiter = company_with_recruiter(okrug="cao")
    company.industries.add(IndustryFactory())
    chosen = IndustryFactory()
    vacancy = services.vacancy_create(company=company, user=recruiter, **vacancy_fields(industry=chosen, okrug="tao"))
    assert (vacancy.industry, vacancy.okrug) == (chosen, "tao")


def test_the_description_is_rendered_from_markdown_and_sanitized():
    vacancy = draft_vacancy(
        description="**Важно**\n\n<script>alert(1)</script>\n\n[сайт](https://example.com) <img src=x onerror=alert(1)>"
        "\n\n[js](javascript:alert(1))"
    )
    html = vacancy.description_html
    assert "<strong>Важно</strong>" in html
    assert "<script" not in html and "onerror" not in html and "<img" not in html
    assert 'href="https://example.com"' in html and 'rel="nofollow noopener ugc"' in html
    assert "javascript:" not in html


def test_skills_are_tidied():
    vacancy = draft_vacancy(skills=" Python ;python,  Django ,, PostgreSQL ")
    assert vacancy.skills == "Python, Django, PostgreSQL"


def test_a_salary_range_upside_down_is_refused_by_the_service_and_the_database():
    with pytest.raises(DomainError) as error:
        draft_vacancy(salary_min=200_000, salary_max=100_000)
    assert error.value.field == "salary_max"

    vacancy = draft_vacancy()
    with pytest.raises(IntegrityError), transaction.atomic():
        Vacancy.objects.filter(pk=vacancy.pk).update(salary_min=300_000, salary_max=100_000)


def test_a_one_sided_salary_is_fine():
    only_max = draft_vacancy(salary_min=None, salary_max=150_000)
    only_min = draft_vacancy(salary_min=90_000, salary_max=None)
    only_max.refresh_from_db()
    only_min.refresh_from_db()
    assert (only_max.salary_top, only_min.salary_top) == (150_000, 90_000)
    with translation.override("en"):
        assert (only_max.salary_text, only_min.salary_text) == ("up to 150,000 ₽", "from 90,000 ₽")
    with translation.override("ru"):
        assert (only_max.salary_text, only_min.salary_text) == ("до 150\xa0000 ₽", "от 90\xa0000 ₽")


def test_only_verified_or_resident_organizations_post():
    unverified = OrganizationFactory(is_verified=False, park=None)
    admin = MembershipFactory(organization=unverified, role=Membership.Role.ADMIN).user
    with pytest.raises(services.CompanyNotEligible):
        services.vacancy_create(company=unverified, user=admin, **vacancy_fields())

    resident = OrganizationFactory(is_verified=False, park=OrganizationFactory(kind=Organization.Kind.TECHNOPARK))
    admin = MembershipFactory(organization=resident, role=Membership.Role.ADMIN).user
    assert services.vacancy_create(company=resident, user=admin, **vacancy_fields()).state == State.DRAFT


@pytest.mark.parametrize("role, allowed", [("admin", True), ("recruiter", True), ("editor", False)])
def test_who_posts_for_a_company(role, allowed):
    company = OrganizationFactory()
    user = MembershipFactory(organization=company, role=role).user
    if allowed:
        assert services.vacancy_create(company=company, user=user, **vacancy_fields())
    else:
        with pytest.raises(PermissionDenied):
            services.vacancy_create(company=company, user=user, **vacancy_fields())


def test_a_member_of_another_company_cannot_post_or_change_its_vacancies():
    vacancy = draft_vacancy()
    _other_company, outsider = company_with_recruiter()
    with pytest.raises(PermissionDenied):
        services.vacancy_create(company=vacancy.company, user=outsider, **vacancy_fields())
    for service in (services.vacancy_submit, services.vacancy_close, services.vacancy_extend, services.vacancy_reopen):
        with pytest.raises(PermissionDenied):
            service(vacancy=vacancy, user=outsider)
    with pytest.raises(PermissionDenied):
        services.vacancy_update(vacancy=vacancy, user=outsider, title="Взлом")


# --- The state machine ------------------------------------------------------------------------------


def test_draft_to_moderation_to_published_to_closed_with_an_event_each():
    staff = UserFactory(is_staff=True)
    vacancy = draft_vacancy()
    recruiter = vacancy.created_by

    services.vacancy_submit(vacancy=vacancy, user=recruiter)
    before = timezone.now()
    vacancy = services.vacancy_approve(vacancy=vacancy, user=staff)
    assert vacancy.state == State.PUBLISHED
    assert before <= vacancy.published_at <= timezone.now()
    assert vacancy.expires_at - vacancy.published_at == datetime.timedelta(days=30)
    assert vacancy.is_open

    vacancy = services.vacancy_close(vacancy=vacancy, user=recruiter)
    assert vacancy.state == State.CLOSED and vacancy.closed_at
    assert not vacancy.is_open
    assert _transitions(vacancy) == [
        ("", State.DRAFT),
        (State.DRAFT, State.MODERATION),
        (State.MODERATION, State.PUBLISHED),
        (State.PUBLISHED, State.CLOSED),
    ]
    actors = list(vacancy.events.order_by("pk").values_list("actor", flat=True))
    assert actors == [recruiter.pk, recruiter.pk, staff.pk, recruiter.pk]


@pytest.mark.parametrize(
    "service, state",
    [
        (services.vacancy_approve, State.DRAFT),
        (services.vacancy_close, State.DRAFT),
        (services.vacancy_extend, State.DRAFT),
        (services.vacancy_reopen, State.DRAFT),
        (services.vacancy_submit, State.PUBLISHED),
        (services.vacancy_approve, State.PUBLISHED),
        (services.vacancy_reopen, State.PUBLISHED),
    ],
)
def test_transitions_out_of_order_are_refused_and_leave_no_trace(service, state):
    staff = UserFactory(is_staff=True, is_superuser=True)
    vacancy = published_vacancy(staff=staff) if state == State.PUBLISHED else draft_vacancy()
    events = vacancy.events.count()
    with pytest.raises(services.TransitionNotAllowed):
        service(vacancy=vacancy, user=staff)
    vacancy.refresh_from_db()
    assert vacancy.state == state
    assert vacancy.events.count() == events


def test_only_staff_approve_or_reject():
    vacancy = draft_vacancy()
    services.vacancy_submit(vacancy=vacancy, user=vacancy.created_by)
    with pytest.raises(DomainError):
        services.vacancy_approve(vacancy=vacancy, user=vacancy.created_by)
    with pytest.raises(DomainError):
        services.vacancy_reject(vacancy=vacancy, user=vacancy.created_by, reason="Нет")


def test_approval_rechecks_the_company():
    vacancy = draft_vacancy()
    services.vacancy_submit(vacancy=vacancy, user=vacancy.created_by)
    Organization.objects.filter(pk=vacancy.company_id).update(is_verified=False)
    with pytest.raises(services.CompanyNotEligible):
        services.vacancy_approve(vacancy=vacancy, user=UserFactory(is_staff=True))


def test_a_rejection_returns_a_draft_with_the_reason_and_emails_the_hiring_team(django_capture_on_commit_callbacks):
    vacancy = draft_vacancy()
    admin = MembershipFactory(organization=vacancy.company, role=Membership.Role.ADMIN).user
    MembershipFactory(organization=vacancy.company, role=Membership.Role.EDITOR)  # not hiring: no email
    services.vacancy_submit(vacancy=vacancy, user=vacancy.created_by)
    staff = UserFactory(is_staff=True)

    with pytest.raises(DomainError) as error:
        services.vacancy_reject(vacancy=vacancy, user=staff, reason="   ")
    assert error.value.field == "reason"

    with django_capture_on_commit_callbacks(execute=True):
        vacancy = services.vacancy_reject(vacancy=vacancy, user=staff, reason="Укажите зарплатную вилку.")
    assert vacancy.state == State.DRAFT
    assert vacancy.rejection_reason == "Укажите зарплатную вилку."
    event = vacancy.events.order_by("pk").last()
    assert (event.from_state, event.to_state, event.actor, event.comment) == (
        State.MODERATION,
        State.DRAFT,
        staff,
        "Укажите зарплатную вилку.",
    )
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([admin.email, vacancy.created_by.email])
    assert "Укажите зарплатную вилку." in mail.outbox[0].body
    assert vacancy.title in mail.outbox[0].subject

    # Sending it again clears the reason.
    vacancy = services.vacancy_submit(vacancy=vacancy, user=vacancy.created_by)
    assert vacancy.rejection_reason == ""


def test_editing_a_published_vacancy_sends_it_back_to_moderation():
    vacancy = published_vacancy()
    vacancy = services.vacancy_update(
        vacancy=vacancy, user=vacancy.created_by, **vacancy_fields(title="Новое название")
    )
    assert vacancy.state == State.MODERATION
    assert vacancy.title == "Новое название"
    assert _transitions(vacancy)[-1] == (State.PUBLISHED, State.MODERATION)
    assert not published_vacancies().filter(pk=vacancy.pk).exists()


def test_a_closed_vacancy_is_reopened_as_a_draft_before_editing():
    vacancy = services.vacancy_close(vacancy=published_vacancy(), user=UserFactory(is_staff=True))
    with pytest.raises(services.TransitionNotAllowed):
        services.vacancy_update(vacancy=vacancy, user=vacancy.created_by, title="Снова")
    vacancy = services.vacancy_reopen(vacancy=vacancy, user=vacancy.created_by)
    assert vacancy.state == State.DRAFT


# --- Expiry -----------------------------------------------------------------------------------------


def test_a_vacancy_expires_after_30_days_unless_extended():
    old = published_vacancy(now=timezone.now() - datetime.timedelta(days=31))
    recent = published_vacancy(now=timezone.now() - datetime.timedelta(days=29))
    extended = published_vacancy(now=timezone.now() - datetime.timedelta(days=31))

    # Past its period a vacancy is no longer shown as open, even before the cron job runs.
    assert not old.is_open
    assert set(published_vacancies()) == {recent}

    services.vacancy_extend(vacancy=extended, user=extended.created_by)
    extended.refresh_from_db()
    assert extended.expires_at > timezone.now() + datetime.timedelta(days=29)
    assert extended.is_open
    assert _transitions(extended)[-1] == (State.PUBLISHED, State.PUBLISHED)

    assert services.vacancies_expire() == 1
    old.refresh_from_db()
    assert old.state == State.CLOSED and old.closed_at
    event = old.events.order_by("pk").last()
    assert (event.from_state, event.to_state, event.actor) == (State.PUBLISHED, State.CLOSED, None)
    assert services.vacancies_expire() == 0  # nothing left to close
    assert set(published_vacancies()) == {recent, extended}


def test_expire_command_runs_the_service():
    from django.core.management import call_command

    vacancy = published_vacancy(now=timezone.now() - datetime.timedelta(days=40))
    call_command("expire_vacancies", verbosity=0)
    vacancy.refresh_from_db()
    assert vacancy.state == State.CLOSED


# --- Applications -----------------------------------------------------------------------------------


@pytest.mark.parametrize("upload, kind", [(pdf_upload, "pdf"), (docx_upload, "docx"), (odt_upload, "odt")])
def test_a_candidate_applies_with_a_resume_kept_privately_under_a_random_name(upload, kind):
    vacancy = published_vacancy()
    candidate = UserFactory()
    application = services.application_submit(
        vacancy=vacancy, user=candidate, cover_letter="Здравствуйте!", resume=upload(name="Иванов резюме.bin")
    )
    assert application.status == Application.Status.NEW
    assert application.resume_kind == kind
    name = application.resume.name
    assert name.startswith("resumes/") and name.endswith(f".{kind}")
    assert "Иванов" not in name and len(name.split("/")[-1]) >= 32 + 1 + len(kind)
    stored = settings.PRIVATE_MEDIA_ROOT / name
    assert stored.is_file()
    assert not (settings.MEDIA_ROOT / name).exists()
    with pytest.raises(ValueError):
        application.resume.url  # noqa: B018 (private files have no URL)
    assert list(application.events.values_list("to_status", flat=True)) == [Application.Status.NEW]


def test_a_candidate_applies_with_a_profile_link_only():
    application = services.application_submit(
        vacancy=published_vacancy(), user=UserFactory(), profile_url="https://github.com/someone"
    )
    assert application.profile_url == "https://github.com/someone" and not application.resume


@pytest.mark.parametrize(
    "arguments, field",
    [
        ({}, "resume"),
        ({"profile_url": "javascript:alert(1)"}, "profile_url"),
        ({"resume": "renamed"}, "resume"),
        ({"resume": "too large"}, "resume"),
    ],
)
def test_refused_applications_store_nothing(arguments, field):
    vacancy = published_vacancy()
    if arguments.get("resume") == "renamed":
        arguments = {"resume": text_renamed_as_pdf()}
    elif arguments.get("resume") == "too large":
        arguments = {"resume": pdf_upload(size=5 * 1024 * 1024 + 1)}
    with pytest.raises(DomainError) as error:
        services.application_submit(vacancy=vacancy, user=UserFactory(), **arguments)
    assert error.value.field == field
    assert not Application.objects.exists()
    private = settings.PRIVATE_MEDIA_ROOT / "resumes"
    assert not private.exists() or not any(private.iterdir())


def test_a_resume_of_exactly_5_mb_is_accepted():
    upload = pdf_upload(size=5 * 1024 * 1024)
    assert upload.size == 5 * 1024 * 1024
    assert services.application_submit(vacancy=published_vacancy(), user=UserFactory(), resume=upload).resume


def test_one_application_per_candidate_per_vacancy():
    vacancy = published_vacancy()
    candidate = UserFactory()
    services.application_submit(vacancy=vacancy, user=candidate, resume=pdf_upload())
    with pytest.raises(services.AlreadyApplied):
        services.application_submit(vacancy=vacancy, user=candidate, resume=pdf_upload())
    assert Application.objects.count() == 1
    assert len(list((settings.PRIVATE_MEDIA_ROOT / "resumes").iterdir())) == 1  # the refused file is not kept
    # The database itself refuses a second row.
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(vacancy=vacancy, candidate=candidate, profile_url="https://example.com")


def test_an_application_needs_a_resume_or_a_link_in_the_database_too():
    vacancy = published_vacancy()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(vacancy=vacancy, candidate=UserFactory())


@pytest.mark.parametrize("state", ["draft", "closed", "expired"])
def test_only_open_vacancies_accept_applications(state):
    if state == "draft":
        vacancy = draft_vacancy()
    elif state == "closed":
        vacancy = services.vacancy_close(vacancy=published_vacancy(), user=UserFactory(is_staff=True))
    else:
        vacancy = published_vacancy(now=timezone.now() - datetime.timedelta(days=31))
    with pytest.raises(services.VacancyNotOpen):
        services.application_submit(vacancy=vacancy, user=UserFactory(), profile_url="https://example.com/me")


def test_the_hiring_team_is_told_of_a_new_application(django_capture_on_commit_callbacks):
    vacancy = published_vacancy()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(vacancy=vacancy, user=UserFactory(), profile_url="https://example.com/me")
    assert len(mail.outbox) == 1
    assert vacancy.created_by.email in mail.outbox[0].to
    assert vacancy.title in mail.outbox[0].subject


def test_recruiters_of_the_company_set_the_status_and_it_is_recorded():
    vacancy = published_vacancy()
    candidate = UserFactory()
    application = services.application_submit(vacancy=vacancy, user=candidate, profile_url="https://example.com/me")
    recruiter = vacancy.created_by

    application = services.application_set_status(
        application=application, user=recruiter, status=Application.Status.INVITED, comment="Созвон во вторник"
    )
    assert application.status == Application.Status.INVITED and application.status_changed_at
    event = ApplicationEvent.objects.filter(application=application).order_by("pk").last()
    assert (event.from_status, event.to_status, event.actor, event.comment) == (
        "new",
        "invited",
        recruiter,
        "Созвон во вторник",
    )

    with pytest.raises(DomainError):
        services.application_set_status(application=application, user=recruiter, status=Application.Status.NEW)


def test_nobody_outside_the_companys_hiring_team_sets_a_status():
    vacancy = published_vacancy()
    candidate = UserFactory()
    application = services.application_submit(vacancy=vacancy, user=candidate, profile_url="https://example.com/me")
    _other, other_recruiter = company_with_recruiter()
    editor = MembershipFactory(organization=vacancy.company, role=Membership.Role.EDITOR).user
    for user in (other_recruiter, editor, candidate, UserFactory(is_staff=True, is_superuser=True)):
        with pytest.raises(PermissionDenied):
            services.application_set_status(application=application, user=user, status=Application.Status.REJECTED)
    application.refresh_from_db()
    assert application.status == Application.Status.NEW


def test_vacancy_events_are_kept_when_the_actor_is_deleted():
    vacancy = published_vacancy()
    staff_event = vacancy.events.get(to_state=State.PUBLISHED)
    staff_event.actor.delete()
    assert VacancyEvent.objects.get(pk=staff_event.pk).actor is None
