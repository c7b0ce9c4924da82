import pytest
from django.http import QueryDict
from django.utils import translation

from directory import filters, selectors
from directory.filters import OrganizationFilter
from directory.models import Accreditation, Capability, Okrug, Organization
from tests.directory.factories import (
    DirectoryOrganizationFactory,
    IndustryFactory,
    LaboratoryFactory,
    ParkFactory,
)

pytestmark = pytest.mark.django_db

Kind = Organization.Kind


def directory(query: str = "", **kwargs):
    return selectors.organization_directory(params=QueryDict(query), **kwargs)


def names(result) -> list[str]:
    return [organization.name_ru for organization in result.page]


def facet(result, name) -> dict[str, int]:
    return {option.value: option.count for option in next(f for f in result.facets if f.name == name).options}


# --- Full-text search --------------------------------------------------------------------------------


def test_a_russian_word_finds_its_other_forms():
    LaboratoryFactory(name_ru="Испытательная лаборатория «Север»", name_en="North")
    DirectoryOrganizationFactory(name_ru="ООО «Ромашка»", description_ru="Работаем с лабораториями города.")
    DirectoryOrganizationFactory(name_ru="Коворкинг «Юг»", description_ru="Рабочие места.", description_en="Desks.")

    for query in ("лаборатория", "лаборатории", "лабораторию", "Лабораториями"):
        found = directory(f"q={query}")
        assert sorted(names(found)) == ["Испытательная лаборатория «Север»", "ООО «Ромашка»"], query


def test_english_words_are_stemmed():
    DirectoryOrganizationFactory(name_ru="Альфа", name_en="Alpha", description_en="We test radio equipment.")
    DirectoryOrganizationFactory(name_ru="Бета", name_en="Beta", description_en="Office desks to rent.")

    for query in ("testing", "tests", "tested", "test"):
        assert names(directory(f"q={query}")) == ["Альфа"], query


def test_capabilities_and_industries_are_searchable_in_both_languages():
    robotics = IndustryFactory(slug="robotics", name_ru="Робототехника", name_en="Robotics")
    DirectoryOrganizationFactory(
        name_ru="Альфа", name_en="Alpha", description_ru="", description_en="", industries=[robotics]
    )
    DirectoryOrganizationFactory(
        name_ru="Бета", name_en="Beta", description_ru="", description_en="", capabilities=[Capability.CERTIFY]
    )

    assert names(directory("q=робототехника")) == ["Альфа"]
    assert names(directory("q=robotics")) == ["Альфа"]
    assert names(directory("q=сертификация")) == ["Бета"]
    assert names(directory("q=certification")) == ["Бета"]


def test_a_name_match_ranks_above_a_description_match():
    DirectoryOrganizationFactory(name_ru="Гамма", name_en="Gamma", description_ru="Мы дружим с метрологией.")
    DirectoryOrganizationFactory(name_ru="Центр метрологии", name_en="Metrology Centre", is_verified=False)

    assert names(directory("q=метрология")) == ["Центр метрологии", "Гамма"]


def test_search_combines_with_filters():
    LaboratoryFactory(name_ru="Лаборатория А", okrug=Okrug.CENTRAL)
    LaboratoryFactory(name_ru="Лаборатория Б", okrug=Okrug.ZELENOGRAD)
    DirectoryOrganizationFactory(name_ru="Лаборатория В (компания)", okrug=Okrug.CENTRAL)

    found = directory("q=лаборатория&kind=laboratory&okrug=cao")
    assert names(found) == ["Лаборатория А"]
    assert found.total == 1


def test_web_search_syntax_excludes_words():
    LaboratoryFactory(name_ru="Лаборатория металлов")
    LaboratoryFactory(name_ru="Лаборатория пластмасс")

    assert names(directory("q=лаборатория -металлов")) == ["Лаборатория пластмасс"]


def test_punctuation_alone_finds_nothing_and_does_not_fail():
    DirectoryOrganizationFactory()
    assert directory("q=%3C%3E%26!").total == 0


# --- Filters and facets ------------------------------------------------------------------------------


def test_values_of_one_facet_are_alternatives_and_facets_narrow_each_other():
    LaboratoryFactory(name_ru="Л-ЦАО", okrug=Okrug.CENTRAL)
    LaboratoryFactory(name_ru="Л-САО", okrug=Okrug.NORTHERN)
    LaboratoryFactory(name_ru="Л-ЗАО", okrug=Okrug.WESTERN)
    DirectoryOrganizationFactory(name_ru="К-ЦАО", okrug=Okrug.CENTRAL)

    assert sorted(names(directory("okrug=cao&okrug=sao"))) == ["К-ЦАО", "Л-САО", "Л-ЦАО"]
    assert sorted(names(directory("okrug=cao&okrug=sao&kind=laboratory"))) == ["Л-САО", "Л-ЦАО"]


def test_each_facet_is_counted_with_the_other_filters_applied():
    robotics = IndustryFactory(slug="robotics")
    energy = IndustryFactory(slug="energy")
    LaboratoryFactory(okrug=Okrug.CENTRAL, industries=[robotics], standards=[Accreditation.Standard.ISO_17025])
    LaboratoryFactory(okrug=Okrug.NORTHERN, industries=[robotics, energy])
    DirectoryOrganizationFactory(okrug=Okrug.CENTRAL, industries=[energy], capabilities=[Capability.DESIGN])
    DirectoryOrganizationFactory(okrug=Okrug.CENTRAL, is_verified=False)

    result = directory("kind=laboratory&okrug=cao")

    assert result.total == 1
    # The kind facet ignores the kind filter but keeps the okrug: three in the centre, by kind.
    assert facet(result, "kind")[Kind.LABORATORY] == 1
    assert facet(result, "kind")[Kind.COMPANY] == 2
    # The okrug facet ignores the okrug filter but keeps the kind: two laboratories, one per okrug.
    assert facet(result, "okrug")["cao"] == 1 and facet(result, "okrug")["sao"] == 1
    # Other facets count within the current result.
    assert facet(result, "industry") == {"robotics": 1, "energy": 0}
    assert facet(result, "capability")[Capability.TEST] == 1
    assert facet(result, "standard")[Accreditation.Standard.ISO_17025] == 1
    assert result.verified_total == 1


def test_the_verified_box_counts_and_filters():
    DirectoryOrganizationFactory(is_verified=True)
    DirectoryOrganizationFactory(is_verified=False)

    assert (directory().total, directory().verified_total) == (2, 1)
    assert (directory("verified=on").total, directory("verified=on").verified_total) == (1, 1)


def test_industry_standard_and_park_filters():
    robotics = IndustryFactory(slug="robotics")
    park = ParkFactory(slug="kalibr")
    LaboratoryFactory(name_ru="А", industries=[robotics], standards=[Accreditation.Standard.GOST_R], park=park)
    LaboratoryFactory(name_ru="Б", industries=[robotics])
    LaboratoryFactory(name_ru="В", standards=[Accreditation.Standard.GOST_R, Accreditation.Standard.ISO_9001])

    assert sorted(names(directory("industry=robotics"))) == ["А", "Б"]
    assert sorted(names(directory("standard=gost_r"))) == ["А", "В"]
    assert names(directory("standard=gost_r&industry=robotics")) == ["А"]
    assert names(directory("park=kalibr")) == ["А"]
    result = directory("park=kalibr")
    park_options = next(f for f in result.facets if f.name == "park").options
    assert [(o.value, o.count, o.selected) for o in park_options] == [("kalibr", 1, True)]


def test_the_park_facet_shows_the_chosen_parks_then_the_biggest(monkeypatch):
    monkeypatch.setattr(filters, "PARK_FACET_SIZE", 2)
    small, middle, big = ParkFactory(slug="small"), ParkFactory(slug="middle"), ParkFactory(slug="big")
    for park, residents in ((small, 1), (middle, 2), (big, 3)):
        for _ in range(residents):
            DirectoryOrganizationFactory(park=park)

    def parks(query=""):
        options = next(f for f in directory(query).facets if f.name == "park").options
        return [(option.value, option.count, option.selected) for option in options]

    assert parks() == [("big", 3, False), ("middle", 2, False)]
    assert parks("park=small") == [("small", 1, True), ("big", 3, False), ("middle", 2, False)]


def test_invalid_values_are_ignored_not_fatal():
    DirectoryOrganizationFactory()
    result = directory("kind=nonsense&okrug=xx&park=%3Cscript%3E&page=abc&sort=sideways")
    assert result.total == 1
    assert result.filterset.form.errors  # the form knows, the list still shows


def test_sorting_by_relevance_name_and_newest():
    first = DirectoryOrganizationFactory(name_ru="Яблоко", is_verified=True)
    second = DirectoryOrganizationFactory(name_ru="Арбуз", is_verified=True)
    third = DirectoryOrganizationFactory(name_ru="Банан", is_verified=False)

    assert names(directory()) == ["Арбуз", "Яблоко", "Банан"]  # verified first, then by name
    assert names(directory("sort=newest")) == [third.name_ru, second.name_ru, first.name_ru]
    assert names(directory("sort=relevance")) == ["Арбуз", "Яблоко", "Банан"]  # no words: by name


def test_english_names_sort_in_english_and_fall_back_to_russian():
    DirectoryOrganizationFactory(name_ru="Альфа", name_en="Zeta")
    DirectoryOrganizationFactory(name_ru="Яшма", name_en="")
    DirectoryOrganizationFactory(name_ru="Бета", name_en="Beta")
    with translation.override("en"):
        assert [o.name for o in directory().page] == ["Beta", "Zeta", "Яшма"]


def test_pages_hold_the_filtered_set():
    for n in range(5):
        LaboratoryFactory(name_ru=f"Лаборатория {n}")
    DirectoryOrganizationFactory(name_ru="Компания")

    second = directory("kind=laboratory&page=2", page_number="2", per_page=2)
    assert second.page.paginator.count == 5
    assert names(second) == ["Лаборатория 2", "Лаборатория 3"]
    assert second.page.has_next()


def _varied_directory():
    """A little of everything the facets count: kinds, okrugs, capabilities, industries, standards,
    parks, verified or not, and names the words below match or miss."""
    robotics = IndustryFactory(slug="robotics")
    energy = IndustryFactory(slug="energy")
    kalibr = ParkFactory(slug="kalibr", okrug=Okrug.NORTHERN)
    LaboratoryFactory(
        name_ru="Лаборатория А",
        industries=[robotics],
        standards=[Accreditation.Standard.GOST_R, Accreditation.Standard.ISO_17025],
        park=kalibr,
    )
    LaboratoryFactory(name_ru="Лаборатория Б", okrug=Okrug.NORTHERN, capabilities=[Capability.TEST, Capability.CERTIFY])
    LaboratoryFactory(
        name_ru="Лаборатория В", capabilities=[Capability.CERTIFY], industries=[energy], is_verified=False, park=kalibr
    )
    DirectoryOrganizationFactory(
        name_ru="Лаборатория Г (компания)",
        capabilities=[Capability.DESIGN, Capability.TEST],
        industries=[robotics, energy],
        standards=[Accreditation.Standard.GOST_R],
    )
    DirectoryOrganizationFactory(name_ru="Конструкторское бюро", okrug=Okrug.WESTERN, park=kalibr)
    DirectoryOrganizationFactory(name_ru="Коворкинг", kind=Kind.COWORKING, is_verified=False)


def listed(query: str) -> int:
    """How many organizations the list shows for `query`, counted directly, without the facets' code."""
    return OrganizationFilter(QueryDict(query), queryset=Organization.objects.all()).filtered().count()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "kind=laboratory&okrug=cao&capability=test",
        "industry=robotics&standard=gost_r&park=kalibr&verified=on",
        "q=лаборатория",
        "q=лаборатория&kind=laboratory&okrug=cao&verified=on",
        "q=лаборатория&capability=test&capability=design&industry=energy&park=kalibr",
    ],
)
def test_every_count_is_the_list_with_that_one_value_chosen_instead(query):
    """The rule of faceted search, checked from its definition on the list itself: the count beside a
    value is the size of the list with that facet's filter replaced by that value (a text query makes
    the facets count in a different way, so half of the states have one)."""
    _varied_directory()
    result = directory(query)  # counted cold: the test starts with an empty cache
    params = QueryDict(query)

    assert result.total == listed(query)
    with_verified = params.copy()
    with_verified["verified"] = "on"
    assert result.verified_total == listed(with_verified.urlencode())
    for each in result.facets:
        for option in each.options:
            narrowed = params.copy()
            narrowed.setlist(each.name, [option.value])
            assert option.count == listed(narrowed.urlencode()), (each.name, option.value)


def test_facets_of_a_text_search_are_counted_with_the_other_filters_applied():
    _varied_directory()

    result = directory("q=лаборатория&kind=laboratory&okrug=cao&verified=on")

    assert names(result) == ["Лаборатория А"]
    assert (result.total, result.verified_total) == (1, 1)  # Лаборатория В is not verified
    # Each facet ignores its own filter and keeps the others, the words among them.
    assert facet(result, "kind")[Kind.LABORATORY] == 1 and facet(result, "kind")[Kind.COMPANY] == 1
    assert facet(result, "kind")[Kind.COWORKING] == 0  # in the centre and verified, but the words miss it
    assert facet(result, "okrug")["cao"] == 1 and facet(result, "okrug")["sao"] == 1
    assert facet(result, "capability")[Capability.TEST] == 1 and facet(result, "capability")[Capability.DESIGN] == 0
    assert facet(result, "industry") == {"robotics": 1, "energy": 0}
    assert facet(result, "standard")[Accreditation.Standard.ISO_17025] == 1
    assert facet(result, "park") == {"kalibr": 1}


def _grow(n):
    robotics = IndustryFactory(slug="robotics")
    park = ParkFactory()
    for index in range(n):
        LaboratoryFactory(
            name_ru=f"Испытательная лаборатория {index}",
            okrug=list(Okrug)[index % 12],
            industries=[robotics],
            standards=[Accreditation.Standard.GOST_R],
            park=park if index % 2 else None,
        )


@pytest.mark.parametrize("size", [3, 40])
def test_the_directory_costs_the_same_queries_at_any_size(size, django_assert_num_queries):
    _grow(size)
    # Industries, the organization's columns (one pass: there are words), industry, standard and park
    # facets, the parks' names, the page's ids, its rows.
    with django_assert_num_queries(8):
        result = directory("q=лаборатория&kind=laboratory&industry=robotics&standard=gost_r&verified=on&page=2")
        list(result.page)
    assert result.total == size
    # Without words: one pass per column (kind, okrug, capabilities, verified) instead.
    with django_assert_num_queries(11):
        list(directory("kind=laboratory&industry=robotics&standard=gost_r&verified=on&page=2").page)
    # Counted once a minute: the cached counts leave the industries, the page's ids and its rows.
    with django_assert_num_queries(3):
        list(directory("kind=laboratory&industry=robotics&standard=gost_r&verified=on&page=2").page)


# --- The map -----------------------------------------------------------------------------------------


def test_map_features_are_the_filtered_located_set_with_a_cap():
    for n in range(3):
        LaboratoryFactory(name_ru=f"Лаборатория {n}")
    LaboratoryFactory(name_ru="Без координат", latitude=None, longitude=None)
    DirectoryOrganizationFactory(name_ru="Компания")

    rows, total = selectors.organization_map_features(params=QueryDict("kind=laboratory"), limit=2)
    assert total == 3
    assert len(rows) == 2
    assert {"slug", "name_ru", "latitude", "longitude"} <= set(rows[0])


# --- Profile -----------------------------------------------------------------------------------------


def test_residents_of_a_park_are_capped_and_only_verified():
    park = ParkFactory()
    for n in range(4):
        DirectoryOrganizationFactory(park=park, name_ru=f"Резидент {n}")
    DirectoryOrganizationFactory(park=park, is_verified=False)

    assert [o.name_ru for o in selectors.residents_of(park, limit=3)] == ["Резидент 0", "Резидент 1", "Резидент 2"]
    assert selectors.organization_for_profile(park.slug).resident_count == 4


# --- Find a provider ---------------------------------------------------------------------------------


def test_providers_rank_by_industry_then_standard_then_distance():
    robotics = IndustryFactory(slug="robotics")
    near, far = ("55.754000", "37.621000"), ("55.987000", "37.194000")  # the centre and Zelenograd
    LaboratoryFactory(
        name_ru="Далеко, всё совпадает", industries=[robotics], standards=["gost_r"], latitude=far[0], longitude=far[1]
    )
    LaboratoryFactory(
        name_ru="Близко, всё совпадает",
        industries=[robotics],
        standards=["gost_r"],
        latitude=near[0],
        longitude=near[1],
    )
    LaboratoryFactory(name_ru="Только отрасль", industries=[robotics], latitude=near[0], longitude=near[1])
    LaboratoryFactory(name_ru="Только стандарт", standards=["gost_r"], latitude=near[0], longitude=near[1])
    LaboratoryFactory(
        name_ru="Без координат", industries=[robotics], standards=["gost_r"], latitude=None, longitude=None
    )
    LaboratoryFactory(name_ru="Не проверена", industries=[robotics], standards=["gost_r"], is_verified=False)
    DirectoryOrganizationFactory(name_ru="Не испытывает", industries=[robotics], capabilities=[Capability.DESIGN])

    providers = selectors.providers_for_stage(
        capability=Capability.TEST, industry=robotics, standard="gost_r", okrug=Okrug.CENTRAL
    )

    assert [p.name_ru for p in providers] == [
        "Близко, всё совпадает",
        "Далеко, всё совпадает",
        "Без координат",
        "Только отрасль",
        "Только стандарт",
    ]
    assert providers[0].distance_km < 1 < 20 < providers[1].distance_km < 40


# --- Site search -------------------------------------------------------------------------------------


def test_the_directory_area_of_the_site_search():
    LaboratoryFactory(name_ru="Испытательная лаборатория «Север»")
    for n in range(3):
        LaboratoryFactory(name_ru=f"Лаборатория {n}")

    hits, total = selectors.organization_search_hits("лаборатория", 2)
    assert total == 4
    assert len(hits) == 2
    assert hits[0].url.startswith("/directory/")
    assert selectors.organization_search_hits("   ", 2) == ([], 0)


def test_filterset_reports_whether_anything_is_chosen():
    assert not OrganizationFilter(QueryDict("sort=name")).active
    assert OrganizationFilter(QueryDict("kind=laboratory")).active
