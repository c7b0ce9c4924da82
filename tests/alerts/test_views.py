import pytest
from django.urls import reverse

from alerts import services
from alerts.models import SavedSearch
from tests.alerts.factories import saved_search
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def search(owner):
    return saved_search(owner, "q=python&format=remote")


@pytest.mark.parametrize("actor, expected", [("anonymous", 302), ("other", 404), ("staff", 404), ("owner", 302)])
@pytest.mark.parametrize("view, method", [("alerts:update", "post"), ("alerts:delete", "post"), ("alerts:open", "get")])
def test_only_the_owner_reaches_a_saved_search(client, owner, search, actor, expected, view, method):
    users = {
        "anonymous": None,
        "other": UserFactory(),
        "staff": UserFactory(is_staff=True, is_superuser=True),
        "owner": owner,
    }
    if users[actor]:
        client.force_login(users[actor])
    data = {f"s{search.pk}-frequency": "weekly"} if view == "alerts:update" else {}
    response = getattr(client, method)(reverse(view, args=[search.pk]), data)
    assert response.status_code == expected
    if actor == "anonymous":
        assert response.headers["Location"].startswith(reverse("account_login"))
    still_there = SavedSearch.objects.filter(pk=search.pk).exists()
    assert still_there == (actor != "owner" or view != "alerts:delete")


def test_the_list_page_and_settings(client, owner, search):
    client.force_login(owner)
    body = client.get(reverse("alerts:index")).content.decode()
    assert search.title in body and reverse("alerts:open", args=[search.pk]) in body
    client.post(reverse("alerts:update", args=[search.pk]), {f"s{search.pk}-frequency": "weekly"})
    search.refresh_from_db()
    assert (search.frequency, search.is_subscribed) == ("weekly", False)


def test_opening_a_saved_search_marks_it_seen_and_shows_its_results(client, owner, search):
    before = search.last_seen_at
    client.force_login(owner)
    response = client.get(reverse("alerts:open", args=[search.pk]))
    assert response.headers["Location"] == "/jobs/?format=remote&q=python"
    search.refresh_from_db()
    assert search.last_seen_at > before


def test_saving_needs_a_sign_in_and_never_redirects_off_site(client, owner):
    response = client.post(reverse("alerts:create"), {"area": "jobs", "query": "q=x", "frequency": "daily"})
    assert response.headers["Location"].startswith(reverse("account_login"))
    client.force_login(owner)
    response = client.post(
        reverse("alerts:create"),
        {"area": "jobs", "query": "q=x", "frequency": "daily", "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == "/jobs/?q=x"
    response = client.post(
        reverse("alerts:create"), {"area": "nothing", "query": "", "frequency": "daily"}, follow=True
    )
    assert SavedSearch.objects.filter(user=owner).count() == 1
    assert response.status_code == 200


def test_unsubscribe_and_undo_without_signing_in(client, search):
    token = services.unsubscribe_token(search)
    response = client.get(reverse("alerts:unsubscribe", args=[token]))
    assert response.status_code == 200 and search.title in response.content.decode()
    search.refresh_from_db()
    assert not search.is_subscribed

    client.post(reverse("alerts:resubscribe", args=[token]))
    search.refresh_from_db()
    assert search.is_subscribed


def test_one_click_unsubscribe_by_post_needs_no_csrf_token(search):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("alerts:unsubscribe", args=[services.unsubscribe_token(search)]))
    assert response.status_code == 200
    search.refresh_from_db()
    assert not search.is_subscribed


def test_a_bad_unsubscribe_link_is_a_friendly_page(client):
    response = client.get(reverse("alerts:unsubscribe", args=["not-a-token"]))
    assert response.status_code == 400
    assert "<main" in response.content.decode()


def test_the_dashboard_shows_saved_searches_with_news(client, owner, search):
    client.force_login(owner)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert search.title in body
