import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from directory import services
from directory.extensions import SearchHit, _search_areas, register_search_area
from directory.models import Accreditation, Capability, Membership, Okrug, Organization, ResidencyRequest
from tests.directory.factories import DirectoryOrganizationFactory, IndustryFactory, LaboratoryFactory, ParkFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def scripts(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", html)


# --- The directory list ------------------------------------------------------------------------------


def test_the_list_shows_facet_counts_and_keeps_the_state_in_the_url(client):
    robotics = IndustryFactory(slug="robotics", name_ru="Робототехника")
    LaboratoryFactory(name_ru="Лаборатория «Север»", okrug=Okrug.NORTHERN, industries=[robotics])
    LaboratoryFactory(name_ru="Лаборатория «Центр»", okrug=Okrug.CENTRAL)
    DirectoryOrganizationFactory(name_ru="Компания", okrug=Okrug.NORTHERN)

    response = client.get("/directory/?q=лаборатория&okrug=sao")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Лаборатория «Север»" in html and "Лаборатория «Центр»" not in html
    assert 'name="okrug" value="sao" id="f-okrug-2" checked' in html
    assert 'value="лаборатория"' in html  # what was typed stays in the box
    # "Central" would add one more laboratory; "Robotics" has one within the result.
    assert re.search(r'value="cao"[^>]*>\s*<label[^>]*>[^<]*<span class="facet-count">1</span>', html)
    assert re.search(r'value="robotics"[^>]*>\s*<label[^>]*>[^<]*<span class="facet-count">1</span>', html)
    # The map view of the same selection keeps the filters.
    assert 'href="/directory/map/?q=%D0%BB' in html


def test_pagination_keeps_the_filters(client):
    for n in range(30):
        LaboratoryFactory(name_ru=f"Лаборатория {n:02}")
    DirectoryOrganizationFactory()

    response = client.get("/directory/?kind=laboratory&verified=on")
    html = response.content.decode()
    assert "30" in html
    assert 'href="?kind=laboratory&amp;verified=on&amp;page=2"' in html

    second = client.get("/directory/?kind=laboratory&verified=on&page=2").content.decode()
    assert "Лаборатория 29" in second and "Лаборатория 00" not in second
    assert 'href="?kind=laboratory&amp;verified=on&amp;page=1"' in second


def test_the_list_works_without_javascript_and_has_no_inline_script(client):
    DirectoryOrganizationFactory()
    html = client.get("/directory/map/").content.decode()
    assert '<form class="filters" method="get" action="/directory/map/"' in html
    assert all("src=" in tag for tag in scripts(html))
    assert "style=" not in html
    assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert "The map needs JavaScript" in client.get("/en/directory/map/").content.decode()
    assert "leaflet-1.9.4/leaflet.js" in html and "unpkg" not in html and "cdn" not in html.lower()


def _grow(n):
    robotics = IndustryFactory(slug="robotics")
    park = ParkFactory()
    for index in range(n):
        LaboratoryFactory(
            okrug=list(Okrug)[index % 12],
            industries=[robotics],
            standards=[Accreditation.Standard.ISO_17025],
            park=park if index % 2 else None,
        )


@pytest.mark.parametrize("size", [2, 30])
@pytest.mark.parametrize(
    "url",
    [
        "/directory/",
        "/directory/?q=лаборатория",
        "/directory/?kind=laboratory&okrug=cao&capability=test&page=1",
        "/directory/?industry=robotics&standard=iso_17025&park=x&verified=on&sort=newest",
        "/directory/map.geojson?kind=laboratory",
        "/search/?q=лаборатория",
    ],
)
def test_list_pages_cost_the_same_queries_at_any_size(client, django_assert_max_num_queries, size, url):
    _grow(size)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_the_geojson_is_the_filtered_set(client):
    LaboratoryFactory(name_ru="Лаборатория </script>", latitude="55.700000", longitude="37.500000")
    DirectoryOrganizationFactory(name_ru="Компания")

    data = client.get("/directory/map.geojson?kind=laboratory").json()

    assert data["type"] == "FeatureCollection"
    assert data["total"] == 1 and data["truncated"] is False
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.5, 55.7]}
    assert feature["properties"]["name"] == "Лаборатория </script>"
    assert feature["properties"]["url"].startswith("/directory/")


# --- Profile -----------------------------------------------------------------------------------------


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_the_profile_has_json_ld_with_name_url_and_address(client):
    park = ParkFactory(name_ru="Технопарк «Калибр»")
    organization = LaboratoryFactory(
        name_ru="Лаборатория <b>&</b> </script><script>alert(1)</script>",
        name_en="Lab",
        park=park,
        website="https://lab.example",
        address="г. Москва, ул. Тверская, д. 1",
        okrug=Okrug.CENTRAL,
    )

    html = client.get(organization.get_absolute_url()).content.decode()
    data = json_ld(html)

    assert "<script>alert(1)" not in html
    assert data["@context"] == "https://schema.org"
    assert data["name"] == organization.name_ru
    assert data["url"] == f"http://testserver{organization.get_absolute_url()}"
    assert data["address"]["streetAddress"] == "г. Москва, ул. Тверская, д. 1"
    assert data["address"]["addressRegion"]
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 55.757, "longitude": 37.615}
    assert data["memberOf"]["name"] == park.name_ru
    assert data["sameAs"] == ["https://lab.example"]


def test_a_park_profile_lists_capped_residents_and_links_to_all(client):
    park = ParkFactory()
    for n in range(14):
        DirectoryOrganizationFactory(park=park, name_ru=f"Резидент {n:02}")

    html = client.get(park.get_absolute_url()).content.decode()

    assert "Резидент 11" in html and "Резидент 12" not in html
    assert f'href="/directory/?park={park.slug}"' in html


def test_the_profile_costs_the_same_queries_with_many_residents(client, django_assert_max_num_queries):
    park = ParkFactory()
    for _ in range(30):
        DirectoryOrganizationFactory(park=park, industries=[IndustryFactory()])
    # The directory's own queries plus one per section other apps add (vacancies, cluster membership, spaces).
    with django_assert_max_num_queries(7):
        assert client.get(park.get_absolute_url()).status_code == 200


EDIT_MATRIX = [
    ("anonymous", 302),
    ("other organization", 403),
    (Role.ADMIN, 200),
    (Role.EDITOR, 200),
    (Role.RECRUITER, 403),
    ("staff", 200),
]


def actor(kind, organization, member_of):
    if kind == "anonymous":
        return None
    if kind == "other organization":
        return member_of(DirectoryOrganizationFactory(), Role.ADMIN)
    if kind == "staff":
        return UserFactory(is_staff=True)
    return member_of(organization, kind)


@pytest.mark.parametrize(("who", "status"), EDIT_MATRIX)
def test_who_may_edit_a_profile(client, organization, member_of, who, status):
    login(client, actor(who, organization, member_of))
    url = reverse("directory:edit", kwargs={"slug": organization.slug})

    assert client.get(url).status_code == status
    response = client.post(url, {"name_ru": "Новое имя", "okrug": "cao"})
    organization.refresh_from_db()
    if status == 200:
        assert response.status_code == 302
        assert organization.name_ru == "Новое имя"
    else:
        assert response.status_code == status
        assert organization.name_ru != "Новое имя"


def test_a_bad_edit_keeps_what_was_typed_with_the_error_beside_the_field(client, organization, member_of):
    login(client, member_of(organization, Role.EDITOR))
    response = client.post(
        reverse("directory:edit", kwargs={"slug": organization.slug}),
        {"name_ru": "Имя, что я набрал", "latitude": "123", "okrug": "cao"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Имя, что я набрал"' in html
    assert re.search(r'id="id_latitude_error"|errorlist[^>]*>.*?(90|latitude|широт)', html, re.S)


def test_editing_industries_on_the_site_updates_search(client, organization, member_of):
    robotics = IndustryFactory(slug="robotics", name_ru="Робототехника", name_en="Robotics")
    login(client, member_of(organization, Role.EDITOR))
    client.post(
        reverse("directory:edit", kwargs={"slug": organization.slug}),
        {"name_ru": organization.name_ru, "industries": [robotics.pk], "capabilities": ["test"]},
    )
    assert organization.name_ru in client.get("/directory/?q=robotics").content.decode()


def test_staff_change_kind_and_residency_in_the_admin_and_both_are_recorded(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    park = ParkFactory()
    organization = DirectoryOrganizationFactory(kind=Organization.Kind.COMPANY)
    login(client, staff)
    url = reverse("admin:directory_organization_change", args=[organization.pk])
    form = client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None and key != "logo"}
    data.update(
        kind=Organization.Kind.LABORATORY,
        park=park.pk,
        capabilities="test",
        industries=[],
        **{
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
            "accreditations-TOTAL_FORMS": 0,
            "accreditations-INITIAL_FORMS": 0,
        },
    )
    data.pop("industries")

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    organization.refresh_from_db()
    assert organization.kind == Organization.Kind.LABORATORY and organization.park == park
    assert "laboratory" in organization.search_terms
    assert ResidencyRequest.objects.get(organization=organization).status == ResidencyRequest.Status.APPROVED


# --- Residency ---------------------------------------------------------------------------------------


@pytest.fixture
def park(member_of):
    park = ParkFactory()
    member_of(park, Role.ADMIN)
    return park


def test_a_company_editor_applies_from_the_park_profile(client, park, member_of, django_capture_on_commit_callbacks):
    company = DirectoryOrganizationFactory()
    login(client, member_of(company, Role.EDITOR))

    profile = client.get(park.get_absolute_url()).content.decode()
    assert reverse("directory:residency_apply", kwargs={"slug": park.slug}) in profile
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("directory:residency_apply", kwargs={"slug": park.slug}),
            {"organization": company.slug, "message": "Примите нас"},
        )

    assert response.status_code == 302
    assert ResidencyRequest.objects.get().message == "Примите нас"
    assert len(mail.outbox) == 1
    # A second request shows the error beside the field and keeps the message.
    again = client.post(
        reverse("directory:residency_apply", kwargs={"slug": park.slug}),
        {"organization": company.slug, "message": "Ещё раз"},
    )
    assert again.status_code == 200
    assert "Ещё раз" in again.content.decode()
    assert again.context["form"].errors["organization"]


def test_nobody_applies_for_an_organization_they_do_not_edit(client, park, member_of):
    company = DirectoryOrganizationFactory()
    login(client, member_of(company, Role.RECRUITER))
    response = client.post(
        reverse("directory:residency_apply", kwargs={"slug": park.slug}), {"organization": company.slug}
    )
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not ResidencyRequest.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("other organization", 403), (Role.ADMIN, 200), (Role.EDITOR, 403), ("staff", 200)],
)
def test_who_sees_and_decides_a_park_requests(client, park, member_of, who, status):
    company = DirectoryOrganizationFactory()
    request = services.residency_request_create(organization=company, park=park, user=member_of(company, Role.ADMIN))
    login(client, actor(who, park, member_of))

    assert client.get(reverse("directory:residency_requests", kwargs={"slug": park.slug})).status_code == status
    response = client.post(
        reverse("directory:residency_decide", kwargs={"pk": request.pk}), {"decision": "approve", "comment": "Ок"}
    )
    request.refresh_from_db()
    company.refresh_from_db()
    if status == 200:
        assert response.status_code == 302
        assert request.status == ResidencyRequest.Status.APPROVED and company.park == park
    else:
        assert response.status_code == status
        assert request.status == ResidencyRequest.Status.PENDING and company.park is None


def test_the_applicant_withdraws_from_its_profile(client, park, member_of):
    company = DirectoryOrganizationFactory()
    editor = member_of(company, Role.EDITOR)
    request = services.residency_request_create(organization=company, park=park, user=editor)
    withdraw = reverse("directory:residency_withdraw", kwargs={"pk": request.pk})

    login(client, UserFactory())
    assert client.post(withdraw).status_code == 403
    login(client, editor)
    assert withdraw in client.get(company.get_absolute_url()).content.decode()
    assert client.post(withdraw).status_code == 302
    request.refresh_from_db()
    assert request.status == ResidencyRequest.Status.WITHDRAWN


def test_ending_a_residency_from_the_profile(client, park, member_of):
    company = DirectoryOrganizationFactory()
    services.residency_set(organization=company, park=park, user=UserFactory(is_staff=True))
    end = reverse("directory:residency_end", kwargs={"slug": company.slug})

    login(client, member_of(company, Role.EDITOR))
    assert client.post(end).status_code == 403
    login(client, Membership.objects.get(organization=park).user)
    assert client.post(end).status_code == 302
    company.refresh_from_db()
    assert company.park is None


# --- Find a provider ---------------------------------------------------------------------------------


def test_find_a_provider_lists_ranked_providers_per_stage_at_a_shareable_url(client):
    robotics = IndustryFactory(slug="robotics", name_ru="Робототехника")
    LaboratoryFactory(name_ru="Лаборатория роботов", industries=[robotics], standards=["gost_r"])
    DirectoryOrganizationFactory(name_ru="Конструкторское бюро", capabilities=[Capability.DESIGN])

    response = client.get(
        "/directory/find-a-provider/?stage=test&stage=design&industry=robotics&standard=gost_r&okrug=cao"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert [stage["capability"] for stage in response.context["stages"]] == ["test", "design"]
    assert "Лаборатория роботов" in html and "Конструкторское бюро" in html
    assert 'value="test" id="id_stage_2" checked' in html or "checked" in html
    assert "data-print" in html


def test_find_a_provider_explains_what_is_missing(client):
    response = client.get("/en/directory/find-a-provider/?industry=robotics")
    assert response.status_code == 200
    assert response.context["form"].errors["stage"] == ["Tick at least one stage."]
    assert not response.context["stages"]


# --- Search everywhere -------------------------------------------------------------------------------


def test_the_header_searches_everywhere_and_results_are_grouped_by_area(client):
    LaboratoryFactory(name_ru="Испытательная лаборатория «Север»")

    def search_courses(query, limit):
        return [SearchHit(title="Курс робототехники", url="/courses/1/")], 1

    register_search_area("test-courses", "Courses", search_courses, order=50)
    try:
        home = client.get("/").content.decode()
        assert 'action="/search/"' in home
        response = client.get("/search/?q=лаборатория")
    finally:
        _search_areas.pop("test-courses")

    html = response.content.decode()
    keys = [group["area"].key for group in response.context["groups"]]
    assert [key for key in keys if key in ("directory", "test-courses")] == ["directory", "test-courses"]
    assert "Испытательная лаборатория «Север»" in html and "Курс робототехники" in html
    assert response.context["found"] == 2


def test_an_empty_search_shows_just_the_form(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["groups"] == []
