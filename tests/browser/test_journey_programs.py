"""A company applies to the export promotion program, staff approve it in the admin, the company sees it."""

import pytest
from playwright.sync_api import expect

from directory.models import Membership
from programs.models import Application
from tests.browser.conftest import admin_action, sign_in
from tests.factories import OrganizationFactory, UserFactory
from tests.programs.factories import export_program, member


@pytest.mark.django_db(transaction=True)
def test_a_company_applies_to_the_export_program_and_staff_approve_it(new_page, pdf_file):
    export_program(title_ru="Экспортный акселератор", code="EXP")
    company = OrganizationFactory(name_ru="Сенсорика")
    editor = member(company, Membership.Role.EDITOR)
    staff = UserFactory(is_staff=True, is_superuser=True)

    # The company answers the screening questions, fills in the form, attaches its deck and submits.
    company_page = sign_in(new_page(), editor.email)
    company_page.goto("/programs/")
    company_page.get_by_role("link", name="Экспортный акселератор").first.click()
    company_page.get_by_role("link", name="Подать заявку").click()
    expect(company_page.get_by_role("heading", level=1)).to_have_text("Заявка: Экспортный акселератор")
    company_page.get_by_role("group", name="Есть ли долги по налогам?").get_by_label("Нет").check()
    company_page.get_by_role("button", name="Проверить и начать заявку").click()
    company_page.get_by_label("Поле product").fill("Датчики давления для нефтепроводов")
    company_page.get_by_label("Поле employees").fill("42")
    company_page.get_by_label("СНГ").check()
    company_page.get_by_label("Индия").check()
    company_page.get_by_label("Поле website").fill("https://sensorika.example")
    company_page.get_by_label("Поле consent").check()
    company_page.get_by_label("Поле deck").set_input_files(pdf_file("презентация.pdf"))
    company_page.get_by_role("button", name="Подать заявку", exact=True).click()
    expect(company_page.locator(".messages")).to_contain_text("Заявка подана")
    application = Application.objects.get(organization=company)
    assert application.status == Application.Status.SUBMITTED
    assert application.tracking_number
    tracking = company_page.locator("dt", has_text="Номер заявки").locator("xpath=following-sibling::dd[1]")
    expect(tracking).to_have_text(application.tracking_number)
    assert application.data["product"] == "Датчики давления для нефтепроводов"
    assert sorted(application.data["markets"]) == ["cis", "india"]
    document = application.documents.get()
    assert document.original_name == "презентация.pdf"
    assert document.file.read().endswith(b"%%EOF\n")

    # Staff take it into review, then approve it, with the admin's transition actions.
    staff_page = sign_in(new_page(), staff.email)
    for action, status in [("make_in_review", "На рассмотрении"), ("make_approved", "Одобрена")]:
        staff_page.goto("/admin/programs/application/")
        admin_action(staff_page, action, application.pk)
        expect(staff_page.get_by_text(application.tracking_number)).to_be_visible()  # the confirmation page
        staff_page.get_by_label("Комментарий для заявителя").fill("Документы в порядке.")
        staff_page.get_by_role("button", name="Подтвердить").click()
        expect(staff_page.locator(".messagelist")).to_contain_text(f"Заявок переведено в статус «{status}»: 1.")
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert list(application.events.order_by("pk").values_list("to_status", "actor__email")) == [
        ("draft", editor.email),
        ("submitted", editor.email),
        ("in_review", staff.email),
        ("approved", staff.email),
    ]

    # The company sees the decision at the end of its timeline.
    company_page.reload()
    expect(company_page.locator(".timeline-current")).to_contain_text("Одобрена")
    expect(company_page.locator(".status-badge")).to_have_text("Одобрена")
