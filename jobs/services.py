"""Every change to vacancies and applications goes through these functions.

Vacancy states: draft -> on moderation -> published -> closed (and back: a rejection returns a vacancy to
draft with a reason; a closed vacancy reopens as a draft; editing a published one sends it back to
moderation). Published vacancies are open for 30 days unless extended; `vacancies_expire` (run by cron
through `manage.py expire_vacancies`) closes the rest, and selectors never show an expired vacancy as open.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from directory.models import Membership, Organization
from directory.permissions import HIRING_ROLES
from imoscow.errors import DomainError
from imoscow.uploads import clean_document, private_file_name
from jobs.models import Application, ApplicationEvent, Vacancy, VacancyEvent
from jobs.permissions import require_hiring_member, require_vacancy_manager
from jobs.rendering import render_markdown

State = Vacancy.State
OPEN_PERIOD = datetime.timedelta(days=30)
RESUME_MAX_BYTES = 5 * 1024 * 1024
VACANCY_FIELDS = (
    "title",
    "description",
    "profile",
    "industry",
    "okrug",
    "work_format",
    "salary_min",
    "salary_max",
    "employment_type",
    "experience",
    "skills",
)


class TransitionNotAllowed(DomainError):
    default_message = _("This vacancy cannot be changed this way in its current state.")


class CompanyNotEligible(DomainError):
    default_message = _(
        "Vacancies are posted by organizations verified by staff or resident in a technology park or economic zone."
    )


class VacancyNotOpen(DomainError):
    default_message = _("This vacancy no longer accepts applications.")


class AlreadyApplied(DomainError):
    default_message = _("You have already applied for this vacancy.")


def company_can_post(company: Organization) -> bool:
    """A verified organization: checked by staff, or a resident of a park or zone (which staff set)."""
    return company.is_verified or company.park_id is not None


def _record(vacancy, actor, from_state, to_state, comment="") -> VacancyEvent:
    return VacancyEvent.objects.create(
        vacancy=vacancy, actor=actor, from_state=from_state, to_state=to_state, comment=str(comment)
    )


def _locked(vacancy: Vacancy) -> Vacancy:
    return Vacancy.objects.select_for_update(of=("self",)).select_related("company").get(pk=vacancy.pk)


def _move(vacancy: Vacancy, *, allowed_from, to_state, actor, comment="") -> str:
    if vacancy.state not in allowed_from:
        raise TransitionNotAllowed()
    from_state = vacancy.state
    vacancy.state = to_state
    _record(vacancy, actor, from_state, to_state, comment)
    return from_state


def _normalize_skills(skills: str) -> str:
    seen, kept = set(), []
    for skill in (skills or "").replace(";", ",").split(","):
        skill = " ".join(skill.split())[:40]
        if skill and skill.lower() not in seen:
            seen.add(skill.lower())
            kept.append(skill)
    return ", ".join(kept)[:500]


def _apply_fields(vacancy: Vacancy, fields: dict) -> None:
    unknown = set(fields) - set(VACANCY_FIELDS)
    if unknown:
        raise ValueError(f"not vacancy fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(vacancy, name, value)
    vacancy.title = " ".join((vacancy.title or "").split())
    vacancy.skills = _normalize_skills(vacancy.skills)
    if vacancy.salary_min is not None and vacancy.salary_max is not None and vacancy.salary_min > vacancy.salary_max:
        raise DomainError(_("The upper bound of the salary is below the lower one."), field="salary_max")
    vacancy.description_html = render_markdown(vacancy.description)
    vacancy.park_id = vacancy.company.park_id  # the location follows the company's residency
    try:
        vacancy.full_clean(exclude=["company", "created_by", "park", "description_html"], validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from None


def _first_industry_id(company: Organization):
    through = Organization.industries.through
    return through.objects.filter(organization=company).order_by("pk").values_list("industry_id", flat=True).first()


@transaction.atomic
def vacancy_create(*, company: Organization, user, **fields) -> Vacancy:
    """A draft vacancy of the company; the line of business and okrug default to the company's."""
    require_vacancy_manager(company, user)
    if not company_can_post(company):
        raise CompanyNotEligible()
    vacancy = Vacancy(company=company, created_by=user, state=State.DRAFT)
    if fields.get("industry") is None:
        fields.pop("industry", None)
        vacancy.industry_id = _first_industry_id(company)
    if not fields.get("okrug"):
        fields["okrug"] = company.okrug
    _apply_fields(vacancy, fields)
    vacancy.save()
    _record(vacancy, user, "", State.DRAFT, _("Created"))
    return vacancy


@transaction.atomic
def vacancy_update(*, vacancy: Vacancy, user, **fields) -> Vacancy:
    """Edit a draft, a vacancy on moderation, or a published one (which goes back to moderation)."""
    require_vacancy_manager(vacancy.company, user)
    vacancy = _locked(vacancy)
    if vacancy.state == State.CLOSED:
        raise TransitionNotAllowed(_("Reopen the vacancy before editing it."))
    _apply_fields(vacancy, fields)
    if vacancy.state == State.PUBLISHED:
        _move(
            vacancy,
            allowed_from={State.PUBLISHED},
            to_state=State.MODERATION,
            actor=user,
            comment=_("Edited; checked again before it is shown"),
        )
    vacancy.save()
    return vacancy


@transaction.atomic
def vacancy_submit(*, vacancy: Vacancy, user) -> Vacancy:
    require_vacancy_manager(vacancy.company, user)
    vacancy = _locked(vacancy)
    if not company_can_post(vacancy.company):
        raise CompanyNotEligible()
    _move(vacancy, allowed_from={State.DRAFT}, to_state=State.MODERATION, actor=user)
    vacancy.rejection_reason = ""
    vacancy.save(update_fields=["state", "rejection_reason", "updated"])
    return vacancy


def _require_staff(user) -> None:
    if not (user.is_authenticated and user.is_staff):
        raise DomainError(_("Only staff moderate vacancies."))


@transaction.atomic
def vacancy_approve(*, vacancy: Vacancy, user, now=None) -> Vacancy:
    """Staff publish a vacancy for OPEN_PERIOD."""
    _require_staff(user)
    vacancy = _locked(vacancy)
    if not company_can_post(vacancy.company):
        raise CompanyNotEligible()
    _move(vacancy, allowed_from={State.MODERATION}, to_state=State.PUBLISHED, actor=user)
    now = now or timezone.now()
    vacancy.published_at = now
    vacancy.expires_at = now + OPEN_PERIOD
    vacancy.closed_at = None
    vacancy.rejection_reason = ""
    vacancy.save(update_fields=["state", "published_at", "expires_at", "closed_at", "rejection_reason", "updated"])
    return vacancy


@transaction.atomic
def vacancy_reject(*, vacancy: Vacancy, user, reason: str) -> Vacancy:
    """Staff return a vacancy to its company as a draft, with a reason it sees and receives by email."""
    _require_staff(user)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say what the company should change."), field="reason")
    vacancy = _locked(vacancy)
    _move(vacancy, allowed_from={State.MODERATION}, to_state=State.DRAFT, actor=user, comment=reason)
    vacancy.rejection_reason = reason
    vacancy.save(update_fields=["state", "rejection_reason", "updated"])
    recipients = _hiring_team_emails(vacancy)
    if recipients:
        transaction.on_commit(lambda: _send_rejection(vacancy, recipients))
    return vacancy


@transaction.atomic
def vacancy_close(*, vacancy: Vacancy, user, comment: str = "") -> Vacancy:
    require_vacancy_manager(vacancy.company, user)
    vacancy = _locked(vacancy)
    _move(vacancy, allowed_from={State.PUBLISHED, State.MODERATION}, to_state=State.CLOSED, actor=user, comment=comment)
    vacancy.closed_at = timezone.now()
    vacancy.save(update_fields=["state", "closed_at", "updated"])
    return vacancy


@transaction.atomic
def vacancy_extend(*, vacancy: Vacancy, user, now=None) -> Vacancy:
    """Keep a published vacancy open for another OPEN_PERIOD from now."""
    require_vacancy_manager(vacancy.company, user)
    vacancy = _locked(vacancy)
    if vacancy.state != State.PUBLISHED:
        raise TransitionNotAllowed(_("Only a published vacancy can be extended."))
    now = now or timezone.now()
    vacancy.expires_at = now + OPEN_PERIOD
    vacancy.save(update_fields=["expires_at", "updated"])
    _record(
        vacancy,
        user,
        State.PUBLISHED,
        State.PUBLISHED,
        _("Extended until %(date)s") % {"date": vacancy.expires_at.date()},
    )
    return vacancy


@transaction.atomic
def vacancy_reopen(*, vacancy: Vacancy, user) -> Vacancy:
    """A closed vacancy becomes a draft again, to be edited and sent to moderation."""
    require_vacancy_manager(vacancy.company, user)
    vacancy = _locked(vacancy)
    _move(vacancy, allowed_from={State.CLOSED}, to_state=State.DRAFT, actor=user)
    vacancy.save(update_fields=["state", "updated"])
    return vacancy


@transaction.atomic
def vacancies_expire(*, now=None) -> int:
    """Close every published vacancy whose open period has ended (cron: `manage.py expire_vacancies`)."""
    now = now or timezone.now()
    expired = list(
        Vacancy.objects.select_for_update(skip_locked=True)
        .filter(state=State.PUBLISHED, expires_at__lte=now)
        .order_by("pk")
        .only("pk", "state")
    )
    if not expired:
        return 0
    Vacancy.objects.filter(pk__in=[v.pk for v in expired]).update(state=State.CLOSED, closed_at=now, updated=now)
    VacancyEvent.objects.bulk_create(
        [
            VacancyEvent(
                vacancy=vacancy,
                actor=None,
                from_state=State.PUBLISHED,
                to_state=State.CLOSED,
                comment=str(_("Expired: open for 30 days and not extended")),
            )
            for vacancy in expired
        ]
    )
    return len(expired)


def _hiring_team_emails(vacancy: Vacancy) -> list[str]:
    emails = set(
        Membership.objects.filter(organization_id=vacancy.company_id, role__in=HIRING_ROLES).values_list(
            "user__email", flat=True
        )
    )
    if vacancy.created_by_id:
        emails.add(vacancy.created_by.email)
    return sorted(emails)


def _site_url(path: str) -> str:
    """A full address for emails."""
    return settings.SITE_URL + path


def _send_rejection(vacancy: Vacancy, recipients: list[str]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "vacancy": vacancy,
            "reason": vacancy.rejection_reason,
            "url": _site_url(reverse("jobs:edit", args=[vacancy.pk])),
        }
        subject = render_to_string("jobs/email/vacancy_rejected_subject.txt", context).strip()
        body = render_to_string("jobs/email/vacancy_rejected.txt", context)
    send_mail(subject, body, None, recipients)


# --- Applications -------------------------------------------------------------------------------------


def _check_resume(resume) -> str:
    try:
        return clean_document(resume, max_bytes=RESUME_MAX_BYTES)
    except ValidationError as error:
        raise DomainError(error.messages[0], field="resume") from None


def application_submit(*, vacancy: Vacancy, user, cover_letter: str = "", resume=None, profile_url: str = ""):
    """A signed-in candidate applies once per vacancy, with a resume file (checked by content) or a link."""
    if not user.is_authenticated:
        raise DomainError(_("Sign in to apply."))
    profile_url = (profile_url or "").strip()
    if not resume and not profile_url:
        raise DomainError(_("Attach a resume or give a link to your profile."), field="resume")
    if profile_url:
        try:
            URLValidator(schemes=["http", "https"])(profile_url)
        except ValidationError:
            raise DomainError(_("Enter a web address that starts with https://."), field="profile_url") from None
    kind = _check_resume(resume) if resume else ""
    stored_name = None
    try:
        with transaction.atomic():
            # Lock the vacancy so it cannot be closed between the check and the insert.
            vacancy = (
                Vacancy.objects.select_for_update(no_key=True, of=("self",))
                .select_related("company")
                .get(pk=vacancy.pk)
            )
            if not vacancy.is_open:
                raise VacancyNotOpen()
            if Application.objects.filter(vacancy=vacancy, candidate=user).exists():
                raise AlreadyApplied()
            application = Application(
                vacancy=vacancy,
                candidate=user,
                cover_letter=(cover_letter or "").strip(),
                profile_url=profile_url,
                resume_kind=kind,
            )
            if resume:
                resume.seek(0)
                application.resume.save(private_file_name(kind), resume, save=False)
                stored_name = application.resume.name
            application.save()
            ApplicationEvent.objects.create(
                application=application, actor=user, from_status="", to_status=Application.Status.NEW
            )
            recipients = sorted(
                set(
                    Membership.objects.filter(organization_id=vacancy.company_id, role__in=HIRING_ROLES).values_list(
                        "user__email", flat=True
                    )
                )
            )
            if recipients:
                transaction.on_commit(lambda: _send_new_application(application, recipients))
    except IntegrityError:
        if stored_name:
            application.resume.storage.delete(stored_name)
        raise AlreadyApplied() from None
    except DomainError:
        if stored_name:
            application.resume.storage.delete(stored_name)
        raise
    return application


def _send_new_application(application: Application, recipients: list[str]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "application": application,
            "vacancy": application.vacancy,
            "url": _site_url(reverse("jobs:applications", args=[application.vacancy_id])),
        }
        subject = render_to_string("jobs/email/new_application_subject.txt", context).strip()
        body = render_to_string("jobs/email/new_application.txt", context)
    send_mail(subject, body, None, recipients)


@transaction.atomic
def application_set_status(*, application: Application, user, status: str, comment: str = "") -> Application:
    """The company's recruiters and administrators tell the candidate where their application stands."""
    require_hiring_member(application.vacancy.company, user)
    if status not in Application.Status.values or status == Application.Status.NEW:
        raise DomainError(_("Choose viewed, invited or declined."), field="status")
    application = Application.objects.select_for_update(of=("self",)).select_related("vacancy").get(pk=application.pk)
    if application.status == status:
        return application
    ApplicationEvent.objects.create(
        application=application, actor=user, from_status=application.status, to_status=status, comment=comment
    )
    application.status = status
    application.status_changed_at = timezone.now()
    application.save(update_fields=["status", "status_changed_at", "updated"])
    return application
