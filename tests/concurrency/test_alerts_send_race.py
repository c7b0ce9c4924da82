"""Two cron runs of send_alerts at once never email the same saved search twice."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from alerts import services
from alerts.models import SavedSearch, SentItem
from tests.concurrency.threads import run_together
from tests.factories import UserFactory
from tests.jobs.factories import company_with_recruiter, published_vacancy

DAY = datetime.timedelta(days=1)


@pytest.fixture
def due_search():
    company, recruiter = company_with_recruiter()
    start = timezone.now()
    search = services.saved_search_create(
        user=UserFactory(), area="jobs", query=QueryDict("q=инженер"), frequency="daily"
    )
    published_vacancy(company, recruiter, title="Инженер", now=start + datetime.timedelta(hours=1))
    return search, start + DAY


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_one_email(due_search):
    search, now = due_search

    def run(barrier):
        barrier.wait()
        return services.alerts_send(frequency="daily", now=now, base_url="https://imoscow.example")

    assert sorted(run_together(run)) == [0, 1]
    assert len(mail.outbox) == 1
    assert SentItem.objects.filter(saved_search=search).count() == 1


@pytest.mark.django_db(transaction=True)
def test_control_without_the_row_lock_both_runs_find_the_search_due(due_search):
    search, now = due_search

    def read_without_lock(barrier):
        with transaction.atomic():
            due = SavedSearch.objects.filter(services._due("daily", now), pk=search.pk).exists()
            barrier.wait()  # both have read before either writes
            return due

    assert run_together(read_without_lock) == [True, True]  # each would email the same vacancies


@pytest.mark.django_db(transaction=True)
def test_a_run_skips_a_search_that_another_run_holds(due_search):
    search, now = due_search
    with transaction.atomic():
        SavedSearch.objects.select_for_update().get(pk=search.pk)  # another run is working on it
        outcome = run_together(lambda _barrier: services.alerts_send(frequency="daily", now=now), count=1)
    assert outcome == [0] and not mail.outbox
    assert services.alerts_send(frequency="daily", now=now) == 1
    assert len(mail.outbox) == 1
