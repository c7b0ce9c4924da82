import pytest

from directory.models import Organization
from imoscow.paging import page_of
from tests.factories import OrganizationFactory


@pytest.fixture
def parks(db):
    """Seven parks named so that their order is known; each has one resident to prefetch."""
    parks = [OrganizationFactory(kind=Organization.Kind.TECHNOPARK, name_ru=f"Парк {n}") for n in range(1, 8)]
    for park in parks:
        OrganizationFactory(park=park, name_ru=f"Резидент {park.name_ru}")
    return parks


def _parks():
    return (
        Organization.objects.filter(kind=Organization.Kind.TECHNOPARK)
        .prefetch_related("residents")
        .order_by("-name_ru")
    )


def test_a_page_holds_its_rows_in_order_with_the_total_and_what_the_queryset_prefetches(
    parks, django_assert_num_queries
):
    with django_assert_num_queries(4):  # count, the page's ids, its rows, the residents
        page = page_of(_parks(), 2, 3)
        names = [park.name_ru for park in page]
        residents = [[resident.name_ru for resident in park.residents.all()] for park in page]
    assert names == ["Парк 4", "Парк 3", "Парк 2"]
    assert residents == [[f"Резидент {name}"] for name in names]
    assert (page.paginator.count, page.paginator.num_pages, page.has_next()) == (7, 3, True)


@pytest.mark.parametrize(("asked", "shown"), [("99", 3), ("x", 1), (None, 1), ("-2", 3)])
def test_a_page_number_out_of_range_or_not_a_number_gives_a_real_page_as_get_page_does(parks, asked, shown):
    page = page_of(_parks(), asked, 3)
    assert page.number == shown
    assert len(page) == (1 if shown == 3 else 3)


def test_an_empty_list_is_one_empty_page(db):
    page = page_of(_parks(), 1, 3)
    assert (page.number, list(page), page.paginator.count) == (1, [], 0)


def test_rows_can_come_from_another_queryset_that_joins_what_the_page_shows(parks, django_assert_num_queries):
    residents = Organization.objects.filter(park__isnull=False).order_by("name_ru")
    with django_assert_num_queries(3):  # count, the page's ids, its rows with their parks joined
        page = page_of(residents, 1, 2, rows=Organization.objects.select_related("park"))
        parks_shown = [resident.park.name_ru for resident in page]
    assert parks_shown == ["Парк 1", "Парк 2"]
