"""A full group: one parent joins its waitlist, another gives up a seat, and the first child moves in."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from courses import services
from courses.models import Enrollment
from tests.browser.conftest import sign_in
from tests.courses.factories import ChildFactory, GroupFactory


@pytest.mark.django_db(transaction=True)
def test_a_parent_waits_for_a_full_group_and_moves_in_when_a_seat_frees_up(new_page):
    group = GroupFactory(capacity=1, name="Среда, старшие", course__title_ru="Схемотехника для начинающих")
    seated = ChildFactory(name="Миша Орлов")
    services.enrollment_create(child=seated, group=group, user=seated.parent)
    waiting = ChildFactory(name="Даша Лебедева")

    # Dasha's parent finds the course and, the group being full, joins its waitlist.
    waiting_page = sign_in(new_page(), waiting.parent.email)
    waiting_page.goto("/courses/")
    waiting_page.get_by_role("link", name="Схемотехника для начинающих").click()
    expect(waiting_page.locator("main .meta strong")).to_have_text("бесплатно")  # its price, not "vacant"
    expect(waiting_page.get_by_role("row", name="Среда, старшие")).to_contain_text("0 из 1")
    waiting_page.get_by_role("link", name="Встать в лист ожидания — Среда, старшие").click()
    waiting_page.get_by_label("Ребёнок").select_option(label="Даша Лебедева")
    waiting_page.get_by_role("button", name="Встать в лист ожидания").click()
    expect(waiting_page.get_by_role("heading", level=1)).to_have_text("Даша Лебедева")
    expect(waiting_page.locator(".enrollment-list")).to_contain_text("лист ожидания, место 1")
    dasha = Enrollment.objects.get(child=waiting)
    assert dasha.status == Enrollment.Status.WAITLISTED

    # Misha's parent cancels his seat from their dashboard.
    seated_page = sign_in(new_page(), seated.parent.email)
    seated_page.goto("/me/")
    seated_page.get_by_role("link", name="Отменить — Схемотехника для начинающих — Среда, старшие").click()
    seated_page.get_by_label("Причина (необязательно)").fill("Переезжаем в другой округ")
    seated_page.get_by_role("button", name="Отменить запись").click()
    expect(seated_page.locator(".messages")).to_contain_text("Запись отменена")
    assert Enrollment.objects.get(child=seated).status == Enrollment.Status.CANCELLED

    # Dasha is in the group now: her parent sees it on the dashboard and has an email about it.
    dasha.refresh_from_db()
    assert dasha.status == Enrollment.Status.ENROLLED
    waiting_page.goto("/me/")
    enrollment = waiting_page.locator(".enrollment-list li").filter(has_text="Схемотехника для начинающих")
    expect(enrollment).to_contain_text("Зачислен")
    expect(enrollment).not_to_contain_text("лист ожидания")
    assert [message.to for message in mail.outbox] == [[waiting.parent.email]]
    assert "Даша Лебедева" in mail.outbox[0].subject
    assert "Схемотехника для начинающих" in mail.outbox[0].body
