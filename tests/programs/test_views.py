import csv
import io
import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from directory.models import Membership
from programs import services
from programs.models import Application, ApplicationChange, ClusterParticipant, FormField
from tests.factories import IndustryFactory, OrganizationFactory, UserFactory
from tests.programs.factories import (
    PDF,
    MeasureFactory,
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
Role = Membership.Role
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Pages are read in English (`/en/...`), whatever translations exist."""
    with translation.override("en"):
        yield


def url(name, **kwargs):
    return reverse(f"programs:{name}", kwargs=kwargs)


@pytest.fixture
def program():
    return export_program()


@pytest.fixture
def applicant(organization):
    return member(organization, Role.EDITOR)


# --- The permission matrix ---------------------------------------------------------------------------

VIEWERS = {"anonymous": 302, "outsider": 403, "recruiter": 200, "editor": 200, "admin": 200, "staff": 200}
EDITORS = {"anonymous": 302, "outsider": 403, "recruiter": 403, "editor": 200, "admin": 200, "staff": 403}


def _who(kind, organization):
    if kind == "anonymous":
        return None
    if kind == "outsider":
        return member(OrganizationFactory(), Role.ADMIN)
    if kind == "staff":
        return staff_user()
    return member(organization, kind)


@pytest.mark.parametrize("who", list(VIEWERS))
@pytest.mark.parametrize("page", ["application", "summary", "document", "edit", "autosave"])
def test_permission_matrix(client, program, organization, applicant, who, page):
    application = start(program, organization, applicant)
    services.application_save_draft(
        application=application, user=applicant, values={"product": "Секретный продукт"}, uploads={"deck": pdf()}
    )
    document = application.documents.get()
    user = _who(who, organization)
    if user:
        client.force_login(user)
    if page == "document":
        response = client.get(url("document", pk=application.pk, document_pk=document.pk))
    elif page == "autosave":
        response = client.post(url("autosave", pk=application.pk), {"product": "Подменённый"})
    else:
        response = client.get(url(page, pk=application.pk))
    expected = (EDITORS if page in ("edit", "autosave") else VIEWERS)[who]
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("account_login"))
    if expected == 200 and page == "document":
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content) == PDF
    elif expected == 200 and page != "autosave":
        assert "Секретный продукт" in response.content.decode()
    application.refresh_from_db()
    expected_product = "Подменённый" if (page == "autosave" and expected == 200) else "Секретный продукт"
    assert application.data["product"] == expected_product


def test_a_document_of_another_application_is_not_served_through_yours(client, program, organization, applicant):
    mine = start(program, organization, applicant)
    other_org = OrganizationFactory()
    theirs = start(program, other_org, member(other_org))
    services.application_save_draft(
        application=theirs, user=theirs.created_by, values={}, uploads={"deck": pdf("theirs.pdf")}
    )
    client.force_login(applicant)
    response = client.get(url("document", pk=mine.pk, document_pk=theirs.documents.get().pk))
    assert response.status_code == 404


def test_unknown_application_is_404(client, applicant):
    client.force_login(applicant)
    assert client.get(url("application", pk=999999)).status_code == 404


# --- Screening before the form -----------------------------------------------------------------------


def test_apply_prefills_from_the_profile_and_opens_a_draft(client, organization, applicant):
    program = export_program(min_company_age=2, requires_moscow_registration=True)
    organization.founded_year = 2012
    organization.save()
    client.force_login(applicant)
    page = client.get(url("apply", slug=program.slug))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["founded_year"] == 2012
    assert set(form.fields) == {"founded_year", "registered_in_moscow", f"q{program.screening_questions.get().pk}"}
    question = program.screening_questions.get()
    response = client.post(
        url("apply", slug=program.slug),
        {"founded_year": "2012", "registered_in_moscow": "yes", question.key: "no"},
    )
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == url("edit", pk=application.pk)
    assert application.created_by == applicant


def test_apply_tells_a_company_that_cannot_qualify_before_the_form(client, organization, applicant):
    program = export_program(max_company_age=3)
    client.force_login(applicant)
    question = program.screening_questions.get()
    response = client.post(url("apply", slug=program.slug), {"founded_year": "2001", question.key: "yes"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "cannot apply to this program" in content
    assert "The company must be at most 3 years old" in content
    assert "Companies with tax debts" not in content  # no explanation set: the question is shown
    assert "Do you owe taxes?" in content
    assert not Application.objects.exists()


def test_apply_with_missing_answers_shows_errors_and_keeps_input(client, organization, applicant):
    program = export_program(min_headcount=5)
    client.force_login(applicant)
    response = client.post(url("apply", slug=program.slug), {"headcount": "много"})
    assert response.status_code == 200
    assert response.context["form"].errors["headcount"] == ["Enter a whole number."]
    assert 'value="много"' in response.content.decode()


def test_apply_asks_which_organization_when_the_user_has_several(client, program, organization, applicant):
    second = OrganizationFactory()
    Membership.objects.create(organization=second, user=applicant, role=Role.ADMIN)
    client.force_login(applicant)
    response = client.get(url("apply", slug=program.slug))
    assert "form" not in response.context
    assert f"?organization={second.slug}" in response.content.decode()
    response = client.get(url("apply", slug=program.slug) + f"?organization={second.slug}")
    assert response.context["chosen"] == second


def test_apply_without_an_organization_explains_how(client, program):
    client.force_login(UserFactory())
    response = client.get(url("apply", slug=program.slug))
    assert reverse("directory:register") in response.content.decode()


def test_an_existing_draft_is_reopened_instead_of_a_second(client, program, organization, applicant):
    draft = start(program, organization, applicant)
    client.force_login(applicant)
    question = program.screening_questions.get()
    response = client.post(url("apply", slug=program.slug), {question.key: "no"})
    assert response["Location"] == url("edit", pk=draft.pk)


# --- The draft form ----------------------------------------------------------------------------------


def test_save_draft_keeps_invalid_input_and_a_reload_shows_it(client, program, organization, applicant):
    application = start(program, organization, applicant)
    client.force_login(applicant)
    response = client.post(
        url("edit", pk=application.pk), {"save": "1", "employees": "twelve", "markets": ["cis", "mars"], "_base": "{}"}
    )
    assert response.status_code == 302
    page = client.get(url("edit", pk=application.pk)).content.decode()
    assert 'value="twelve"' in page
    assert 'value="cis" id="id_markets_0" checked' in page
    assert "errorlist" not in page  # a draft is not judged until it is submitted


def test_submit_with_errors_shows_them_beside_the_fields_and_keeps_the_input(client, program, organization, applicant):
    application = start(program, organization, applicant)
    client.force_login(applicant)
    response = client.post(url("edit", pk=application.pk), {"submit": "1", "employees": "twelve", "product": "Датчик"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["employees"] == ["Enter a whole number."]
    assert form.errors["deck"] == ["Upload this document before you submit."]
    content = response.content.decode()
    assert 'value="twelve"' in content and 'value="Датчик"' in content
    application.refresh_from_db()
    assert application.status == Status.DRAFT and application.data["product"] == "Датчик"


def test_a_refused_upload_is_shown_beside_its_field_and_answers_are_saved(client, program, organization, applicant):
    application = start(program, organization, applicant)
    client.force_login(applicant)
    fake = SimpleUploadedFile("deck.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(url("edit", pk=application.pk), {"save": "1", "product": "Датчик", "deck": fake})
    assert response.status_code == 400
    assert "Only PDF files are accepted" in response.context["form"].errors["deck"][0]
    application.refresh_from_db()
    assert application.data["product"] == "Датчик" and not application.documents.exists()


def test_submit_through_the_page(client, program, organization, applicant):
    application = start(program, organization, applicant)
    client.force_login(applicant)
    values = complete_values(program)
    response = client.post(url("edit", pk=application.pk), {"submit": "1", **values, "deck": pdf()})
    assert response.status_code == 302 and response["Location"] == url("application", pk=application.pk)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.tracking_number
    # Locked: the edit page now sends the applicant back, and posting changes nothing.
    assert client.get(url("edit", pk=application.pk)).status_code == 302
    client.post(url("edit", pk=application.pk), {"save": "1", "product": "Другое"})
    application.refresh_from_db()
    assert application.data["product"] == "Контроллер"


def test_two_members_editing_from_the_same_page_keep_each_others_fields(client, program, organization, applicant):
    application = start(program, organization, applicant)
    colleague = member(organization, Role.ADMIN)
    base = json.dumps(application.data)
    client.force_login(applicant)
    client.post(url("edit", pk=application.pk), {"save": "1", "product": "Датчик", "_base": base})
    client.force_login(colleague)
    client.post(url("edit", pk=application.pk), {"save": "1", "employees": "40", "_base": base})
    application.refresh_from_db()
    assert application.data["product"] == "Датчик" and application.data["employees"] == "40"
    page = client.get(url("application", pk=application.pk)).content.decode()
    assert str(colleague) in page and str(applicant) in page  # who changed what


def test_autosave_returns_the_new_base(client, program, organization, applicant):
    application = start(program, organization, applicant)
    client.force_login(applicant)
    response = client.post(url("autosave", pk=application.pk), {"product": "Датчик", "_base": "{}"})
    assert response.json()["saved"] is True
    assert response.json()["base"]["product"] == "Датчик"
    assert client.get(url("autosave", pk=application.pk)).status_code == 405


def test_autosave_of_a_locked_application_is_refused(client, program, organization, applicant):
    application = submitted(program, organization, applicant)
    client.force_login(applicant)
    response = client.post(url("autosave", pk=application.pk), {"product": "x"})
    assert response.status_code == 409


def test_information_request_is_shown_on_the_form(client, program, organization, applicant):
    application = application_in(Status.INFO_REQUESTED, program, organization, applicant, staff_user())
    client.force_login(applicant)
    content = client.get(url("edit", pk=application.pk)).content.decode()
    assert "Приложите отчёт." in content and "Resubmit" in content


def test_summary_is_printable(client, program, organization, applicant):
    application = submitted(program, organization, applicant)
    client.force_login(applicant)
    content = client.get(url("summary", pk=application.pk)).content.decode()
    assert application.tracking_number in content
    assert "CIS, India" in content  # choices by their labels
    assert "print.js" in content


# --- Lists and pages ---------------------------------------------------------------------------------


def test_measure_list_filters_and_constant_queries(client, django_assert_max_num_queries):
    industry = IndustryFactory(slug="robotics")
    for _n in range(3):
        MeasureFactory(kind="grant").industries.add(industry)
    with django_assert_max_num_queries(4) as small:
        assert client.get(url("measures"), {"kind": "grant", "industry": "robotics", "q": "grant"}).status_code == 200
    for _n in range(25):
        MeasureFactory(kind="grant").industries.add(industry)
    with django_assert_max_num_queries(4) as large:
        response = client.get(url("measures"), {"kind": "grant", "industry": "robotics", "q": "grant"})
    assert len(small.captured_queries) == len(large.captured_queries)
    assert response.context["page"].paginator.count == 28


def test_measure_detail(client):
    measure = MeasureFactory(documents_en="Charter\nAccounts", max_headcount=100)
    content = client.get(measure.get_absolute_url()).content.decode()
    assert "Charter" in content and "at most 100 employees" in content
    assert client.get(url("measure", slug="no-such")).status_code == 404


def test_finder_lists_fits_and_near_misses_with_the_missed_criterion(client):
    MeasureFactory(title_en="Small business grant", max_headcount=10)
    MeasureFactory(title_en="Everyone's consulting")
    response = client.get(url("finder"), {"headcount": "40"})
    matches = response.context["matches"]
    assert [m.item.title_en for m in matches.fits] == ["Everyone's consulting"]
    assert [m.item.title_en for m in matches.near_misses] == ["Small business grant"]
    assert "The company must have at most 10 employees (you: 40 employees)" in response.content.decode()


def test_finder_prefills_from_the_organization_for_its_members_only(client, organization, applicant):
    organization.headcount = 400
    organization.save()
    MeasureFactory(title_en="Small business grant", max_headcount=10)
    client.force_login(applicant)
    response = client.get(url("finder"), {"organization": organization.slug})
    assert response.context["form"]["headcount"].value() == "400"
    assert len(response.context["matches"].near_misses) == 1
    client.force_login(member(OrganizationFactory()))
    response = client.get(url("finder"), {"organization": organization.slug})
    assert response.context["matches"] is None and response.context["chosen"] is None


def test_finder_without_answers_shows_only_the_questions(client):
    response = client.get(url("finder"))
    assert response.context["matches"] is None


def test_cluster_list_constant_queries_at_two_sizes(client, django_assert_max_num_queries):
    industry = IndustryFactory(slug="robotics")

    def add(count):
        for _n in range(count):
            ClusterParticipant.objects.create(
                organization=OrganizationFactory(okrug="cao"), role="developer", industry=industry, okrug="cao"
            )

    add(2)
    # The filter's industries, the count, the page's ids, the page's rows.
    with django_assert_max_num_queries(4) as small:
        client.get(url("cluster"), {"role": "developer", "industry": "robotics", "okrug": "cao"})
    add(40)
    with django_assert_max_num_queries(4) as large:
        response = client.get(url("cluster"), {"role": "developer", "industry": "robotics", "okrug": "cao"})
    assert len(small.captured_queries) == len(large.captured_queries)
    content = response.content.decode()
    assert response.context["page"].paginator.count == 42
    assert ClusterParticipant.objects.first().organization.get_absolute_url() in content
    assert client.get(url("cluster"), {"role": "investor"}).context["page"].paginator.count == 0


def test_index_and_program_pages(client, program):
    closed = export_program(
        opens_at=program.opens_at.replace(year=2020), closes_at=program.closes_at.replace(year=2020)
    )
    response = client.get(url("index"))
    assert response.context["open_programs"] == [program]
    assert response.context["other_programs"] == [closed]
    detail = client.get(program.get_absolute_url()).content.decode()
    assert url("apply", slug=program.slug) in detail
    assert url("apply", slug=closed.slug) not in client.get(closed.get_absolute_url()).content.decode()
    assert client.get(url("program", slug="nope")).status_code == 404


def test_dashboard_panel_shows_the_status_timeline(client, program, organization, applicant):
    application_in(Status.IN_REVIEW, program, organization, applicant, staff_user())
    client.force_login(applicant)
    content = client.get(reverse("accounts:dashboard")).content.decode()
    timeline = content[content.index('class="timeline"') :]
    assert timeline.index("Draft") < timeline.index("Submitted") < timeline.index("In review")
    assert 'aria-current="step"' in timeline


def test_profile_shows_cluster_membership(client, organization):
    ClusterParticipant.objects.create(organization=organization, role="investor", industry=IndustryFactory())
    content = client.get(organization.get_absolute_url()).content.decode()
    assert "Member of the Moscow innovation cluster" in content and "Investor" in content
    other = OrganizationFactory()
    assert "Member of the Moscow innovation cluster" not in client.get(other.get_absolute_url()).content.decode()


# --- The staff admin ---------------------------------------------------------------------------------


def _admin_action(client, action, applications, **extra):
    return client.post(
        reverse("admin:programs_application_changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [a.pk for a in applications], **extra},
    )


def test_admin_transition_asks_for_a_comment_then_calls_the_service(
    client, program, organization, applicant, django_capture_on_commit_callbacks
):
    staff = UserFactory(is_staff=True, is_superuser=True)
    application = application_in(Status.IN_REVIEW, program, organization, applicant, staff)
    client.force_login(staff)
    page = _admin_action(client, "make_rejected", [application])
    assert page.status_code == 200 and "A comment is required" in page.content.decode()
    response = _admin_action(client, "make_rejected", [application], apply="1", comment="")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW  # refused: no comment
    with django_capture_on_commit_callbacks(execute=True):
        _admin_action(client, "make_rejected", [application], apply="1", comment="Нет экспортного опыта.")
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    event = application.events.order_by("pk").last()
    assert (event.actor, event.comment) == (staff, "Нет экспортного опыта.")
    assert len(mail.outbox) == 1


def test_admin_transition_reports_applications_that_cannot_move(client, program, organization, applicant):
    staff = UserFactory(is_staff=True, is_superuser=True)
    ready = application_in(Status.SUBMITTED, program, organization, applicant, staff)
    other = OrganizationFactory()
    draft = start(program, other, member(other))
    client.force_login(staff)
    response = _admin_action(client, "make_in_review", [ready, draft], apply="1", comment="")
    assert response.status_code == 302
    ready.refresh_from_db()
    draft.refresh_from_db()
    assert (ready.status, draft.status) == (Status.IN_REVIEW, Status.DRAFT)


def test_admin_approval_admits_a_cluster_participant(client, organization, applicant):
    staff = UserFactory(is_staff=True, is_superuser=True)
    application = application_in(Status.IN_REVIEW, cluster_program(), organization, applicant, staff)
    client.force_login(staff)
    _admin_action(client, "make_approved", [application], apply="1", comment="")
    assert ClusterParticipant.objects.get().organization == organization


def test_admin_csv_export(client, program, organization, applicant):
    staff = UserFactory(is_staff=True, is_superuser=True)
    application = submitted(program, organization, applicant)
    services.application_start_review(application=application, user=staff)
    client.force_login(staff)
    response = _admin_action(client, "export_csv", [application])
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["tracking_number", "program", "organization", "status"]
    assert "markets" in rows[0] and "deck" not in rows[0]
    assert rows[1][0] == application.tracking_number and rows[1][3] == "in_review"
    assert "cis; india" in rows[1]


def test_admin_pages_render(client, program, organization, applicant):
    staff = UserFactory(is_staff=True, is_superuser=True)
    application = submitted(program, organization, applicant)
    client.force_login(staff)
    for path in (
        reverse("admin:programs_application_changelist") + "?status__exact=submitted",
        reverse("admin:programs_application_change", args=[application.pk]),
        reverse("admin:programs_program_change", args=[program.pk]),
        reverse("admin:programs_measure_add"),
        reverse("admin:programs_clusterparticipant_changelist"),
    ):
        assert client.get(path).status_code == 200, path
    change = client.get(reverse("admin:programs_application_change", args=[application.pk])).content.decode()
    assert application.documents.get().get_absolute_url() in change
    assert ApplicationChange.objects.filter(application=application).exists()


@pytest.mark.parametrize(
    ("who", "sees_form"),
    [("recruiter", False), ("outsider", False), ("editor", True), ("admin", True), ("staff", False)],
)
def test_apply_page_matrix(client, program, organization, who, sees_form):
    """Only administrators and editors apply, and only for their own organizations."""
    client.force_login(_who(who, organization))
    response = client.get(url("apply", slug=program.slug) + f"?organization={organization.slug}")
    assert response.status_code == 200
    assert (response.context.get("chosen") == organization) is sees_form
    assert ("form" in response.context) is (sees_form or who == "outsider")  # an outsider gets their own
    question = program.screening_questions.get()
    client.post(url("apply", slug=program.slug) + f"?organization={organization.slug}", {question.key: "no"})
    assert Application.objects.filter(organization=organization).exists() is sees_form


def test_apply_needs_a_sign_in(client, program):
    response = client.get(url("apply", slug=program.slug))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_email_links_to_the_application_on_the_site(
    settings, program, organization, applicant, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://imoscow.example/"
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(program, organization, applicant)
    assert f"https://imoscow.example{application.get_absolute_url()}" in mail.outbox[0].body


def test_a_form_field_key_must_be_a_plain_name(program):
    field = FormField(program=program, key="_base", kind="text", label_ru="Поле", position=99)
    with pytest.raises(ValidationError) as refused:
        field.full_clean()
    assert "key" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        field.save()
