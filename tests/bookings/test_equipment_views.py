import pytest
from django.urls import reverse

from bookings.equipment.models import EquipmentRequest, Offer
from directory.models import Membership
from tests.bookings.equipment_factories import category, editor_of, make_item, make_offer, make_request
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = list(Membership.Role)


def _client_for(client, who, item, member_of, staff):
    """Log in as one of the matrix's people: anonymous, another organization's member, a role, staff."""
    if who == "anonymous":
        return client
    if who == "other":
        user = member_of(OrganizationFactory(), Membership.Role.ADMIN)
    elif who == "staff":
        user = staff
    else:
        user = member_of(item.organization, who)
    client.force_login(user)
    return client


# --- Catalogue --------------------------------------------------------------------------------------------


def test_catalogue_search_filters_and_constant_queries(client, django_assert_max_num_queries):
    make_item(name_ru="Климатическая камера")
    with django_assert_max_num_queries(8):
        small = client.get(reverse("bookings:equipment:catalogue"), {"q": "камеры"})
    for _ in range(6):
        make_item()
    make_item(slug="microscopy-electron", name_ru="Электронный микроскоп", specs=[("Resolution", "1", "nm")])
    with django_assert_max_num_queries(8):
        large = client.get(reverse("bookings:equipment:catalogue"), {"q": "камеры"})
    assert small.status_code == large.status_code == 200
    assert large.context["page"].paginator.count == 7
    parent = category("climate")
    response = client.get(reverse("bookings:equipment:catalogue"), {"category": parent.pk})
    assert response.context["page"].paginator.count == 7
    response = client.get(reverse("bookings:equipment:catalogue"), {"q": "resolution"})
    assert response.context["page"].paginator.count == 1
    response = client.get(reverse("bookings:equipment:catalogue"), {"accredited": "on"})
    assert response.context["page"].paginator.count == 0
    response = client.get(reverse("bookings:equipment:catalogue"), {"with_operator": "on", "price_max": 3000})
    assert response.status_code == 200


def test_catalogue_bad_filter_is_shown_beside_the_field(client):
    response = client.get(reverse("bookings:equipment:catalogue"), {"price_max": "lots"})
    assert response.status_code == 200
    assert "lots" in response.content.decode()
    assert response.context["form"].errors["price_max"]


@pytest.mark.parametrize("who", ["anonymous", "other", *ROLES, "staff"])
def test_item_page_is_public_while_listed_and_edit_only_for_editors(client, who, member_of, staff):
    item = make_item()
    client = _client_for(client, who, item, member_of, staff)
    assert client.get(reverse("bookings:equipment:item", args=[item.pk])).status_code == 200
    edit = client.get(reverse("bookings:equipment:item_edit", args=[item.pk]))
    expected = {"anonymous": 302, "other": 403, "staff": 200, "admin": 200, "editor": 200, "recruiter": 403}
    assert edit.status_code == expected[who]


@pytest.mark.parametrize("who", ["anonymous", "other", *ROLES, "staff"])
def test_unlisted_item_is_hidden_from_all_but_its_managers(client, who, member_of, staff):
    item = make_item(is_active=False)
    client = _client_for(client, who, item, member_of, staff)
    status = client.get(reverse("bookings:equipment:item", args=[item.pk])).status_code
    assert status == (200 if who in ("admin", "editor", "staff") else 404)


@pytest.mark.parametrize("who", ["anonymous", "other", *ROLES, "staff"])
def test_item_create_only_for_the_owners_editors(client, who, member_of, staff):
    item = make_item()
    client = _client_for(client, who, item, member_of, staff)
    status = client.get(reverse("bookings:equipment:item_create", args=[item.organization.slug])).status_code
    assert status == {"anonymous": 302, "other": 403, "recruiter": 403}.get(who, 200)


def test_item_create_form_keeps_input_and_shows_errors(client, member_of):
    organization = OrganizationFactory()
    client.force_login(member_of(organization, Membership.Role.EDITOR))
    url = reverse("bookings:equipment:item_create", args=[organization.slug])
    response = client.post(
        url,
        {
            "resource-name_ru": "Фрезерный станок",
            "resource-price_unit": "hour",
            "resource-price": "900",
            "resource-slot_minutes": 60,
            "resource-min_minutes": 60,
            "resource-max_minutes": 480,
            "resource-lead_hours": 1,
            "resource-cancel_hours": 24,
            "category": category("cnc-milling").pk,
            "price_unit": "hour",
            "lead_days": 0,
            "specifications": "broken line without a bar",
        },
    )
    assert response.status_code == 200
    assert "Фрезерный станок" in response.content.decode()
    assert response.context["form"].errors["specifications"]
    assert response.context["form"].errors["price"]


def test_item_create_works(client, member_of):
    organization = OrganizationFactory()
    client.force_login(member_of(organization, Membership.Role.EDITOR))
    url = reverse("bookings:equipment:item_create", args=[organization.slug])
    response = client.post(
        url,
        {
            "resource-name_ru": "Фрезерный станок",
            "resource-price_unit": "hour",
            "resource-price": "900",
            "resource-slot_minutes": 60,
            "resource-min_minutes": 60,
            "resource-max_minutes": 480,
            "resource-lead_hours": 1,
            "resource-cancel_hours": 24,
            "resource-is_active": "on",
            "is_active": "on",
            "category": category("cnc-milling").pk,
            "price_unit": "hour",
            "price": "900",
            "lead_days": 0,
            "specifications": "Рабочее поле | 600×400 | мм",
            "hours-opens_0": "09:00",
            "hours-closes_0": "18:00",
        },
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    item = organization.equipment_items.get()
    assert item.specifications.get().unit == "мм"
    profile = client.get(organization.get_absolute_url())
    assert "Фрезерный станок" in profile.content.decode()


# --- Requests, offers, threads -------------------------------------------------------------------------


def test_request_create_form_shows_errors_and_publishes(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("bookings:equipment:request_create")
    bad = client.post(
        url,
        {
            "title": "Нужен вибростенд",
            "category": category("climate").pk,
            "starts_on": "2000-01-01",
            "ends_on": "1999-01-01",
            "visibility": "public",
        },
    )
    assert bad.status_code == 200
    assert "Нужен вибростенд" in bad.content.decode()
    assert bad.context["form"].errors["starts_on"]
    assert client.get(url).status_code == 200
    assert (
        reverse("bookings:equipment:request_create")
        in client.get(reverse("bookings:equipment:requests")).content.decode()
    )


@pytest.mark.parametrize("who", ["anonymous", "other", "unverified_owner", "verified_owner", "author", "staff"])
def test_private_request_is_hidden_but_from_verified_owners_and_staff(client, who, staff):
    author = UserFactory()
    equipment_request = make_request(user=author, visibility="verified")
    if who == "verified_owner":
        client.force_login(editor_of(make_item()))
    elif who == "unverified_owner":
        client.force_login(editor_of(make_item(organization=OrganizationFactory(is_verified=False))))
    elif who == "other":
        client.force_login(UserFactory())
    elif who == "author":
        client.force_login(author)
    elif who == "staff":
        client.force_login(staff)
    status = client.get(reverse("bookings:equipment:request", args=[equipment_request.pk])).status_code
    visible = who in ("verified_owner", "author", "staff")
    assert status == (200 if visible else 404)
    listed = client.get(reverse("bookings:equipment:requests")).context["page"].paginator.count
    assert listed == (1 if visible else 0)


def test_requester_sees_all_offers_owner_only_its_own(client):
    author = UserFactory()
    equipment_request = make_request(user=author)
    first, second = make_item(), make_item()
    make_offer(equipment_request, first, editor_of(first), price="111")
    make_offer(equipment_request, second, editor_of(second), price="222")
    url = reverse("bookings:equipment:request", args=[equipment_request.pk])
    client.force_login(author)
    assert len(client.get(url).context["offers"]) == 2
    client.force_login(editor_of(first))
    offers = client.get(url).context["offers"]
    assert [o.item_id for o in offers] == [first.pk]
    client.force_login(UserFactory())
    assert client.get(url).context["offers"] == []


def test_offer_post_errors_reshown_and_offer_made(client):
    equipment_request = make_request()
    item = make_item()
    client.force_login(editor_of(item))
    url = reverse("bookings:equipment:offer_create", args=[equipment_request.pk])
    bad = client.post(
        url,
        {
            "item": item.pk,
            "price": "5000",
            "starts_at": "2030-01-01T12:00",
            "ends_at": "2030-01-01T10:00",
            "message": "Удобно утром",
        },
    )
    assert bad.status_code == 400
    assert "Удобно утром" in bad.content.decode()
    assert bad.context["offer_form"].errors["ends_at"]
    good = client.post(
        url, {"item": item.pk, "price": "5000", "starts_at": "2030-01-01T10:00", "ends_at": "2030-01-01T12:00"}
    )
    assert good.status_code == 302
    assert Offer.objects.filter(request=equipment_request, item=item).exists()


def test_offer_with_another_organizations_item_is_refused(client):
    equipment_request = make_request()
    item, foreign = make_item(), make_item()
    client.force_login(editor_of(item))
    response = client.post(
        reverse("bookings:equipment:offer_create", args=[equipment_request.pk]),
        {"item": foreign.pk, "price": "1", "starts_at": "2030-01-01T10:00", "ends_at": "2030-01-01T12:00"},
    )
    assert response.status_code == 400
    assert not Offer.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "other", "owner", "author", "staff"])
def test_accept_only_by_the_requester(client, who, staff):
    author = UserFactory()
    equipment_request = make_request(user=author)
    item = make_item(time_bookable=False)
    offer = make_offer(equipment_request, item, editor_of(item))
    people = {"other": UserFactory(), "owner": editor_of(item), "author": author, "staff": staff}
    if who in people:
        client.force_login(people[who])
    response = client.post(reverse("bookings:equipment:offer_accept", args=[offer.pk]))
    offer.refresh_from_db()
    if who == "author":
        assert response.status_code == 302 and offer.status == "accepted"
    else:
        assert offer.status == "pending"
        assert response.status_code in {"anonymous": (302,), "other": (404,), "owner": (403,), "staff": (403,)}[who]


def test_thread_and_contacts_revealed_after_acceptance(client):
    author = UserFactory()
    equipment_request = make_request(user=author)
    item = make_item(time_bookable=False)
    offer = make_offer(equipment_request, item, editor_of(item))
    url = reverse("bookings:equipment:thread", args=[equipment_request.pk, item.organization.slug])
    client.force_login(editor_of(item))
    assert client.post(url, {"body": "Когда удобно?"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Когда удобно?" in page and author.email not in page
    client.force_login(author)
    client.post(reverse("bookings:equipment:offer_accept", args=[offer.pk]))
    client.force_login(editor_of(item))
    assert author.email in client.get(url).content.decode()
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    other_owner = make_item()
    client.force_login(editor_of(other_owner))
    assert client.get(url).status_code == 404
    assert EquipmentRequest.objects.get().status == "accepted"


@pytest.mark.parametrize("who", ["anonymous", "other", *ROLES, "staff"])
def test_owner_page_for_the_owners_members_only(client, who, member_of, staff):
    item = make_item()
    make_request()
    client = _client_for(client, who, item, member_of, staff)
    response = client.get(reverse("bookings:equipment:owner", args=[item.organization.slug]))
    assert response.status_code == {"anonymous": 302, "other": 404}.get(who, 200)
    if response.status_code == 200:
        assert response.context["page"].paginator.count == 1
        assert response.context["uses"][0].idle
