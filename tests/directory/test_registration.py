"""Registering an organization, membership roles, and who may edit a profile (foundation, issue 2)."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from directory import services
from directory.admin import OrganizationAdmin
from directory.models import Membership, Organization
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

Role = Membership.Role


def _registration_data(**overrides):
    return {
        "kind": Organization.Kind.COMPANY,
        "name_ru": "Технопарк Будущего",
        "name_en": "Future Technopark",
        "description_ru": "Описание",
        "address": "г. Москва, ул. Тверская, д. 7",
        "okrug": "cao",
        "capabilities": ["design", "prototype"],
        **overrides,
    }


@pytest.mark.django_db
def test_registering_makes_the_user_admin_of_an_unverified_organization(client, user):
    client.force_login(user)
    response = client.post(reverse("directory:register"), _registration_data())
    organization = Organization.objects.get(name_ru="Технопарк Будущего")
    assert response.status_code == 302
    assert response.headers["Location"] == organization.get_absolute_url()
    assert organization.slug == "future-technopark"
    assert organization.is_verified is False
    assert organization.capabilities == ["design", "prototype"]
    assert Membership.objects.get(organization=organization).role == Role.ADMIN
    assert Membership.objects.get(organization=organization).user == user
    profile = client.get(organization.get_absolute_url()).content.decode()
    assert "не проверена" in profile or "unverified" in profile


@pytest.mark.django_db
def test_registration_requires_sign_in(client):
    response = client.get(reverse("directory:register"))
    assert response.status_code == 302
    assert reverse("account_login") in response.headers["Location"]


@pytest.mark.django_db
def test_registration_form_keeps_input_and_shows_errors(client, user):
    client.force_login(user)
    response = client.post(reverse("directory:register"), _registration_data(name_ru="", website="not a url"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Future Technopark"' in body
    assert 'value="not a url"' in body
    assert response.context["form"].errors.keys() >= {"name_ru", "website"}
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_same_name_gets_a_distinct_slug(user):
    first = services.organization_register(user=user, kind="company", name_ru="Альфа")
    second = services.organization_register(user=user, kind="company", name_ru="Альфа")
    assert (first.slug, second.slug) == ("alfa", "alfa-2")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("stranger", 403),
        ("member_of_other_organization", 403),
        (Role.RECRUITER, 403),
        (Role.EDITOR, 200),
        (Role.ADMIN, 200),
        ("staff", 200),
    ],
)
def test_who_may_edit_a_profile(client, who, expected):
    organization = OrganizationFactory()
    if who == "stranger":
        client.force_login(UserFactory())
    elif who == "member_of_other_organization":
        client.force_login(
            Membership.objects.create(user=UserFactory(), organization=OrganizationFactory(), role=Role.ADMIN).user
        )
    elif who == "staff":
        client.force_login(UserFactory(is_staff=True))
    elif who != "anonymous":
        client.force_login(MembershipFactory(organization=organization, role=who).user)

    url = reverse("directory:edit", args=[organization.slug])
    assert client.get(url).status_code == expected
    response = client.post(url, {"name_ru": "Взлом", "okrug": "cao"})
    assert response.status_code in ({200: {302}, 403: {403}, 302: {302}}[expected])
    organization.refresh_from_db()
    assert (organization.name_ru == "Взлом") == (expected == 200)


@pytest.mark.django_db
def test_members_cannot_change_kind_verification_or_residency(client):
    organization = OrganizationFactory(is_verified=False)
    park = OrganizationFactory(kind=Organization.Kind.TECHNOPARK)
    editor = Membership.objects.create(user=UserFactory(), organization=organization, role=Role.EDITOR).user
    client.force_login(editor)
    client.post(
        reverse("directory:edit", args=[organization.slug]),
        {"name_ru": "Новое имя", "okrug": "sao", "kind": "technopark", "is_verified": "on", "park": park.pk},
    )
    organization.refresh_from_db()
    assert organization.name_ru == "Новое имя"
    assert (organization.kind, organization.is_verified, organization.park) == ("company", False, None)


@pytest.mark.django_db
def test_the_last_admin_cannot_leave_or_be_demoted():
    admin = UserFactory()
    organization = services.organization_register(user=admin, kind="company", name_ru="Бета")
    with pytest.raises(services.LastAdminError):
        services.membership_set(organization=organization, actor=admin, user=admin, role=Role.EDITOR)
    with pytest.raises(services.LastAdminError):
        services.membership_remove(organization=organization, actor=admin, user=admin)

    colleague = UserFactory()
    services.membership_set(organization=organization, actor=admin, user=colleague, role=Role.ADMIN)
    services.membership_set(organization=organization, actor=colleague, user=admin, role=Role.RECRUITER)
    assert Membership.objects.get(user=admin, organization=organization).role == Role.RECRUITER


@pytest.mark.django_db
def test_only_admins_manage_members():
    from django.core.exceptions import PermissionDenied

    admin = UserFactory()
    organization = services.organization_register(user=admin, kind="company", name_ru="Гамма")
    editor = UserFactory()
    services.membership_set(organization=organization, actor=admin, user=editor, role=Role.EDITOR)
    with pytest.raises(PermissionDenied):
        services.membership_set(organization=organization, actor=editor, user=UserFactory(), role=Role.ADMIN)


@pytest.mark.django_db
def test_staff_verify_organizations_in_the_admin(staff):
    organizations = [OrganizationFactory(is_verified=False) for _ in range(2)]
    request = RequestFactory().post("/admin/")
    request.user = staff
    request._messages = type("Messages", (), {"add": lambda *args, **kwargs: None})()
    OrganizationAdmin(Organization, site).verify(request, Organization.objects.all())
    for organization in organizations:
        organization.refresh_from_db()
        assert organization.is_verified and organization.verified_at is not None
