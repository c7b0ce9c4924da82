import datetime
import io
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats, translation
from PIL import Image

from bookings import services
from bookings.models import Blackout, Booking, BookingSeries, Resource, ResourcePhoto
from directory.models import Membership, Organization
from tests.bookings.factories import ResourceFactory, at, committed
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

Role = Membership.Role
MOSCOW = ZoneInfo("Europe/Moscow")


def png(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


# --- The permission matrix ------------------------------------------------------------------------------

ACTORS = [
    "anonymous",
    "stranger",
    "other_org_admin",
    "booker",
    "owner_recruiter",
    "owner_editor",
    "owner_admin",
    "staff",
]


@pytest.fixture
def world(db):
    resource = ResourceFactory(auto_confirm=False)
    organization = resource.organization
    people = {
        "stranger": UserFactory(),
        "other_org_admin": MembershipFactory(role=Role.ADMIN).user,
        "booker": UserFactory(),
        "owner_recruiter": MembershipFactory(organization=organization, role=Role.RECRUITER).user,
        "owner_editor": MembershipFactory(organization=organization, role=Role.EDITOR).user,
        "owner_admin": MembershipFactory(organization=organization, role=Role.ADMIN).user,
        "staff": UserFactory(is_staff=True, is_superuser=True),
    }
    booking = services.booking_create(resource=resource, user=people["booker"], starts_at=at(5, 10), ends_at=at(5, 11))
    series = services.booking_series_create(
        resource=resource, user=people["booker"], starts_at=at(6, 10), ends_at=at(6, 11), weeks=2
    )
    blackout = services.blackout_create(
        resource=resource, user=people["owner_admin"], starts_at=at(30, 0), ends_at=at(31, 0), reason="Ремонт"
    )
    photo = ResourcePhoto.objects.create(resource=resource, image=ContentFile(png(), name="room.png"))
    inactive = ResourceFactory(organization=organization, is_active=False)
    return {
        "resource": resource,
        "organization": organization,
        "people": people,
        "booking": booking,
        "series": series,
        "blackout": blackout,
        "photo": photo,
        "inactive": inactive,
        "user_feed": services.calendar_feed_get_or_create(user=people["booker"]),
    }


def _client_for(client, world, actor):
    if actor != "anonymous":
        client.force_login(world["people"][actor])
    return client


LOGIN = 302  # login_required sends anonymous visitors to the sign-in page
MANAGERS = {"owner_editor", "owner_admin", "staff"}
VIEWERS = {"owner_recruiter", "owner_editor", "owner_admin", "staff"}


def _expect(allowed: set, ok: int, denied: int, *, anonymous=LOGIN):
    return {actor: (anonymous if actor == "anonymous" else ok if actor in allowed else denied) for actor in ACTORS}


# (name, method, url builder, expected status per actor)
MATRIX = [
    (
        "resource page",
        "get",
        lambda w: reverse("bookings:resource", args=[w["resource"].pk]),
        _expect(set(ACTORS), 200, 200, anonymous=200),
    ),
    (
        "inactive resource page",
        "get",
        lambda w: reverse("bookings:resource", args=[w["inactive"].pk]),
        _expect(MANAGERS, 200, 404, anonymous=404),
    ),
    ("book form", "get", lambda w: reverse("bookings:book", args=[w["resource"].pk]), _expect(set(ACTORS), 200, 200)),
    (
        "book an inactive one",
        "get",
        lambda w: reverse("bookings:book", args=[w["inactive"].pk]),
        _expect(MANAGERS, 200, 404),
    ),
    ("edit", "get", lambda w: reverse("bookings:resource_edit", args=[w["resource"].pk]), _expect(MANAGERS, 200, 403)),
    ("blackouts", "get", lambda w: reverse("bookings:blackouts", args=[w["resource"].pk]), _expect(MANAGERS, 200, 403)),
    (
        "feed reset",
        "post",
        lambda w: reverse("bookings:resource_feed_reset", args=[w["resource"].pk]),
        _expect(MANAGERS, 302, 403),
    ),
    (
        "photo delete",
        "post",
        lambda w: reverse("bookings:photo_delete", args=[w["photo"].pk]),
        _expect(MANAGERS, 302, 403),
    ),
    (
        "blackout delete",
        "post",
        lambda w: reverse("bookings:blackout_delete", args=[w["blackout"].pk]),
        _expect(MANAGERS, 302, 403),
    ),
    (
        "booking page",
        "get",
        lambda w: reverse("bookings:booking", args=[w["booking"].pk]),
        _expect(VIEWERS | {"booker"}, 200, 404),
    ),
    (
        "booking ics",
        "get",
        lambda w: reverse("bookings:booking_ics", args=[w["booking"].pk]),
        _expect(VIEWERS | {"booker"}, 200, 404),
    ),
    ("approve", "post", lambda w: reverse("bookings:approve", args=[w["booking"].pk]), _expect(MANAGERS, 302, 404)),
    ("reject", "post", lambda w: reverse("bookings:reject", args=[w["booking"].pk]), _expect(MANAGERS, 302, 404)),
    (
        "cancel",
        "post",
        lambda w: reverse("bookings:cancel", args=[w["booking"].pk]),
        {**_expect(MANAGERS | {"booker"}, 302, 404), "owner_recruiter": 403},
    ),
    (
        "series page",
        "get",
        lambda w: reverse("bookings:series", args=[w["series"].pk]),
        _expect(VIEWERS | {"booker"}, 200, 404),
    ),
    (
        "series cancel",
        "post",
        lambda w: reverse("bookings:series_cancel", args=[w["series"].pk]),
        {**_expect(MANAGERS | {"booker"}, 302, 404), "owner_recruiter": 403},
    ),
    (
        "owner console",
        "get",
        lambda w: reverse("bookings:console", args=[w["organization"].slug]),
        _expect(VIEWERS, 200, 404),
    ),
    (
        "new resource",
        "get",
        lambda w: reverse("bookings:resource_create", args=[w["organization"].slug]),
        _expect(MANAGERS, 200, 403),
    ),
    (
        "incoming",
        "get",
        lambda w: reverse("bookings:incoming", args=[w["organization"].slug]),
        _expect(VIEWERS, 200, 404),
    ),
    (
        "incoming csv",
        "get",
        lambda w: reverse("bookings:incoming_csv", args=[w["organization"].slug]),
        _expect(VIEWERS, 200, 404),
    ),
    ("queue", "get", lambda w: reverse("bookings:queue", args=[w["organization"].slug]), _expect(MANAGERS, 200, 404)),
    (
        "utilization",
        "get",
        lambda w: reverse("bookings:utilization", args=[w["organization"].slug]),
        _expect(VIEWERS, 200, 404),
    ),
    (
        "user feed",
        "get",
        lambda w: reverse("bookings:feed_user", args=[w["user_feed"].token]),
        _expect(set(ACTORS), 200, 200, anonymous=200),
    ),
    (
        "user feed, wrong token",
        "get",
        lambda w: reverse("bookings:feed_user", args=["x" + w["user_feed"].token]),
        _expect(set(), 200, 404, anonymous=404),
    ),
    (
        "resource feed",
        "get",
        lambda w: reverse("bookings:feed_resource", args=[w["resource"].feed_token]),
        _expect(set(ACTORS), 200, 200, anonymous=200),
    ),
    (
        "resource feed, wrong token",
        "get",
        lambda w: reverse("bookings:feed_resource", args=[w["resource"].feed_token[:-1]]),
        _expect(set(), 200, 404, anonymous=404),
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("name", "method", "url", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_permission_matrix(client, world, actor, name, method, url, expected):
    data = {"reject-reason": "Занято", "cancel-reason": "Не нужно"}
    response = getattr(_client_for(client, world, actor), method)(url(world), data if method == "post" else None)
    assert response.status_code == expected[actor], (name, actor)
    if expected[actor] == LOGIN and actor == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def test_only_the_booker_and_the_owner_see_the_booking_details(client, world):
    booking = world["booking"]
    client.force_login(world["people"]["other_org_admin"])
    assert client.get(reverse("bookings:booking", args=[booking.pk])).status_code == 404
    client.force_login(world["people"]["owner_recruiter"])
    page = client.get(reverse("bookings:booking", args=[booking.pk])).content.decode()
    assert world["people"]["booker"].email not in page  # members who do not manage see who, not the address
    assert "reject-reason" not in page
    client.force_login(world["people"]["owner_editor"])
    page = client.get(reverse("bookings:booking", args=[booking.pk])).content.decode()
    assert world["people"]["booker"].email in page and "reject-reason" in page


# --- Search and calendar ----------------------------------------------------------------------------------


def _search_url(**params):
    base = {"kind": "meeting_room", "date": at(3, 0).date().isoformat(), "start": "10:00", "end": "12:00", "people": 2}
    return reverse("bookings:index") + "?" + "&".join(f"{k}={v}" for k, v in {**base, **params}.items())


def test_search_page_lists_free_resources_with_a_book_link(client, resource, booker):
    taken = ResourceFactory(organization=resource.organization, name_ru="Занятая")
    services.booking_create(resource=taken, user=booker, starts_at=at(3, 10), ends_at=at(3, 11))
    response = client.get(_search_url())
    page = response.content.decode()
    assert reverse("bookings:resource", args=[resource.pk]) in page
    assert reverse("bookings:resource", args=[taken.pk]) not in page
    book = (
        reverse("bookings:book", args=[resource.pk])
        + f"?date={at(3, 0).date().isoformat()}&amp;start=10%3A00&amp;end=12%3A00&amp;people=2"
    )
    assert book in page


def test_search_page_keeps_bad_input_with_the_error_beside_the_field(client, db):
    response = client.get(_search_url(end="09:00"))
    assert "end" in response.context["form"].errors
    assert 'value="09:00"' in response.content.decode()


@pytest.mark.parametrize("count", [3, 12])
def test_search_page_query_count_is_constant(client, db, count, django_assert_max_num_queries):
    organization = OrganizationFactory()
    for _n in range(count):
        ResourceFactory(organization=organization)
    with django_assert_max_num_queries(4):  # count, the page's ids, its rows, photos (anonymous: no session)
        assert client.get(_search_url()).status_code == 200


def test_search_lists_verified_hosts_first_by_name_each_hosts_resources_together(client, db):
    def host(name, verified):
        return OrganizationFactory(kind=Organization.Kind.TECHNOPARK, name_ru=name, is_verified=verified)

    hosts = [host("Альфа", False), host("Вега", True), host("Бета", True)]
    for organization in hosts:
        for name in ("Б", "А"):
            ResourceFactory(organization=organization, name_ru=f"{organization.name_ru} {name}")
    page = client.get(_search_url()).context["page"]
    assert [resource.name_ru for resource in page] == ["Бета А", "Бета Б", "Вега А", "Вега Б", "Альфа А", "Альфа Б"]


@pytest.mark.parametrize("count", [1, 8])
def test_calendar_page_query_count_is_constant(client, resource, booker, count, django_assert_max_num_queries):
    for day in range(count):
        services.booking_create(
            resource=resource,
            user=booker,
            starts_at=at(7 + day % 7, 9 + day // 7),
            ends_at=at(7 + day % 7, 10 + day // 7),
        )
    week = at(7, 0).date().isoformat()
    with django_assert_max_num_queries(7):
        response = client.get(reverse("bookings:resource", args=[resource.pk]) + f"?week={week}")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<table class="week">' in page and 'scope="row"' in page and 'scope="col"' in page


def test_calendar_links_free_slots_to_the_booking_form_and_navigates_weeks(client, resource):
    monday = at(14, 0).date() - datetime.timedelta(days=at(14, 0).weekday())
    response = client.get(reverse("bookings:resource", args=[resource.pk]) + f"?week={monday.isoformat()}")
    page = response.content.decode()
    assert f"{reverse('bookings:book', args=[resource.pk])}?date={monday.isoformat()}&amp;start=08%3A00" in page
    assert f"?week={(monday + datetime.timedelta(days=7)).isoformat()}" in page
    assert client.get(reverse("bookings:resource", args=[resource.pk]) + "?week=nonsense").status_code == 200


@pytest.mark.parametrize("language", ["ru", "en"])
def test_pages_in_both_languages(client, resource, language):
    with translation.override(language):
        index, detail = reverse("bookings:index"), reverse("bookings:resource", args=[resource.pk])
    assert index == ("/spaces/" if language == "ru" else "/en/spaces/")
    assert f'lang="{language}"' in client.get(index).content.decode()
    assert resource.name_ru if language == "ru" else resource.name_en in client.get(detail).content.decode()


# --- Booking through the pages ------------------------------------------------------------------------------


def _book_url(resource):
    return reverse("bookings:book", args=[resource.pk])


def _form(day=3, start="10:00", end="11:00", people=1, weeks=1, organization=""):
    return {
        "date": at(day, 0).date().isoformat(),
        "start": start,
        "end": end,
        "people": people,
        "weeks": weeks,
        "organization": organization,
        "purpose": "Встреча с инвестором",
    }


def test_booking_form_prefills_from_the_calendar_link(client, resource, booker):
    client.force_login(booker)
    response = client.get(_book_url(resource) + "?date=2030-01-07&start=10:00&end=11:00")
    page = response.content.decode()
    assert 'value="2030-01-07"' in page and 'value="10:00"' in page


def test_booking_through_the_form(client, resource, booker):
    client.force_login(booker)
    with committed():
        response = client.post(_book_url(resource), _form())
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == booking.get_absolute_url()
    assert booking.starts_at == at(3, 10) and booking.booked_by == booker
    assert mail.outbox and mail.outbox[0].to == [booker.email]


def test_booking_on_behalf_of_my_organization(client, resource, booker):
    organization = MembershipFactory(user=booker, role=Role.EDITOR).organization
    client.force_login(booker)
    client.post(_book_url(resource), _form(organization=organization.pk))
    assert Booking.objects.get().organization == organization
    response = client.post(_book_url(resource), _form(day=4, organization=OrganizationFactory().pk))
    assert "organization" in response.context["form"].errors


@pytest.mark.parametrize(
    ("change", "values", "field"),
    [
        ({}, {"start": "12:00", "end": "11:00"}, "end"),
        ({}, {"day": -1}, "start"),
        ({}, {"start": "06:00", "end": "08:00"}, "start"),
        ({}, {"start": "19:00", "end": "21:00"}, "end"),
        ({}, {"start": "10:00", "end": "10:30"}, "end"),
        ({"max_minutes": 120}, {"start": "10:00", "end": "13:00"}, "end"),
        ({}, {"start": "10:15", "end": "11:15"}, "start"),
        ({}, {"people": 30}, "people"),
        ({"lead_hours": 24 * 7}, {}, "start"),
    ],
)
def test_bad_input_shows_the_error_beside_the_field_and_keeps_the_input(client, booker, change, values, field):
    resource = ResourceFactory(**change)
    client.force_login(booker)
    data = _form(**values)
    response = client.post(_book_url(resource), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    page = response.content.decode()
    for name in ("date", "start", "end"):
        assert f'value="{data[name]}"' in page
    assert 'value="Встреча с инвестором"' in page
    assert not Booking.objects.exists()


def test_a_blackout_or_an_inactive_resource_is_reported_on_the_form(client, booker, member_of):
    resource = ResourceFactory()
    editor = member_of(resource.organization, Role.EDITOR)
    services.blackout_create(
        resource=resource, user=editor, starts_at=at(3, 0), ends_at=at(4, 0), reason="Санобработка"
    )
    client.force_login(booker)
    response = client.post(_book_url(resource), _form())
    assert "Санобработка" in str(response.context["form"].errors["start"])
    Resource.objects.filter(pk=resource.pk).update(is_active=False)
    client.force_login(editor)  # only managers still see an inactive resource's form
    response = client.post(_book_url(resource), _form(day=5))
    assert response.context["form"].non_field_errors()


def test_a_taken_slot_is_a_message_not_a_server_error(client, resource, booker):
    services.booking_create(resource=resource, user=UserFactory(), starts_at=at(3, 10), ends_at=at(3, 11))
    client.force_login(booker)
    response = client.post(_book_url(resource), _form(start="10:30", end="11:30"))
    assert response.status_code == 200
    assert "start" in response.context["form"].errors


def test_a_weekly_series_through_the_form_names_clashes_before_saving(client, resource, booker):
    services.booking_create(resource=resource, user=UserFactory(), starts_at=at(10, 10), ends_at=at(10, 11))
    client.force_login(booker)
    response = client.post(_book_url(resource), _form(weeks=3))
    assert "weeks" in response.context["form"].errors
    assert formats.date_format(at(10, 0), "SHORT_DATE_FORMAT") in str(response.context["form"].errors["weeks"])
    assert not BookingSeries.objects.exists()
    response = client.post(_book_url(resource), _form(start="12:00", end="13:00", weeks=3))
    series = BookingSeries.objects.get()
    assert response["Location"] == series.get_absolute_url()
    assert series.bookings.count() == 3
    assert client.get(series.get_absolute_url()).status_code == 200
    client.post(reverse("bookings:series_cancel", args=[series.pk]), {"cancel-reason": ""})
    assert set(series.bookings.values_list("status", flat=True)) == {"cancelled"}


# --- Owners ---------------------------------------------------------------------------------------------------


def test_owner_lists_a_resource_with_hours_and_a_photo(client, member_of):
    organization = OrganizationFactory(kind="coworking")
    client.force_login(member_of(organization, Role.EDITOR))
    url = reverse("bookings:resource_create", args=[organization.slug])
    assert 'value="09:00"' in client.get(url).content.decode()
    data = {
        "kind": "desk",
        "name_ru": "Открытое пространство",
        "capacity": 1,
        "price_unit": "day",
        "price": "950",
        "slot_minutes": 60,
        "min_minutes": 60,
        "max_minutes": 600,
        "lead_hours": 0,
        "cancel_hours": 12,
        "auto_confirm": "on",
        "is_active": "on",
        "amenities": ["wifi", "kitchen"],
        "hours-opens_0": "09:00",
        "hours-closes_0": "21:00",
        "photo": SimpleUploadedFile("desk.png", png(), content_type="image/png"),
    }
    response = client.post(url, data)
    resource = Resource.objects.get(organization=organization)
    assert response["Location"] == resource.get_absolute_url()
    assert resource.amenities == ["wifi", "kitchen"] and resource.photos.count() == 1
    assert [(h.weekday, h.opens, h.closes) for h in resource.opening_hours.all()] == [
        (0, datetime.time(9), datetime.time(21))
    ]


def test_resource_form_reports_bad_input_beside_the_field(client, member_of):
    organization = OrganizationFactory()
    client.force_login(member_of(organization, Role.ADMIN))
    data = {
        "kind": "lab",
        "name_ru": "Лаборатория",
        "capacity": 4,
        "price_unit": "hour",
        "price": "",
        "slot_minutes": 30,
        "min_minutes": 45,
        "max_minutes": 240,
        "lead_hours": 1,
        "cancel_hours": 24,
        "hours-opens_1": "18:00",
        "hours-closes_1": "09:00",
        "hours-opens_2": "09:00",
        "photo": SimpleUploadedFile("fake.png", b"not an image at all", content_type="image/png"),
    }
    response = client.post(reverse("bookings:resource_create", args=[organization.slug]), data)
    form, hours = response.context["form"], response.context["hours_form"]
    assert {"price", "min_minutes", "photo"} <= set(form.errors)
    assert {"closes_1", "closes_2"} <= set(hours.errors)
    assert 'value="Лаборатория"' in response.content.decode()
    assert not Resource.objects.exists()


def test_owner_edits_a_resource(client, resource, owner_editor):
    client.force_login(owner_editor)
    url = reverse("bookings:resource_edit", args=[resource.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if name in form.fields and value is not None}
    data.update({"capacity": 12, "amenities": ["wifi"], "auto_confirm": "", "is_active": "on"})
    data["hours-opens_3"], data["hours-closes_3"] = "10:00", "16:00"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    resource.refresh_from_db()
    assert resource.capacity == 12 and not resource.auto_confirm
    assert resource.opening_hours.count() == 1


def test_blackout_through_the_page(client, resource, owner_editor, booker):
    booking = services.booking_create(resource=resource, user=booker, starts_at=at(3, 10), ends_at=at(3, 11))
    client.force_login(owner_editor)
    url = reverse("bookings:blackouts", args=[resource.pk])
    data = {
        "start_date": at(3, 0).date().isoformat(),
        "start_time": "00:00",
        "end_date": at(4, 0).date().isoformat(),
        "end_time": "00:00",
        "reason": "Ремонт",
    }
    response = client.post(url, data)
    assert f"№{booking.pk}" in str(response.context["form"].errors["start_time"])
    response = client.post(
        url, {**data, "start_date": at(5, 0).date().isoformat(), "end_date": at(6, 0).date().isoformat()}
    )
    assert response.status_code == 302
    assert Blackout.objects.get().reason == "Ремонт"


def test_owner_approves_and_rejects_through_the_pages(client, booker, member_of):
    resource = ResourceFactory(auto_confirm=False)
    editor = member_of(resource.organization, Role.EDITOR)
    first = services.booking_create(resource=resource, user=booker, starts_at=at(3, 10), ends_at=at(3, 11))
    second = services.booking_create(resource=resource, user=booker, starts_at=at(3, 12), ends_at=at(3, 13))
    client.force_login(editor)
    queue = client.get(reverse("bookings:queue", args=[resource.organization.slug]))
    assert list(queue.context["page"]) == [first, second]
    response = client.post(reverse("bookings:approve", args=[first.pk]), {"next": "queue"})
    assert response["Location"] == reverse("bookings:queue", args=[resource.organization.slug])
    response = client.post(reverse("bookings:reject", args=[second.pk]), {"reject-reason": ""})
    assert "reason" in response.context["reject_form"].errors
    client.post(reverse("bookings:reject", args=[second.pk]), {"reject-reason": "Ремонт"})
    assert dict(Booking.objects.values_list("pk", "status")) == {first.pk: "confirmed", second.pk: "rejected"}


def test_booker_cancels_through_the_page(client, resource, booker):
    booking = services.booking_create(resource=resource, user=booker, starts_at=at(3, 10), ends_at=at(3, 11))
    client.force_login(booker)
    assert "cancel-reason" in client.get(booking.get_absolute_url()).content.decode()
    client.post(reverse("bookings:cancel", args=[booking.pk]), {"cancel-reason": ""})
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert booking.events.last().actor == booker


def test_incoming_csv_export_follows_the_filters(client, resource, booker, owner_editor):
    services.booking_create(resource=resource, user=booker, starts_at=at(3, 10), ends_at=at(3, 11), purpose="=cmd()")
    services.booking_cancel(
        booking=services.booking_create(resource=resource, user=booker, starts_at=at(4, 10), ends_at=at(4, 11)),
        user=booker,
    )
    client.force_login(owner_editor)
    url = reverse("bookings:incoming_csv", args=[resource.organization.slug])
    rows = client.get(url + "?status=confirmed").content.decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 2
    assert booker.email in rows[1] and at(3, 10).strftime("%Y-%m-%d 10:00") in rows[1]
    assert "'=cmd()" in rows[1]
    assert len(client.get(url).content.decode("utf-8-sig").strip().splitlines()) == 3
    page = client.get(reverse("bookings:incoming", args=[resource.organization.slug]) + "?status=cancelled")
    assert page.context["page"].paginator.count == 1


def test_my_bookings_and_the_dashboard_panel(client, resource, booker):
    booking = services.booking_create(resource=resource, user=booker, starts_at=at(3, 10), ends_at=at(3, 11))
    client.force_login(booker)
    assert client.get(reverse("bookings:mine") + "?when=upcoming").context["page"].paginator.count == 1
    assert client.get(reverse("bookings:mine") + "?when=past").context["page"].paginator.count == 0
    assert booking.get_absolute_url() in client.get(reverse("accounts:dashboard")).content.decode()


def test_organization_profile_shows_its_spaces(client, resource, owner_editor):
    url = resource.organization.get_absolute_url()
    page = client.get(url).content.decode()
    assert resource.name_en in page and resource.get_absolute_url() in page
    assert reverse("bookings:console", args=[resource.organization.slug]) not in page
    client.force_login(owner_editor)
    assert reverse("bookings:console", args=[resource.organization.slug]) in client.get(url).content.decode()


# --- iCalendar ------------------------------------------------------------------------------------------------


def _events(body: bytes):
    calendar = icalendar.Calendar.from_ical(body)
    return calendar, list(calendar.walk("VEVENT"))


def test_booking_ics_has_moscow_times(client, resource, booker):
    booking = services.booking_create(resource=resource, user=booker, starts_at=at(3, 10), ends_at=at(3, 11, 30))
    client.force_login(booker)
    response = client.get(reverse("bookings:booking_ics", args=[booking.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar, (event,) = _events(response.content)
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert event["dtstart"].params["TZID"] == "Europe/Moscow"
    assert (start.hour, start.minute, end.hour, end.minute) == (10, 0, 11, 30)
    assert start.utcoffset() == datetime.timedelta(hours=3)
    assert start == at(3, 10) and start.astimezone(datetime.UTC).hour == 7
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Moscow"
    assert str(event["uid"]) == f"booking-{booking.pk}@imoscow"


def test_user_and_resource_feeds_parse(client, resource, booker):
    services.booking_create(resource=resource, user=booker, starts_at=at(3, 10), ends_at=at(3, 11))
    services.booking_create(resource=resource, user=UserFactory(), starts_at=at(4, 18), ends_at=at(4, 20))
    feed = services.calendar_feed_get_or_create(user=booker)
    _calendar, events = _events(client.get(reverse("bookings:feed_user", args=[feed.token])).content)
    assert len(events) == 1
    _calendar, events = _events(client.get(reverse("bookings:feed_resource", args=[resource.feed_token])).content)
    assert [e.decoded("dtstart").astimezone(MOSCOW).hour for e in events] == [10, 18]


def test_search_pages_past_the_end_show_the_last_page(client, db):
    organization = OrganizationFactory()
    for _n in range(23):
        ResourceFactory(organization=organization)
    response = client.get(_search_url(page=99))
    page = response.context["page"]
    assert (page.number, page.paginator.count, len(page.object_list)) == (2, 23, 3)
    assert client.get(_search_url(page="x")).context["page"].number == 1


# --- Staff in the admin --------------------------------------------------------------------------------------


def test_admin_lists_and_acts_through_the_services(client, staff, booker):
    resource = ResourceFactory(auto_confirm=False)
    booking = services.booking_create(resource=resource, user=booker, starts_at=at(3, 10), ends_at=at(3, 11))
    client.force_login(staff)
    for url in (
        reverse("admin:bookings_resource_changelist") + "?q=" + resource.name_ru[:5],
        reverse("admin:bookings_resource_change", args=[resource.pk]),
        reverse("admin:bookings_booking_changelist") + "?status=pending",
        reverse("admin:bookings_booking_change", args=[booking.pk]),
        reverse("admin:bookings_bookingseries_changelist"),
    ):
        assert client.get(url).status_code == 200, url
    changelist = reverse("admin:bookings_booking_changelist")
    client.post(changelist, {"action": "approve", "_selected_action": [booking.pk]})
    booking.refresh_from_db()
    assert booking.status == "confirmed" and booking.events.last().actor == staff
    client.post(changelist, {"action": "cancel", "_selected_action": [booking.pk]})
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"
    client.post(
        reverse("admin:bookings_resource_changelist"), {"action": "deactivate", "_selected_action": [resource.pk]}
    )
    assert not Resource.objects.get(pk=resource.pk).is_active
