import pytest
from django.core.management import call_command

from jobs.demo import CANDIDATE_EMAIL
from jobs.models import Application, Vacancy
from jobs.rendering import render_markdown

pytestmark = pytest.mark.django_db


def test_demo_vacancies_are_city_sized_realistic_and_added_once():
    call_command("seed_demo", "--scale", "1", verbosity=0)
    published = Vacancy.objects.filter(state=Vacancy.State.PUBLISHED)
    assert published.count() >= 2000
    assert published.filter(company__kind="company").values("company").distinct().count() >= 150
    assert all(vacancy.is_open for vacancy in published.order_by("?")[:50])
    for state in (Vacancy.State.DRAFT, Vacancy.State.MODERATION, Vacancy.State.CLOSED):
        assert Vacancy.objects.filter(state=state).exists(), state
    russian = Vacancy.objects.filter(title__regex=r"[А-Яа-я]").count()
    english = Vacancy.objects.filter(title__regex=r"^[A-Za-z]").count()
    assert russian > english > 0
    assert Application.objects.filter(candidate__email=CANDIDATE_EMAIL).exists()
    assert Application.objects.count() > 500
    # The stored HTML is what the Markdown renders to, as if a company had typed it.
    for vacancy in Vacancy.objects.order_by("pk")[:20]:
        assert vacancy.description_html == render_markdown(vacancy.description)

    counts = (Vacancy.objects.count(), Application.objects.count())
    call_command("seed_demo", "--scale", "1", verbosity=0)
    assert (Vacancy.objects.count(), Application.objects.count()) == counts
