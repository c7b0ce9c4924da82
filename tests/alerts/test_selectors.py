import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone, translation

from alerts import selectors, services
from alerts.models import SavedSearch
from tests.alerts.factories import saved_search
from tests.factories import UserFactory
from tests.jobs.factories import company_with_recruiter, published_vacancy

pytestmark = pytest.mark.django_db


def test_new_since_the_last_visit_and_reset_when_opened():
    company, recruiter = company_with_recruiter()
    user = UserFactory()
    search = saved_search(user, "q=инженер")
    soon = timezone.now() + datetime.timedelta(minutes=5)
    for n in range(3):
        published_vacancy(company, recruiter, title=f"Инженер {n}", now=soon)
    published_vacancy(company, recruiter, title="Бухгалтер", now=soon)

    with translation.override("en"):
        [row] = selectors.saved_searches_with_news(user)
        assert (row.saved_search, row.new_count, str(row.source_label)) == (search, 3, "Vacancies")

    services.saved_search_mark_seen(saved_search=search, user=user, now=soon + datetime.timedelta(minutes=1))
    assert selectors.saved_searches_with_news(user)[0].new_count == 0


def test_searches_of_a_removed_catalogue_are_left_out():
    user = UserFactory()
    saved_search(user)
    SavedSearch.objects.create(
        user=user, area="gone", query="", title="Old", frequency="daily", last_seen_at=timezone.now()
    )
    assert [row.saved_search.area for row in selectors.saved_searches_with_news(user)] == ["jobs"]


def test_the_saved_search_of_a_page_is_found_whatever_the_order_of_its_parameters():
    user = UserFactory()
    search = saved_search(user, "q=python&format=remote")
    assert selectors.saved_search_matching(user, "jobs", QueryDict("format=remote&page=4&q=python")) == search
    assert selectors.saved_search_matching(user, "jobs", QueryDict("format=hybrid&q=python")) is None
    assert selectors.saved_search_matching(UserFactory(), "jobs", QueryDict("q=python&format=remote")) is None
