import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.http import QueryDict
from django.utils import timezone, translation

from alerts import registry, services
from alerts.models import SavedSearch, SentItem
from directory.models import Organization
from imoscow.errors import DomainError
from tests.alerts.factories import saved_search
from tests.factories import OrganizationFactory, UserFactory
from tests.jobs.factories import company_with_recruiter, published_vacancy

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _send(frequency="daily", *, at):
    return services.alerts_send(frequency=frequency, now=at, base_url="https://imoscow.example")


def test_saving_normalizes_the_query_and_keeps_one_copy():
    user = UserFactory()
    with translation.override("en"):
        first = saved_search(user, "sort=salary&q=python&format=remote&page=3&format=hybrid&empty=")
    assert first.query == "format=hybrid&format=remote&q=python"
    assert first.title == "python · Hybrid · Remote"
    again = saved_search(user, "q=python&format=remote&format=hybrid", frequency=SavedSearch.Frequency.WEEKLY)
    assert again.pk == first.pk and again.frequency == "weekly"
    assert SavedSearch.objects.count() == 1
    assert abs(first.last_seen_at - timezone.now()) < datetime.timedelta(seconds=5)


def test_saving_refuses_unknown_catalogues_and_frequencies_and_too_many_searches():
    user = UserFactory()
    with pytest.raises(services.UnknownCatalogue):
        saved_search(user, area="no-such-catalogue")
    with pytest.raises(DomainError) as error:
        saved_search(user, frequency="hourly")
    assert error.value.field == "frequency"
    for n in range(services.MAX_SAVED_SEARCHES):
        saved_search(user, f"q=word{n}")
    with pytest.raises(services.TooManySavedSearches):
        saved_search(user, "q=one-too-many")


def test_only_the_owner_changes_a_saved_search():
    search = saved_search(UserFactory())
    other = UserFactory()
    with pytest.raises(DomainError):
        services.saved_search_update(saved_search=search, user=other, frequency="weekly", is_subscribed=False)
    with pytest.raises(DomainError):
        services.saved_search_delete(saved_search=search, user=other)
    with pytest.raises(DomainError):
        services.saved_search_mark_seen(saved_search=search, user=other)
    assert SavedSearch.objects.filter(pk=search.pk, frequency="daily").exists()


def test_an_alert_is_sent_once_per_new_match(django_capture_on_commit_callbacks):
    company, recruiter = company_with_recruiter()
    user = UserFactory()
    start = timezone.now()
    search = saved_search(user, "q=инженер")
    published_vacancy(company, recruiter, title="Бухгалтер", now=start + datetime.timedelta(hours=1))  # no match
    first = published_vacancy(
        company, recruiter, title="Инженер-технолог", now=start + DAY - datetime.timedelta(minutes=20)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert _send(at=start + DAY) == 1
    assert len(mail.outbox) == 1
    assert "Инженер-технолог" in mail.outbox[0].body and "Бухгалтер" not in mail.outbox[0].body
    assert mail.outbox[0].to == [user.email]
    assert set(SentItem.objects.values_list("item_key", flat=True)) == {str(first.pk)}

    # Again the same day: not due. The next day: the first vacancy is inside the overlap window but never resent.
    with django_capture_on_commit_callbacks(execute=True):
        assert _send(at=start + DAY + datetime.timedelta(hours=2)) == 0
        assert _send(at=start + 2 * DAY) == 0
    assert len(mail.outbox) == 1

    second = published_vacancy(company, recruiter, title="Ведущий инженер", now=start + 2.5 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert _send(at=start + 3 * DAY) == 1
    assert len(mail.outbox) == 2
    assert "Ведущий инженер" in mail.outbox[1].body and "Инженер-технолог" not in mail.outbox[1].body
    assert SentItem.objects.filter(saved_search=search).count() == 2
    search.refresh_from_db()
    assert search.last_sent_at == start + 3 * DAY
    assert second.pk


def test_weekly_searches_wait_a_week(django_capture_on_commit_callbacks):
    company, recruiter = company_with_recruiter()
    start = timezone.now()
    saved_search(UserFactory(), "q=инженер", frequency=SavedSearch.Frequency.WEEKLY)
    published_vacancy(company, recruiter, title="Инженер", now=start + datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert _send("daily", at=start + DAY) == 0  # weekly searches are not in the daily run
        assert _send("weekly", at=start + DAY) == 1  # never sent yet: due at once
        published_vacancy(company, recruiter, title="Инженер 2", now=start + 2 * DAY)
        assert _send("weekly", at=start + 3 * DAY) == 0  # sent two days ago
        assert _send("weekly", at=start + 8 * DAY) == 1
    assert len(mail.outbox) == 2


def test_each_email_has_a_one_click_unsubscribe_link_that_works_without_login(
    client, django_capture_on_commit_callbacks
):
    company, recruiter = company_with_recruiter()
    start = timezone.now()
    search = saved_search(UserFactory(), "q=инженер")
    published_vacancy(company, recruiter, title="Инженер", now=start + datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        _send(at=start + DAY)
    message = mail.outbox[0]
    link = re.search(r"https://imoscow\.example(/\S*unsubscribe/\S+)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"] == f"<https://imoscow.example{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.alternatives and link in message.alternatives[0][0]

    response = client.get(link)  # anonymous
    assert response.status_code == 200
    search.refresh_from_db()
    assert not search.is_subscribed

    published_vacancy(company, recruiter, title="Инженер 2", now=start + 1.5 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert _send(at=start + 3 * DAY) == 0
    assert len(mail.outbox) == 1


def test_a_tampered_unsubscribe_token_is_refused():
    search = saved_search(UserFactory())
    token = services.unsubscribe_token(search)
    with pytest.raises(services.BadUnsubscribeLink):
        services.saved_search_unsubscribe(token=token[:-2] + "xx")
    forged = services.signing.dumps([search.pk, search.user_id], salt="another-salt")
    with pytest.raises(services.BadUnsubscribeLink):
        services.saved_search_unsubscribe(token=forged)
    search.delete()
    with pytest.raises(services.BadUnsubscribeLink):
        services.saved_search_unsubscribe(token=token)


def test_an_english_search_gets_an_english_email_with_english_links(django_capture_on_commit_callbacks):
    company, recruiter = company_with_recruiter()
    start = timezone.now()
    saved_search(UserFactory(), "q=engineer", language="en")
    vacancy = published_vacancy(company, recruiter, title="Test Engineer", now=start + datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        _send(at=start + DAY)
    message = mail.outbox[0]
    assert message.subject == "Vacancies: 1 new for “engineer”"
    assert f"https://imoscow.example/en/jobs/{vacancy.pk}/" in message.body
    assert "/en/alerts/unsubscribe/" in message.body


def test_the_email_lists_at_most_twenty_and_links_to_the_rest(django_capture_on_commit_callbacks):
    company, recruiter = company_with_recruiter()
    start = timezone.now()
    search = saved_search(UserFactory(), "q=инженер")
    for n in range(23):
        published_vacancy(company, recruiter, title=f"Инженер {n}", now=start + datetime.timedelta(minutes=n + 1))
    with django_capture_on_commit_callbacks(execute=True):
        _send(at=start + DAY)
    assert SentItem.objects.filter(saved_search=search).count() == 20
    assert "Инженер 22" in mail.outbox[0].body and "Инженер 2\n" not in mail.outbox[0].body
    assert re.search(r"\b3\b", mail.outbox[0].body)


@pytest.fixture
def organization_alerts(monkeypatch):
    """Another catalogue, registered the way equipment, courses or spaces would: no alert code of its own."""

    def new_organizations(query: QueryDict, since):
        return Organization.objects.filter(created__gte=since, name_ru__icontains=query.get("q", "")).order_by(
            "-created"
        )

    source = registry.AlertSource("organizations", "Organizations", "directory:list", new_organizations)
    monkeypatch.setitem(registry._sources, "organizations", source)
    return source


def test_any_catalogue_reuses_saved_searches_and_alerts(organization_alerts, django_capture_on_commit_callbacks):
    user = UserFactory()
    search = saved_search(user, "q=лаборатория&page=2", area="organizations")
    assert search.query_dict.dict() == {"q": "лаборатория"} and search.title == "Organizations"
    assert search.search_path() == "/directory/?q=%D0%BB%D0%B0%D0%B1%D0%BE%D1%80%D0%B0%D1%82%D0%BE%D1%80%D0%B8%D1%8F"
    OrganizationFactory(name_ru="Новая лаборатория", slug="new-lab")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.alerts_send(frequency="daily", now=timezone.now() + DAY, base_url="https://x.example") == 1
    assert "Новая лаборатория" in mail.outbox[0].body
    assert "https://x.example/directory/new-lab/" in mail.outbox[0].body


def test_the_cron_command(capsys, django_capture_on_commit_callbacks):
    company, recruiter = company_with_recruiter()
    saved_search(UserFactory(), "q=инженер")
    published_vacancy(company, recruiter, title="Инженер", now=timezone.now() + datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_alerts", "--frequency", "daily", "--base-url", "https://imoscow.example")
    assert "1 emails sent" in capsys.readouterr().out
    assert len(mail.outbox) == 1
