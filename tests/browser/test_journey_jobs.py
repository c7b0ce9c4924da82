"""A vacancy from the company's draft to the candidate's invitation, in a real browser, by four people."""

import pytest
from playwright.sync_api import expect

from jobs.models import Application, Vacancy
from tests.browser.conftest import admin_action, sign_in
from tests.factories import UserFactory
from tests.jobs.factories import company_with_recruiter


@pytest.mark.django_db(transaction=True)
def test_a_company_posts_staff_publish_a_candidate_applies_and_is_invited(new_page, pdf_file):
    company, recruiter = company_with_recruiter(name_ru="Лаборатория Нейросетей", name_en="Neural Lab")
    staff = UserFactory(is_staff=True, is_superuser=True)
    candidate = UserFactory(first_name="Ирина", last_name="Соколова")

    # The company's recruiter writes the vacancy and sends it to moderation.
    company_page = sign_in(new_page(), recruiter.email)
    company_page.goto("/me/")
    company_page.get_by_role("link", name="Лаборатория Нейросетей").first.click()  # its profile
    company_page.get_by_role("link", name="Управление вакансиями").click()
    company_page.get_by_role("link", name="Новая вакансия").click()
    company_page.locator("#id_title").fill("Инженер по машинному зрению")
    company_page.locator("#id_description").fill("Обучаем нейросети распознавать дефекты сварных швов.")
    company_page.locator("#id_profile").select_option("engineering")
    company_page.locator("#id_employment_type").select_option("full_time")
    company_page.locator("#id_experience").select_option("1_3")
    company_page.locator("#id_work_format").select_option("hybrid")
    company_page.locator("#id_salary_min").fill("150000")
    company_page.locator("#id_salary_max").fill("220000")
    company_page.locator("#id_skills").fill("Python, PyTorch, OpenCV")
    company_page.get_by_role("button", name="Сохранить").click()
    company_page.get_by_role("button", name="Отправить на модерацию").click()
    expect(company_page.locator("main")).to_contain_text("На модерации")
    vacancy = Vacancy.objects.get(company=company)
    assert vacancy.state == Vacancy.State.MODERATION
    assert vacancy.created_by == recruiter

    # Staff publish it in the admin, with the moderation action.
    staff_page = sign_in(new_page(), staff.email)
    staff_page.goto("/admin/jobs/vacancy/?state__exact=moderation")
    admin_action(staff_page, "approve", vacancy.pk)
    expect(staff_page.locator(".messagelist")).to_contain_text("Опубликована 1 вакансия.")
    vacancy.refresh_from_db()
    assert vacancy.state == Vacancy.State.PUBLISHED
    assert vacancy.events.filter(actor=staff, to_state=Vacancy.State.PUBLISHED).exists()

    # A candidate finds it by a word of its description and applies with a letter and a PDF resume.
    candidate_page = sign_in(new_page(), candidate.email)
    candidate_page.goto("/jobs/")
    candidate_page.get_by_label("Ключевые слова").fill("сварных швов")
    candidate_page.get_by_role("main").get_by_role("button", name="Найти").click()
    candidate_page.get_by_role("link", name="Инженер по машинному зрению").click()
    expect(candidate_page.get_by_role("heading", level=1)).to_have_text("Инженер по машинному зрению")
    candidate_page.get_by_label("Сопроводительное письмо").fill("Пять лет занимаюсь контролем качества на OpenCV.")
    candidate_page.get_by_label("Резюме").set_input_files(pdf_file("Соколова-резюме.pdf"))
    candidate_page.get_by_role("button", name="Откликнуться").click()
    expect(candidate_page.locator(".messages")).to_contain_text("Отклик отправлен")
    application = Application.objects.get(vacancy=vacancy, candidate=candidate)
    assert application.status == Application.Status.NEW
    assert application.cover_letter == "Пять лет занимаюсь контролем качества на OpenCV."
    assert application.resume_kind == "pdf"
    assert application.resume.read().endswith(b"%%EOF\n")

    # The recruiter opens the applications of the vacancy and invites her.
    company_page.goto(vacancy.get_absolute_url())
    company_page.get_by_role("link", name="Отклики", exact=True).click()
    expect(company_page.get_by_role("link", name="Ирина Соколова")).to_be_visible()
    company_page.get_by_label("Статус кандидата Ирина Соколова").select_option("invited")
    company_page.get_by_role("button", name="Изменить").click()
    expect(company_page.locator(".messages")).to_contain_text("Статус сохранён")
    application.refresh_from_db()
    assert application.status == Application.Status.INVITED
    assert application.events.filter(actor=recruiter, to_status=Application.Status.INVITED).exists()

    # The candidate sees the invitation on her dashboard.
    candidate_page.goto("/me/")
    row = candidate_page.get_by_role("row").filter(has_text="Инженер по машинному зрению")
    expect(row).to_contain_text("Приглашение на собеседование")
