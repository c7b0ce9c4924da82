import json

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_json_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_missing_page_is_a_real_page_in_the_site_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<main id="main"' in body
    assert "Страница не найдена" in body
    assert "Traceback" not in body


@pytest.mark.django_db
def test_forbidden_is_a_real_page(client, organization, user):
    client.force_login(user)
    response = client.get(reverse("directory:edit", args=[organization.slug]))
    assert response.status_code == 403
    assert "Доступ запрещён" in response.content.decode()


def test_server_error_page_renders_without_a_request_or_database():
    from django.template.loader import render_to_string

    body = render_to_string("500.html")
    assert "Server error" in body and "Ошибка сервера" in body


@pytest.mark.django_db
def test_language_switch_changes_the_page_language(client):
    russian = client.get("/")
    assert '<html lang="ru">' in russian.content.decode()
    assert "Каталог" in russian.content.decode()

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/"

    english = client.get(response.headers["Location"])
    assert '<html lang="en">' in english.content.decode()
    assert "Directory" in english.content.decode()
    assert "Каталог" not in english.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("area", ["bookings:index", "jobs:index", "programs:index", "courses:index"])
def test_every_area_in_the_header_opens(client, area):
    assert client.get(reverse(area)).status_code == 200
