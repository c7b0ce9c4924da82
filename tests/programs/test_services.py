import datetime
import io
import os
import re
import zipfile
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from directory.models import Membership
from imoscow.errors import PermissionDeniedError
from programs import eligibility, services
from programs.models import Application, ApplicationChange, ApplicationEvent, ClusterParticipant, Program
from tests.factories import IndustryFactory, OrganizationFactory
from tests.programs.factories import (
    FITTING,
    PDF,
    answers_for,
    application_in,
    cluster_program,
    complete_values,
    export_program,
    member,
    pdf,
    staff_user,
    start,
    submitted,
)

Status = Application.Status
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English, whatever translations exist."""
    with translation.override("en"):
        yield


@pytest.fixture
def program():
    return export_program()


@pytest.fixture
def applicant(organization):
    return member(organization, Membership.Role.EDITOR)


@pytest.fixture
def reviewer():
    return staff_user()


# --- Starting: screening before the form -------------------------------------------------------------


def test_start_opens_a_draft_and_records_it(program, organization, applicant):
    application = start(program, organization, applicant)
    assert application.status == Status.DRAFT
    assert application.tracking_number is None
    assert application.screening["profile"]["headcount"] == 50
    event = application.events.get()
    assert (event.actor, event.from_status, event.to_status) == (applicant, "", Status.DRAFT)


def test_start_refuses_a_company_that_misses_the_rules_and_says_which(organization, applicant):
    program = export_program(min_headcount=100, requires_residency=True)
    profile = eligibility.Profile(**{**FITTING.__dict__, "is_resident": False})
    with pytest.raises(services.NotEligible) as refused:
        services.application_start(
            program=program, organization=organization, user=applicant, profile=profile, answers=answers_for(program)
        )
    assert [miss.criterion for miss in refused.value.misses] == [
        eligibility.Criterion.HEADCOUNT,
        eligibility.Criterion.RESIDENCY,
    ]
    assert not Application.objects.exists()


def test_start_refuses_the_wrong_answer_to_a_screening_question(program, organization, applicant):
    question = program.screening_questions.get()
    with pytest.raises(services.NotEligible) as refused:
        services.application_start(
            program=program, organization=organization, user=applicant, profile=FITTING, answers={question.key: True}
        )
    assert refused.value.misses[0].criterion == eligibility.Criterion.QUESTION


def test_start_needs_every_screening_answer(program, organization, applicant):
    with pytest.raises(services.NotEligible):
        services.application_start(
            program=program, organization=organization, user=applicant, profile=FITTING, answers={}
        )


def test_start_refuses_outside_the_window(organization, applicant):
    program = export_program(
        opens_at=timezone.now() + datetime.timedelta(days=1), closes_at=timezone.now() + datetime.timedelta(days=9)
    )
    with pytest.raises(services.WindowClosed):
        start(program, organization, applicant)


@pytest.mark.parametrize("role", [Membership.Role.RECRUITER, None])
def test_only_administrators_and_editors_start_an_application(program, organization, role):
    user = member(organization, role) if role else member(OrganizationFactory(), Membership.Role.ADMIN)
    with pytest.raises(PermissionDeniedError):
        start(program, organization, user)


def test_staff_do_not_apply_for_companies(program, organization, reviewer):
    with pytest.raises(PermissionDeniedError):
        start(program, organization, reviewer)


def test_one_active_application_per_program_and_organization(program, organization, applicant):
    first = start(program, organization, applicant)
    with pytest.raises(services.AlreadyApplying) as already:
        start(program, organization, member(organization, Membership.Role.ADMIN))
    assert already.value.application == first


def test_the_database_refuses_a_second_active_application(program, organization, applicant):
    start(program, organization, applicant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(program=program, organization=organization)


def test_a_rejected_organization_may_apply_again(program, organization, applicant, reviewer):
    application_in(Status.REJECTED, program, organization, applicant, reviewer)
    assert start(program, organization, applicant).status == Status.DRAFT


# --- Drafts: nothing is lost -------------------------------------------------------------------------


def test_save_draft_keeps_invalid_input_as_typed(program, organization, applicant):
    application = start(program, organization, applicant)
    saved = services.application_save_draft(
        application=application, user=applicant, values={"employees": "двенадцать", "website": "not a url"}
    )
    application.refresh_from_db()
    assert application.data == {"employees": "двенадцать", "website": "not a url"}
    assert sorted(saved.changed) == ["employees", "website"]
    assert application.status == Status.DRAFT


def test_save_draft_records_who_changed_which_field(program, organization, applicant):
    application = start(program, organization, applicant)
    colleague = member(organization, Membership.Role.ADMIN)
    services.application_save_draft(application=application, user=applicant, values={"product": "Датчик"})
    services.application_save_draft(application=application, user=colleague, values={"product": "Датчик v2"})
    services.application_save_draft(application=application, user=colleague, values={"product": "Датчик v2"})
    history = list(ApplicationChange.objects.filter(application=application).order_by("pk"))
    assert [(c.user, c.field_key, c.old_value, c.new_value) for c in history] == [
        (applicant, "product", "", "Датчик"),
        (colleague, "product", "Датчик", "Датчик v2"),
    ]


def test_save_draft_writes_only_what_this_user_changed_since_their_page(program, organization, applicant):
    """Two members open the same draft; each saves one field; both fields survive."""
    application = start(program, organization, applicant)
    colleague = member(organization, Membership.Role.ADMIN)
    page = {"product": "", "employees": ""}
    services.application_save_draft(
        application=application, user=applicant, values={"product": "Датчик", "employees": ""}, base=page
    )
    services.application_save_draft(
        application=application, user=colleague, values={"product": "", "employees": "30"}, base=page
    )
    application.refresh_from_db()
    assert application.data == {"product": "Датчик", "employees": "30"}


def test_save_draft_ignores_unknown_keys(program, organization, applicant):
    application = start(program, organization, applicant)
    services.application_save_draft(application=application, user=applicant, values={"evil": "x", "deck": "y"})
    application.refresh_from_db()
    assert application.data == {}


def test_save_draft_stores_a_pdf_privately(program, organization, applicant, settings):
    application = start(program, organization, applicant)
    saved = services.application_save_draft(application=application, user=applicant, values={}, uploads={"deck": pdf()})
    assert saved.errors == {}
    document = application.documents.get()
    assert document.original_name == "deck.pdf"
    assert document.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert document.file.read() == PDF
    assert ApplicationChange.objects.get(application=application).new_value == "deck.pdf"


def test_uploading_again_replaces_the_document(program, organization, applicant, django_capture_on_commit_callbacks):
    application = start(program, organization, applicant)
    services.application_save_draft(application=application, user=applicant, values={}, uploads={"deck": pdf("a.pdf")})
    old_path = application.documents.get().file.path
    with django_capture_on_commit_callbacks(execute=True):
        services.application_save_draft(
            application=application, user=applicant, values={}, uploads={"deck": pdf("b.pdf")}
        )
    assert list(application.documents.values_list("original_name", flat=True)) == ["b.pdf"]
    assert not os.path.exists(old_path)  # the replaced file is deleted once the new one is committed


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("deck.pdf", b"MZ\x90\x00 not a pdf at all"), "Only PDF files are accepted"),
        (SimpleUploadedFile("deck.pdf", b"PK\x03\x04 a zip renamed"), "Only PDF files are accepted"),
        (SimpleUploadedFile("deck.pdf", b"%PDF-1.4\n" + b"x" * 2000), "incomplete or damaged"),
        (SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF"), "the limit is 10"),
    ],
    ids=["executable", "zip", "truncated-pdf", "over-10-mb"],
)
def test_documents_are_refused_by_content_and_size_while_answers_are_kept(
    program, organization, applicant, upload, message
):
    application = start(program, organization, applicant)
    saved = services.application_save_draft(
        application=application, user=applicant, values={"product": "Датчик"}, uploads={"deck": upload}
    )
    assert message in " ".join(saved.errors["deck"])
    assert not application.documents.exists()
    application.refresh_from_db()
    assert application.data == {"product": "Датчик"}


def test_a_docx_is_refused_too(program, organization, applicant):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    application = start(program, organization, applicant)
    saved = services.application_save_draft(
        application=application,
        user=applicant,
        values={},
        uploads={"deck": SimpleUploadedFile("deck.docx", buffer.getvalue())},
    )
    assert "deck" in saved.errors


@pytest.mark.parametrize("role", [Membership.Role.RECRUITER])
def test_recruiters_and_outsiders_cannot_edit_a_draft(program, organization, applicant, reviewer, role):
    application = start(program, organization, applicant)
    for user in (member(organization, role), member(OrganizationFactory()), reviewer):
        with pytest.raises(PermissionDeniedError):
            services.application_save_draft(application=application, user=user, values={"product": "x"})


def test_a_submitted_application_is_locked(program, organization, applicant):
    application = submitted(program, organization, applicant)
    with pytest.raises(services.ApplicationLocked):
        services.application_save_draft(application=application, user=applicant, values={"product": "другое"})
    application.refresh_from_db()
    assert application.data["product"] == "Контроллер"


# --- Submitting --------------------------------------------------------------------------------------


def test_submit_validates_everything_and_keeps_what_was_typed(program, organization, applicant):
    application = start(program, organization, applicant)
    with pytest.raises(services.ApplicationIncomplete) as incomplete:
        services.application_submit(
            application=application, user=applicant, values={"employees": "много", "markets": ["mars"]}
        )
    errors = incomplete.value.errors
    assert set(errors) == {"product", "employees", "markets", "consent", "deck"}
    assert "Enter a whole number." in errors["employees"]
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.data["employees"] == "много"  # saved although the submission failed
    assert application.tracking_number is None


def test_submit_reports_a_refused_upload_beside_its_field(program, organization, applicant):
    application = start(program, organization, applicant)
    with pytest.raises(services.ApplicationIncomplete) as incomplete:
        services.application_submit(
            application=application,
            user=applicant,
            values=complete_values(program),
            uploads={"deck": SimpleUploadedFile("deck.pdf", b"GIF89a")},
        )
    assert list(incomplete.value.errors) == ["deck"]
    assert "Only PDF files are accepted" in incomplete.value.errors["deck"][0]


def test_submit_gives_a_tracking_number_from_the_sequence(program, organization, applicant, reviewer):
    first = submitted(program, organization, applicant)
    other = OrganizationFactory()
    second = submitted(program, other, member(other))
    year = timezone.localdate().year
    assert re.fullmatch(rf"{program.code}-{year}-\d{{6}}", first.tracking_number)
    assert first.tracking_number != second.tracking_number
    assert int(second.tracking_number[-6:]) > int(first.tracking_number[-6:])
    first.refresh_from_db()
    assert first.status == Status.SUBMITTED and first.submitted_at is not None
    event = first.events.last()
    assert (event.actor, event.from_status, event.to_status) == (applicant, Status.DRAFT, Status.SUBMITTED)


def test_the_database_refuses_a_submitted_application_without_a_number(program, organization, applicant):
    application = start(program, organization, applicant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED)


def test_submit_after_the_window_closes_is_refused(program, organization, applicant):
    application = start(program, organization, applicant)
    services.application_save_draft(
        application=application, user=applicant, values=complete_values(program), uploads={"deck": pdf()}
    )
    with pytest.raises(services.WindowClosed):
        services.application_submit(
            application=application, user=applicant, now=program.closes_at + datetime.timedelta(seconds=1)
        )


def test_resubmitting_after_an_information_request_keeps_the_number(program, organization, applicant, reviewer):
    application = application_in(Status.INFO_REQUESTED, program, organization, applicant, reviewer)
    number = application.tracking_number
    Program.objects.filter(pk=program.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    services.application_save_draft(application=application, user=applicant, values={"employees": "15"})
    services.application_submit(application=application, user=applicant)  # the window closing does not matter now
    application.refresh_from_db()
    assert (application.status, application.tracking_number, application.data["employees"]) == (
        Status.SUBMITTED,
        number,
        "15",
    )


# --- Every transition: allowed and refused -----------------------------------------------------------

STAFF_MOVES = {
    Status.IN_REVIEW: services.application_start_review,
    Status.INFO_REQUESTED: services.application_request_info,
    Status.APPROVED: services.application_approve,
    Status.REJECTED: services.application_reject,
}
ALLOWED = {
    (Status.DRAFT, Status.SUBMITTED),
    (Status.INFO_REQUESTED, Status.SUBMITTED),
    (Status.SUBMITTED, Status.IN_REVIEW),
    (Status.IN_REVIEW, Status.INFO_REQUESTED),
    (Status.IN_REVIEW, Status.APPROVED),
    (Status.IN_REVIEW, Status.REJECTED),
}


def _move(application, to_status, applicant, reviewer):
    if to_status == Status.SUBMITTED:
        return services.application_submit(application=application, user=applicant)
    return STAFF_MOVES[to_status](application=application, user=reviewer, comment="Комментарий")


@pytest.mark.parametrize("from_status", list(Status))
@pytest.mark.parametrize("to_status", [s for s in Status if s != Status.DRAFT])
def test_transition_matrix(program, organization, applicant, reviewer, from_status, to_status):
    application = application_in(from_status, program, organization, applicant, reviewer)
    if from_status == Status.DRAFT:
        services.application_save_draft(
            application=application, user=applicant, values=complete_values(program), uploads={"deck": pdf()}
        )
    before = ApplicationEvent.objects.filter(application=application).count()
    if (from_status, to_status) in ALLOWED:
        _move(application, to_status, applicant, reviewer)
        application.refresh_from_db()
        assert application.status == to_status
        event = application.events.order_by("pk").last()
        assert (event.from_status, event.to_status) == (from_status, to_status)
        assert event.actor == (applicant if to_status == Status.SUBMITTED else reviewer)
        assert (application.decided_at is not None) == (to_status in Application.FINAL)
    else:
        with pytest.raises(services.TransitionNotAllowed):
            _move(application, to_status, applicant, reviewer)
        application.refresh_from_db()
        assert application.status == from_status
        assert ApplicationEvent.objects.filter(application=application).count() == before


@pytest.mark.parametrize("to_status", list(STAFF_MOVES))
def test_applicants_cannot_make_staff_moves(program, organization, applicant, reviewer, to_status):
    application = application_in(
        Status.SUBMITTED if to_status == Status.IN_REVIEW else Status.IN_REVIEW,
        program,
        organization,
        applicant,
        reviewer,
    )
    with pytest.raises(PermissionDeniedError):
        STAFF_MOVES[to_status](application=application, user=applicant, comment="сам себе одобрю")


def test_staff_cannot_submit_for_the_applicant(program, organization, applicant, reviewer):
    application = start(program, organization, applicant)
    with pytest.raises(PermissionDeniedError):
        services.application_submit(application=application, user=reviewer)


def test_other_organizations_cannot_submit(program, organization, applicant):
    application = start(program, organization, applicant)
    with pytest.raises(PermissionDeniedError):
        services.application_submit(application=application, user=member(OrganizationFactory()))


@pytest.mark.parametrize("move", [services.application_request_info, services.application_reject])
def test_requesting_information_and_rejecting_need_a_comment(program, organization, applicant, reviewer, move):
    application = application_in(Status.IN_REVIEW, program, organization, applicant, reviewer)
    with pytest.raises(services.CommentRequired):
        move(application=application, user=reviewer, comment="  ")
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW


def test_every_transition_is_emailed_after_commit(
    program, organization, applicant, reviewer, django_capture_on_commit_callbacks
):
    admin = member(organization, Membership.Role.ADMIN)
    member(organization, Membership.Role.RECRUITER)
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(program, organization, applicant)
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([applicant.email, admin.email])
    assert application.tracking_number in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.application_start_review(application=application, user=reviewer)
        services.application_request_info(application=application, user=reviewer, comment="Приложите выписку ЕГРЮЛ.")
    assert len(mail.outbox) == 3
    assert "Приложите выписку ЕГРЮЛ." in mail.outbox[2].body


def test_no_email_when_the_transaction_rolls_back(
    program, organization, applicant, reviewer, django_capture_on_commit_callbacks
):
    application = submitted(program, organization, applicant)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_start_review(application=application, user=reviewer)
    assert len(callbacks) == 1 and mail.outbox == []


# --- The cluster registry ----------------------------------------------------------------------------


def test_approving_a_cluster_application_admits_a_participant(organization, applicant, reviewer):
    program = cluster_program()
    organization.okrug = "zelao"
    organization.save()
    application = application_in(Status.APPROVED, program, organization, applicant, reviewer)
    participant = ClusterParticipant.objects.get(organization=organization)
    assert (participant.role, participant.industry.slug, participant.okrug) == ("investor", "software", "zelao")
    assert participant.application == application
    assert participant.joined_at == Application.objects.get(pk=application.pk).decided_at


def test_approving_an_export_application_admits_nobody(program, organization, applicant, reviewer):
    application_in(Status.APPROVED, program, organization, applicant, reviewer)
    assert not ClusterParticipant.objects.exists()


def test_rejected_cluster_applications_admit_nobody(organization, applicant, reviewer):
    application_in(Status.REJECTED, cluster_program(), organization, applicant, reviewer)
    assert not ClusterParticipant.objects.exists()


def test_admitting_falls_back_to_the_organization_industry(organization, applicant, reviewer):
    program = cluster_program()
    industry = IndustryFactory(slug="robotics")
    organization.industries.add(industry)
    application = application_in(Status.IN_REVIEW, program, organization, applicant, reviewer)
    Application.objects.filter(pk=application.pk).update(data={"cluster_role": "nonsense"})
    services.application_approve(application=application, user=reviewer)
    participant = ClusterParticipant.objects.get()
    assert (participant.role, participant.industry) == (ClusterParticipant.Role.DEVELOPER, industry)


def test_only_staff_admit_participants(organization, applicant, reviewer):
    application = application_in(Status.APPROVED, cluster_program(), organization, applicant, reviewer)
    with pytest.raises(PermissionDeniedError):
        services.participant_admit(application=application, user=applicant)


def test_measure_rules_are_checked_by_the_database():
    from tests.programs.factories import MeasureFactory

    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureFactory(min_headcount=100, max_headcount=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureFactory(amount_min=Decimal(10), amount_max=Decimal(1))
