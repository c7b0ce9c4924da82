"""What people do on the portal, end to end in a real browser, with JavaScript on."""

import re

import pytest
from django.core import mail

from directory.models import Membership, Organization
from tests.browser.conftest import sign_in


@pytest.mark.django_db(transaction=True)
def test_a_person_signs_up_verifies_and_registers_a_company(page):
    page.goto("/")
    page.get_by_role("link", name="Регистрация").click()
    page.get_by_label("Адрес электронной почты").fill("founder@example.com")
    page.get_by_label("Пароль:", exact=True).fill("a-long-and-unusual-passphrase-42")
    page.get_by_label("Пароль (ещё раз):", exact=True).fill("a-long-and-unusual-passphrase-42")
    page.get_by_role("button", name="Зарегистрируйтесь").click()

    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_role("button", name="Подтвердить").click()
    page.goto("/directory/register/")
    page.locator("#id_kind").select_option("company")
    page.locator("#id_name_ru").fill("Робототехника Будущего")
    page.locator("#id_name_en").fill("Future Robotics")
    page.locator("#id_okrug").select_option("cao")
    page.locator("main form button[type=submit]").click()

    page.wait_for_url("**/directory/future-robotics/")
    assert page.get_by_role("heading", level=1).inner_text() == "Робототехника Будущего"
    organization = Organization.objects.get(slug="future-robotics")
    assert organization.is_verified is False
    assert Membership.objects.get(organization=organization).user.email == "founder@example.com"


@pytest.mark.django_db(transaction=True)
def test_the_language_switch_works_in_the_browser(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Directory").first.is_visible()


@pytest.mark.django_db(transaction=True)
def test_sign_in_helper_signs_in(page):
    from tests.factories import UserFactory

    user = UserFactory()
    sign_in(page, user.email)
    assert page.get_by_role("link", name="Мой кабинет").is_visible()
