"""A resident of a technology park books time in its laboratory: with the mouse, and with the keyboard only."""

import datetime

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import Booking, ResourceKind
from directory.models import Membership, Organization
from tests.bookings.factories import ResourceFactory, at
from tests.browser.conftest import sign_in, tab_to
from tests.factories import MembershipFactory, OrganizationFactory


def _park_with_a_laboratory():
    """A park with a laboratory and a meeting room, and a resident company with one member: (lab, member)."""
    park = OrganizationFactory(kind=Organization.Kind.TECHNOPARK, name_ru="Технопарк «Нагатино»")
    laboratory = ResourceFactory(
        organization=park,
        kind=ResourceKind.LAB,
        name_ru="Лаборатория электромагнитной совместимости",
        capacity=4,
        slot_minutes=60,
        min_minutes=60,
    )
    ResourceFactory(organization=park, kind=ResourceKind.MEETING_ROOM, name_ru="Переговорная «Орбита»")
    resident = OrganizationFactory(name_ru="Сенсорные системы", park=park)
    member = MembershipFactory(organization=resident, role=Membership.Role.EDITOR).user
    return laboratory, member


def _free_slot(page, starts_at):
    """The calendar's link to book the free slot that starts at `starts_at`: its name, as a screen reader
    reads it, is "свободно, <weekday> <day> <month> <time>"."""
    moment = date_filter(timezone.localtime(starts_at), "l j E H:i")
    return page.locator("td.slot-free").get_by_role("link", name=moment)


def _next_week(weekday: int, hour: int) -> datetime.datetime:
    today = timezone.localdate()
    return at(7 - today.weekday() + weekday, hour)


@pytest.mark.django_db(transaction=True)
def test_a_resident_finds_a_laboratory_and_books_a_slot(page):
    laboratory, member = _park_with_a_laboratory()
    starts_at = _next_week(2, 10)  # Wednesday next week, 10:00 Moscow time
    sign_in(page, member.email)

    # The spaces search, narrowed to laboratories, shows the laboratory and not the meeting room.
    page.goto("/spaces/")
    page.get_by_label("Тип").select_option(label="Лаборатория")
    page.get_by_role("button", name="Показать свободные").click()
    results = page.locator("#results-heading + .card-list")
    expect(results).to_contain_text("Лаборатория электромагнитной совместимости")
    expect(results).not_to_contain_text("Переговорная «Орбита»")
    results.get_by_role("link", name="Лаборатория электромагнитной совместимости", exact=True).click()

    # A free slot of next week's calendar opens the booking form with its time filled in.
    page.get_by_role("link", name="Следующая неделя").click()
    _free_slot(page, starts_at).click()
    expect(page.locator("#id_start")).to_have_value("10:00")
    expect(page.locator("#id_end")).to_have_value("11:00")
    page.get_by_label("От чьего имени").select_option(label="Сенсорные системы")
    page.get_by_label("Цель").fill("Испытания датчика на помехоустойчивость")
    page.get_by_role("button", name="Забронировать").click()
    expect(page.locator(".messages")).to_contain_text("Бронирование подтверждено")
    booking = Booking.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Бронирование №{booking.pk}")
    assert booking.resource == laboratory
    assert booking.booked_by == member
    assert booking.organization.name_ru == "Сенсорные системы"
    assert booking.during.lower == starts_at
    assert booking.during.upper == starts_at + datetime.timedelta(hours=1)
    assert booking.status == Booking.Status.CONFIRMED

    # It is among "my bookings", reached from the dashboard.
    page.goto("/me/")
    page.get_by_role("link", name="Все мои бронирования").click()
    row = page.get_by_role("row").filter(has_text="Лаборатория электромагнитной совместимости")
    expect(row).to_contain_text("подтверждено")
    expect(row).to_contain_text("10:00–11:00")


@pytest.mark.django_db(transaction=True)
def test_a_booking_made_with_the_keyboard_alone(page):
    laboratory, member = _park_with_a_laboratory()
    starts_at = _next_week(0, 9)  # Monday next week, 9:00
    sign_in(page, member.email)
    page.goto(laboratory.organization.get_absolute_url())  # the park's profile lists its spaces
    unseen = []
    keyboard = page.keyboard

    unseen += tab_to(page, page.get_by_role("link", name="Лаборатория электромагнитной совместимости"))
    keyboard.press("Enter")
    page.wait_for_url(f"**{laboratory.get_absolute_url()}")
    unseen += tab_to(page, page.get_by_role("link", name="Следующая неделя"))
    keyboard.press("Enter")
    page.wait_for_url("**?week=*")
    unseen += tab_to(page, _free_slot(page, starts_at))
    keyboard.press("Enter")
    page.wait_for_url("**/book/?*")

    unseen += tab_to(page, page.get_by_label("Цель"))  # past the time, filled in, and "book as: myself"
    keyboard.type("Калибровка осциллографа")
    unseen += tab_to(page, page.get_by_role("button", name="Забронировать"))
    keyboard.press("Space")
    page.wait_for_url("**/spaces/b/*/")

    assert unseen == []  # every element the focus passed through showed it
    expect(page.locator(".messages")).to_contain_text("Бронирование подтверждено")
    booking = Booking.objects.get()
    assert (booking.resource, booking.booked_by, booking.status) == (laboratory, member, Booking.Status.CONFIRMED)
    assert booking.organization is None
    assert booking.purpose == "Калибровка осциллографа"
    assert booking.during.lower == starts_at
