import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from directory import services
from directory.models import Capability, Membership, Organization, ResidencyEvent, ResidencyRequest
from tests.directory.factories import DirectoryOrganizationFactory, IndustryFactory, ParkFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role
Status = ResidencyRequest.Status


def searchable(text: str) -> set[str]:
    from django.http import QueryDict

    from directory.selectors import organization_directory

    return {o.slug for o in organization_directory(params=QueryDict(f"q={text}")).page}


# --- Search terms stay in step with what they describe ----------------------------------------------


def test_registration_stores_bilingual_search_terms(user):
    robotics = IndustryFactory(slug="robotics", name_ru="Робототехника", name_en="Robotics")

    organization = services.organization_register(
        user=user,
        kind=Organization.Kind.LABORATORY,
        name_ru="Лаборатория «Север»",
        capabilities=[Capability.TEST],
        industries=[robotics],
    )

    organization.refresh_from_db()
    for word in ("Робототехника", "Robotics", "испытания", "testing", "лаборатория", "laboratory"):
        assert word in organization.search_terms
    assert organization.slug in searchable("робототехника")


def test_an_update_refreshes_the_search_terms(user):
    robotics = IndustryFactory(slug="robotics", name_ru="Робототехника", name_en="Robotics")
    energy = IndustryFactory(slug="energy", name_ru="Энергетика", name_en="Energy")
    organization = services.organization_register(
        user=user, kind=Organization.Kind.COMPANY, name_ru="Альфа", industries=[robotics]
    )

    services.organization_update(
        organization=organization, user=user, industries=[energy], capabilities=[Capability.CERTIFY]
    )

    assert organization.slug in searchable("energy")
    assert organization.slug in searchable("сертификация")
    assert organization.slug not in searchable("robotics")


def test_renaming_an_industry_refreshes_its_organizations():
    industry = IndustryFactory(slug="photonics", name_ru="Оптика", name_en="Optics")
    organization = DirectoryOrganizationFactory(industries=[industry])
    industry.name_en = "Photonics"
    industry.save()

    assert services.industry_search_terms_refresh(industry=industry) == 1
    assert organization.slug in searchable("photonics")


def test_slugs_never_take_the_directory_own_paths(user):
    organization = services.organization_register(user=user, kind=Organization.Kind.COMPANY, name_ru="Map")
    assert organization.slug not in services.RESERVED_SLUGS


def test_editing_is_for_editors_and_administrators(organization, member_of):
    for role in (Role.ADMIN, Role.EDITOR):
        services.organization_update(organization=organization, user=member_of(organization, role), phone="1")
    with pytest.raises(PermissionDenied):
        services.organization_update(organization=organization, user=member_of(organization, Role.RECRUITER), phone="2")
    with pytest.raises(ValueError, match="not editable"):
        services.organization_update(
            organization=organization, user=member_of(organization, Role.ADMIN), is_verified=False
        )


def test_bad_coordinates_are_refused(organization, member_of):
    with pytest.raises(ValidationError):
        services.organization_update(organization=organization, user=member_of(organization, Role.ADMIN), latitude=123)


# --- Residency ---------------------------------------------------------------------------------------


@pytest.fixture
def park(member_of):
    park = ParkFactory()
    member_of(park, Role.ADMIN)
    return park


@pytest.fixture
def company(db):
    return DirectoryOrganizationFactory(kind=Organization.Kind.COMPANY)


def park_admin(park):
    return Membership.objects.filter(organization=park, role=Role.ADMIN).first().user


def test_a_company_member_asks_for_residency_and_the_park_admins_hear_of_it(
    park, company, member_of, django_capture_on_commit_callbacks
):
    editor = member_of(company, Role.EDITOR)

    with django_capture_on_commit_callbacks(execute=True):
        request = services.residency_request_create(organization=company, park=park, user=editor, message=" Hi ")

    assert request.status == Status.PENDING
    assert request.message == "Hi"
    assert [(e.from_status, e.to_status, e.actor) for e in request.events.all()] == [("", Status.PENDING, editor)]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [park_admin(park).email]
    assert company.name_ru in mail.outbox[0].subject


@pytest.mark.parametrize("role", [Role.RECRUITER, None])
def test_only_editors_and_administrators_ask_for_residency(park, company, member_of, role):
    user = member_of(company, role) if role else member_of(DirectoryOrganizationFactory(), Role.ADMIN)
    with pytest.raises(PermissionDenied):
        services.residency_request_create(organization=company, park=park, user=user)


def test_residency_is_asked_of_parks_only_and_once_at_a_time(park, company, member_of):
    admin = member_of(company, Role.ADMIN)
    coworking = DirectoryOrganizationFactory(kind=Organization.Kind.COWORKING)
    with pytest.raises(services.ResidencyError) as error:
        services.residency_request_create(organization=company, park=coworking, user=admin)
    assert error.value.field == "park"

    services.residency_request_create(organization=company, park=park, user=admin)
    with pytest.raises(services.ResidencyError) as error:
        services.residency_request_create(organization=company, park=ParkFactory(), user=admin)
    assert error.value.field == "organization"
    assert ResidencyRequest.objects.filter(organization=company).count() == 1

    other_park = ParkFactory()
    member_of(other_park, Role.ADMIN)
    with pytest.raises(services.ResidencyError):
        services.residency_request_create(organization=park, park=other_park, user=park_admin(park))


def test_the_database_refuses_two_pending_requests(park, company):
    ResidencyRequest.objects.create(organization=company, park=park)
    with pytest.raises(IntegrityError):
        ResidencyRequest.objects.create(organization=company, park=ParkFactory())


def test_park_admins_approve_and_the_company_moves_in(park, company, member_of, django_capture_on_commit_callbacks):
    company_admin = member_of(company, Role.ADMIN)
    old_park = ParkFactory()
    staff = UserFactory(is_staff=True)
    services.residency_set(organization=company, park=old_park, user=staff)
    request = services.residency_request_create(organization=company, park=park, user=company_admin)

    with django_capture_on_commit_callbacks(execute=True):
        services.residency_request_approve(residency_request=request, user=park_admin(park), comment="Welcome")

    company.refresh_from_db()
    request.refresh_from_db()
    assert company.park == park
    assert request.status == Status.APPROVED
    assert request.decided_by == park_admin(park)
    old = ResidencyRequest.objects.get(organization=company, park=old_park)
    assert old.status == Status.ENDED
    assert list(request.events.values_list("from_status", "to_status", "comment")) == [
        ("", Status.PENDING, ""),
        (Status.PENDING, Status.APPROVED, "Welcome"),
    ]
    assert mail.outbox[-1].to == [company_admin.email]


@pytest.mark.parametrize("role", [Role.EDITOR, Role.RECRUITER])
def test_park_members_below_administrator_do_not_decide(park, company, member_of, role):
    request = services.residency_request_create(organization=company, park=park, user=member_of(company, Role.ADMIN))
    for decide in (services.residency_request_approve, services.residency_request_reject):
        with pytest.raises(PermissionDenied):
            decide(residency_request=request, user=member_of(park, role) if role else UserFactory())
    # Nor do the applicant's own administrators.
    with pytest.raises(PermissionDenied):
        services.residency_request_approve(
            residency_request=request, user=Membership.objects.get(organization=company).user
        )


def test_staff_decide_any_request_and_a_decision_is_final(park, company, member_of):
    request = services.residency_request_create(organization=company, park=park, user=member_of(company, Role.ADMIN))
    staff = UserFactory(is_staff=True)

    services.residency_request_reject(residency_request=request, user=staff, comment="Not now")

    company.refresh_from_db()
    assert company.park is None
    with pytest.raises(services.TransitionNotAllowed):
        services.residency_request_approve(residency_request=request, user=staff)
    assert ResidencyEvent.objects.filter(request=request).count() == 2


def test_the_applicant_withdraws_a_pending_request(park, company, member_of):
    editor = member_of(company, Role.EDITOR)
    request = services.residency_request_create(organization=company, park=park, user=editor)

    with pytest.raises(PermissionDenied):
        services.residency_request_withdraw(residency_request=request, user=park_admin(park))
    services.residency_request_withdraw(residency_request=request, user=editor)

    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    # A new request may follow.
    services.residency_request_create(organization=company, park=park, user=editor)


def test_either_side_ends_a_residency(park, company, member_of):
    company_admin = member_of(company, Role.ADMIN)
    request = services.residency_request_create(organization=company, park=park, user=company_admin)
    services.residency_request_approve(residency_request=request, user=park_admin(park))

    with pytest.raises(PermissionDenied):
        services.residency_end(organization=company, user=member_of(company, Role.EDITOR))
    services.residency_end(organization=company, user=park_admin(park), comment="Lease over")

    company.refresh_from_db()
    request.refresh_from_db()
    assert company.park is None
    assert request.status == Status.ENDED
    with pytest.raises(services.ResidencyError):
        services.residency_end(organization=company, user=company_admin)


def test_staff_set_residency_directly_and_it_is_recorded(park, company, member_of):
    staff = UserFactory(is_staff=True)
    with pytest.raises(PermissionDenied):
        services.residency_set(organization=company, park=park, user=member_of(park, Role.ADMIN))

    services.residency_set(organization=company, park=park, user=staff)
    services.residency_set(organization=company, park=None, user=staff)

    company.refresh_from_db()
    assert company.park is None
    assert list(ResidencyRequest.objects.filter(organization=company).values_list("status", flat=True)) == [
        Status.ENDED
    ]
