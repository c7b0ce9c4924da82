"""Every change to applications and the cluster registry goes through these functions.

An application moves through a state machine (see `TRANSITIONS`): each move is checked here, after locking
the application's row, recorded in `ApplicationEvent` (who, when, from, to, comment) and emailed once the
transaction commits.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Industry, Membership
from imoscow.errors import DomainError, PermissionDeniedError
from imoscow.uploads import clean_document
from programs import eligibility, formspec
from programs.models import (
    Application,
    ApplicationChange,
    ApplicationDocument,
    ApplicationEvent,
    ClusterParticipant,
    Program,
)
from programs.permissions import can_apply_for, can_edit_application, can_review

Status = Application.Status

# (from, to) -> who may make the move: "applicant" (the organization's administrators and editors) or "staff".
TRANSITIONS = {
    (Status.DRAFT, Status.SUBMITTED): "applicant",
    (Status.INFO_REQUESTED, Status.SUBMITTED): "applicant",
    (Status.SUBMITTED, Status.IN_REVIEW): "staff",
    (Status.IN_REVIEW, Status.INFO_REQUESTED): "staff",
    (Status.IN_REVIEW, Status.APPROVED): "staff",
    (Status.IN_REVIEW, Status.REJECTED): "staff",
}
COMMENT_REQUIRED = {Status.INFO_REQUESTED, Status.REJECTED}


class TransitionNotAllowed(DomainError):
    default_message = _("This application cannot make that step now.")


class CommentRequired(DomainError):
    default_message = _("Say what the applicant should know: a comment is required for this step.")
    field = "comment"


class ApplicationLocked(DomainError):
    default_message = _("This application is submitted and can no longer be changed.")


class WindowClosed(DomainError):
    default_message = _("This program is not accepting applications now.")


class AlreadyApplying(DomainError):
    default_message = _("Your organization already has an application to this program in progress.")

    def __init__(self, application, message=None):
        self.application = application
        super().__init__(message)


class NotEligible(DomainError):
    default_message = _("Your organization does not meet the conditions of this program.")

    def __init__(self, misses, message=None):
        self.misses = misses
        super().__init__(message)


class ApplicationIncomplete(DomainError):
    default_message = _("The application is not complete: see the messages beside the fields.")

    def __init__(self, errors: dict, message=None):
        self.errors = errors
        super().__init__(message)


class NotACluster(DomainError):
    default_message = _("Only approved applications to a cluster membership program admit participants.")


# --- Starting --------------------------------------------------------------------------------------


def screening_questions(program) -> list[eligibility.Question]:
    return [
        eligibility.Question(key=q.key, text=q.text, required_answer=q.required_answer, explanation=q.explanation)
        for q in program.screening_questions.all()
    ]


@transaction.atomic
def application_start(
    *, program: Program, organization, user, profile: eligibility.Profile, answers: dict, now=None
) -> Application:
    """Screen an organization for a program, then open a draft. Refuses with every condition it misses."""
    now = now or timezone.now()
    if not can_apply_for(organization, user):
        raise PermissionDeniedError(_("Only administrators and editors of the organization apply on its behalf."))
    if not (program.is_published and program.is_open(now)):
        raise WindowClosed()
    existing = Application.objects.filter(program=program, organization=organization, status__in=Application.ACTIVE)
    if (current := existing.first()) is not None:
        raise AlreadyApplying(current)
    verdict = eligibility.evaluate(
        program.criteria(),
        profile,
        year=timezone.localtime(now).year,
        questions=screening_questions(program),
        answers=answers,
    )
    if not verdict.fits:
        raise NotEligible(verdict.misses)
    if verdict.unknown:
        raise NotEligible((), _("Answer every question of the screening."))
    application = Application(
        program=program,
        organization=organization,
        created_by=user,
        screening={
            "profile": {
                "founded_year": profile.founded_year,
                "headcount": profile.headcount,
                "revenue": None if profile.revenue is None else str(profile.revenue),
                "industries": sorted(profile.industries or ()),
                "is_resident": profile.is_resident,
                "registered_in_moscow": profile.registered_in_moscow,
                "okrug": profile.okrug,
            },
            "answers": answers,
        },
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # another member started one at the same moment
        raise AlreadyApplying(existing.first()) from None
    _record(application, user, "", Status.DRAFT, "")
    return application


# --- Filling in ------------------------------------------------------------------------------------


@dataclass
class DraftSaved:
    application: Application
    changed: list[str] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)  # documents refused, by field key


def _lock(application) -> Application:
    return Application.objects.select_for_update().select_related("program", "organization").get(pk=application.pk)


@transaction.atomic
def application_save_draft(*, application, user, values: dict, base: dict | None = None, uploads=None) -> DraftSaved:
    """Keep what the applicant typed, valid or not; store the documents that pass the checks.

    Several members may edit one draft at once. Only the answers this user changed since their page
    showed `base` are written, into the answers as they are now (the row is locked), so nobody's edit of
    another field is lost. Every change is recorded with who made it.
    """
    locked = _lock(application)
    if not can_edit_application(locked, user):
        raise PermissionDeniedError()
    if not locked.is_editable:
        raise ApplicationLocked()
    specs = {spec.key: spec for spec in locked.program.fields.all()}
    data = dict(locked.data)
    now = timezone.now()
    changes, changed = [], []
    for key, value in values.items():
        spec = specs.get(key)
        if spec is None or spec.is_document:
            continue
        empty = formspec.empty_value(spec)
        if base is not None and value == base.get(key, empty):
            continue  # this user did not touch it; keep what is stored (perhaps another member's edit)
        old = data.get(key, empty)
        if value == old:
            continue
        data[key] = value
        changed.append(key)
        changes.append(
            ApplicationChange(
                application=locked,
                user=user,
                field_key=key,
                field_label=spec.label_ru,
                old_value=old,
                new_value=value,
                created=now,
            )
        )
    errors = {}
    for key, upload in (uploads or {}).items():
        spec = specs.get(key)
        if spec is None or not spec.is_document:
            continue
        try:
            clean_document(upload, allowed=("pdf",), max_bytes=formspec.MAX_DOCUMENT_BYTES)
        except ValidationError as error:
            errors[key] = list(error.messages)
            continue
        _store_document(locked, spec, upload, user, now)
        changed.append(key)
        changes.append(
            ApplicationChange(
                application=locked,
                user=user,
                field_key=key,
                field_label=spec.label_ru,
                old_value=None,
                new_value=upload.name[:200],
                created=now,
            )
        )
    if changes:
        locked.data = data
        locked.save(update_fields=["data", "updated"])
        ApplicationChange.objects.bulk_create(changes)
    application.data, application.status = locked.data, locked.status
    return DraftSaved(locked, changed, errors)


def _store_document(application, spec, upload, user, now):
    previous = ApplicationDocument.objects.filter(application=application, field=spec).first()
    document = ApplicationDocument(
        application=application,
        field=spec,
        original_name=(upload.name or "document.pdf")[:200],
        size=upload.size,
        uploaded_by=user,
        created=now,
    )
    document.file.save("document.pdf", upload, save=False)
    if previous is not None:
        old_file = previous.file.name
        previous.delete()
        transaction.on_commit(lambda: previous.file.storage.delete(old_file))
    document.save()


# --- Moving through the states ---------------------------------------------------------------------


def _tracking_number(program) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('programs_tracking_number_seq')")
        (number,) = cursor.fetchone()
    return f"{program.code}-{timezone.localdate().year}-{number:06d}"


def _record(application, actor, from_status, to_status, comment) -> ApplicationEvent:
    event = ApplicationEvent.objects.create(
        application=application, actor=actor, from_status=from_status, to_status=to_status, comment=comment
    )
    if from_status:
        transaction.on_commit(lambda: _notify(application.pk, event.pk))
    return event


def _notify(application_id, event_id):
    """Tell the organization's administrators and editors (and the person who started it) about the step."""
    application = Application.objects.select_related("program", "organization", "created_by").get(pk=application_id)
    event = ApplicationEvent.objects.select_related("actor").get(pk=event_id)
    recipients = set(
        Membership.objects.filter(
            organization=application.organization, role__in=[Membership.Role.ADMIN, Membership.Role.EDITOR]
        ).values_list("user__email", flat=True)
    )
    if application.created_by is not None:
        recipients.add(application.created_by.email)
    context = {"application": application, "event": event, "site_url": getattr(settings, "SITE_URL", "").rstrip("/")}
    subject = render_to_string("programs/email/transition_subject.txt", context).strip()
    body = render_to_string("programs/email/transition.txt", context)
    send_mail(subject, body, None, sorted(recipients))


def _check_transition(application, to_status, user, comment):
    who = TRANSITIONS.get((application.status, to_status))
    if who is None:
        raise TransitionNotAllowed(
            _("An application that is “%(from)s” cannot become “%(to)s”.")
            % {"from": application.get_status_display(), "to": Status(to_status).label}
        )
    allowed = can_review(user) if who == "staff" else can_edit_application(application, user)
    if not allowed:
        raise PermissionDeniedError(
            _("Only staff take this step.") if who == "staff" else _("Only the applying organization takes this step.")
        )
    if to_status in COMMENT_REQUIRED and not comment.strip():
        raise CommentRequired()


def _move(application, to_status, user, comment="") -> Application:
    """Lock, check, change, record. Runs inside the caller's transaction."""
    locked = _lock(application)
    _check_transition(locked, to_status, user, comment)
    from_status = locked.status
    locked.status = to_status
    fields = ["status", "updated"]
    if to_status in Application.FINAL:
        locked.decided_at = timezone.now()
        fields.append("decided_at")
    locked.save(update_fields=fields)
    _record(locked, user, from_status, to_status, comment.strip())
    application.status = locked.status
    return locked


def application_submit(*, application, user, values=None, base=None, uploads=None, now=None) -> Application:
    """Save what was typed (that is kept even when the submission fails), then validate and submit.

    Not one transaction on purpose: the draft is committed first, so an incomplete application loses nothing.
    """
    errors = {}
    if values is not None or uploads:
        errors = application_save_draft(
            application=application, user=user, values=values or {}, base=base, uploads=uploads
        ).errors
    return _submit(application=application, user=user, upload_errors=errors, now=now)


@transaction.atomic
def _submit(*, application, user, upload_errors, now=None) -> Application:
    now = now or timezone.now()
    locked = _lock(application)
    _check_transition(locked, Status.SUBMITTED, user, "")
    first_time = locked.status == Status.DRAFT
    if first_time and not locked.program.is_open(now):
        raise WindowClosed(_("The application window of this program has closed."))
    specs = list(locked.program.fields.all())
    documents = set(locked.documents.values_list("field_id", flat=True))
    errors = formspec.validate_answers(specs, locked.data, documents)
    for key, messages in upload_errors.items():
        errors[key] = messages + [m for m in errors.get(key, []) if m != str(formspec.REQUIRED_DOCUMENT_MISSING)]
    if errors:
        raise ApplicationIncomplete(errors)
    from_status = locked.status
    locked.status = Status.SUBMITTED
    fields = ["status", "updated"]
    if first_time:
        locked.tracking_number = _tracking_number(locked.program)
        locked.submitted_at = now
        fields += ["tracking_number", "submitted_at"]
    locked.save(update_fields=fields)
    _record(locked, user, from_status, Status.SUBMITTED, "")
    application.status, application.tracking_number = locked.status, locked.tracking_number
    return locked


@transaction.atomic
def application_start_review(*, application, user, comment="") -> Application:
    return _move(application, Status.IN_REVIEW, user, comment)


@transaction.atomic
def application_request_info(*, application, user, comment) -> Application:
    return _move(application, Status.INFO_REQUESTED, user, comment)


@transaction.atomic
def application_reject(*, application, user, comment) -> Application:
    return _move(application, Status.REJECTED, user, comment)


@transaction.atomic
def application_approve(*, application, user, comment="") -> Application:
    """Approve; an approved cluster membership application admits the organization to the cluster registry."""
    locked = _move(application, Status.APPROVED, user, comment)
    if locked.program.kind == Program.Kind.CLUSTER:
        participant_admit(application=locked, user=user)
    return locked


TRANSITION_SERVICES = {
    Status.IN_REVIEW: application_start_review,
    Status.INFO_REQUESTED: application_request_info,
    Status.APPROVED: application_approve,
    Status.REJECTED: application_reject,
}


# --- Cluster registry ------------------------------------------------------------------------------

CLUSTER_ROLE_KEY = "cluster_role"
CLUSTER_INDUSTRY_KEY = "industry"


@transaction.atomic
def participant_admit(*, application, user) -> ClusterParticipant:
    """Add (or update) the organization of an approved cluster application in the public registry."""
    if not can_review(user):
        raise PermissionDeniedError()
    if application.program.kind != Program.Kind.CLUSTER or application.status != Status.APPROVED:
        raise NotACluster()
    organization = application.organization
    role = application.data.get(CLUSTER_ROLE_KEY)
    if role not in ClusterParticipant.Role.values:
        role = ClusterParticipant.Role.DEVELOPER
    industry = Industry.objects.filter(slug=application.data.get(CLUSTER_INDUSTRY_KEY) or "").first()
    if industry is None:
        industry = organization.industries.order_by("pk").first() or Industry.objects.order_by("pk").first()
    participant, _created = ClusterParticipant.objects.update_or_create(
        organization=organization,
        defaults={
            "application": application,
            "role": role,
            "industry": industry,
            "okrug": organization.okrug,
            "joined_at": application.decided_at or timezone.now(),
        },
    )
    return participant
