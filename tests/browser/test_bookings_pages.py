"""axe-core on the bookings pages (bookers' and owners'), and booking a free slot from the calendar."""

import pytest
from django.utils import timezone

from bookings import services
from bookings.models import Booking
from directory.models import Membership
from tests.bookings.factories import ResourceFactory, at
from tests.browser.conftest import axe_problems, sign_in
from tests.factories import MembershipFactory, UserFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language_prefix", ["", "/en"], ids=["ru", "en"])
def test_bookings_pages_have_no_serious_accessibility_violations(axe_page, language_prefix):
    resource = ResourceFactory(auto_confirm=False)
    booker = UserFactory()
    editor = MembershipFactory(organization=resource.organization, role=Membership.Role.EDITOR).user
    booking = services.booking_create(resource=resource, user=booker, starts_at=at(3, 10), ends_at=at(3, 11))
    series = services.booking_series_create(
        resource=resource, user=booker, starts_at=at(4, 14), ends_at=at(4, 15), weeks=3
    )
    day = at(3, 0).date().isoformat()
    public = [
        "/spaces/",
        f"/spaces/?kind=meeting_room&date={day}&start=12:00&end=13:00&people=2",
        f"/spaces/?date={day}&start=13:00&end=12:00",
        resource.get_absolute_url(),
        f"/spaces/r/{resource.pk}/?week={day}",
        resource.organization.get_absolute_url(),  # the profile's spaces section
    ]
    problems = axe_problems(axe_page, public, language_prefix)
    sign_in(axe_page, booker.email)
    mine = [
        f"/spaces/r/{resource.pk}/book/?date={day}&start=12:00&end=13:00",
        f"/spaces/r/{resource.pk}/?week={day}",  # with the booker's own slots
        booking.get_absolute_url(),
        series.get_absolute_url(),
        "/spaces/mine/",
        "/me/",
    ]
    problems |= axe_problems(axe_page, mine, language_prefix)
    axe_page.context.clear_cookies()
    sign_in(axe_page, editor.email)
    slug = resource.organization.slug
    owner = [
        booking.get_absolute_url(),
        f"/spaces/org/{slug}/",
        f"/spaces/org/{slug}/bookings/",
        f"/spaces/org/{slug}/queue/",
        f"/spaces/org/{slug}/utilization/",
        f"/spaces/org/{slug}/new/",
        f"/spaces/r/{resource.pk}/edit/",
        f"/spaces/r/{resource.pk}/blackouts/",
    ]
    problems |= axe_problems(axe_page, owner, language_prefix)
    assert problems == {}


@pytest.mark.django_db(transaction=True)
def test_booking_a_free_slot_from_the_calendar(page):
    resource = ResourceFactory(name_ru="Переговорная «Гагарин»")
    booker = UserFactory()
    sign_in(page, booker.email)
    week = at(7, 0).date()
    page.goto(f"/spaces/r/{resource.pk}/?week={week.isoformat()}")
    page.get_by_role("link", name="Следующая неделя").click()
    page.wait_for_load_state()
    page.locator("td.slot-free a").first.click()
    page.wait_for_load_state()
    page.get_by_label("Цель").fill("Демо для заказчика")
    page.get_by_role("button", name="Забронировать").click()
    page.wait_for_load_state()
    booking = Booking.objects.get()
    assert booking.booked_by == booker and booking.status == "confirmed"
    assert page.get_by_role("heading", level=1).inner_text() == f"Бронирование №{booking.pk}"
    page.goto(f"/spaces/r/{resource.pk}/?week={timezone.localdate(booking.starts_at).isoformat()}")
    assert page.locator("td.slot-mine").count() >= 1
