import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from directory.models import Organization
from jobs import selectors
from jobs.filters import industries
from jobs.models import EmploymentType, Experience, Profile, WorkFormat
from tests.factories import IndustryFactory, OrganizationFactory, UserFactory
from tests.jobs.factories import company_with_recruiter, days_ago, draft_vacancy, published_vacancy

pytestmark = pytest.mark.django_db
Kind = Organization.Kind


@pytest.fixture
def catalogue():
    """Four open vacancies that differ in every filtered attribute, and two that must never show."""
    staff = UserFactory(is_staff=True)
    kalibr = OrganizationFactory(kind=Kind.TECHNOPARK, slug="kalibr", name_ru="Технопарк «Калибр»", name_en="Kalibr")
    zone = OrganizationFactory(
        kind=Kind.ECONOMIC_ZONE, slug="alabushevo", name_ru="ОЭЗ «Алабушево»", name_en="Alabushevo"
    )
    neuro, neuro_recruiter = company_with_recruiter(
        slug="neurolab", name_ru="ООО «НейроЛаб»", name_en="NeuroLab LLC", park=kalibr, okrug="svao"
    )
    quant, quant_recruiter = company_with_recruiter(
        slug="quant", name_ru="АО «Квант»", name_en="Quant JSC", park=zone, okrug="zelao"
    )
    software = IndustryFactory(slug="software")
    electronics = IndustryFactory(slug="microelectronics")
    v = {
        "python": published_vacancy(
            neuro, neuro_recruiter, staff=staff, title="Python-разработчик", description="Сервисы на Django.",
            profile=Profile.SOFTWARE, industry=software, work_format=WorkFormat.REMOTE, salary_min=200_000,
            salary_max=300_000, experience=Experience.THREE_TO_SIX, skills="Python, Django", now=days_ago(2),
        ),
        "fpga": published_vacancy(
            quant, quant_recruiter, staff=staff, title="Разработчик ПЛИС",
            description="Проектирование цифровых схем для микроэлектроники.", profile=Profile.HARDWARE,
            industry=electronics, work_format=WorkFormat.ON_SITE, salary_min=None, salary_max=None,
            experience=Experience.SIX_PLUS, skills="Verilog, VHDL", now=days_ago(1),
        ),
        "intern": published_vacancy(
            neuro, neuro_recruiter, staff=staff, title="Junior Data Engineer",
            description="You will build data pipelines for our developers.", profile=Profile.DATA_AI,
            industry=software, work_format=WorkFormat.HYBRID, salary_min=60_000, salary_max=None,
            experience=Experience.NONE, employment_type=EmploymentType.INTERNSHIP, skills="SQL, Airflow",
            now=days_ago(10),
        ),
        "engineer": published_vacancy(
            quant, quant_recruiter, staff=staff, title="Инженер-конструктор", profile=Profile.ENGINEERING,
            industry=electronics, okrug="cao", work_format=WorkFormat.ON_SITE, salary_min=100_000,
            salary_max=150_000, experience=Experience.ONE_TO_THREE, employment_type=EmploymentType.PROJECT,
        ),
    }  # fmt: skip
    draft_vacancy(neuro, neuro_recruiter, title="Python-разработчик (черновик)", work_format=WorkFormat.REMOTE)
    published_vacancy(neuro, neuro_recruiter, staff=staff, title="Python expired", now=days_ago(31))
    v["companies"] = {"neuro": neuro, "quant": quant}
    return v


def _found(catalogue, query: str) -> set[str]:
    names = {vacancy.pk: name for name, vacancy in catalogue.items() if name != "companies"}
    search = selectors.vacancy_search(QueryDict(query))
    found = {names[vacancy.pk] for vacancy in search.page}
    assert search.total == len(found)  # the facet query's total agrees with the rows
    return found


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"python", "fpga", "intern", "engineer"}),
        # Full text: Russian word forms, English stems, title and description, skills.
        ("q=разработчика", {"python", "fpga"}),
        ("q=микроэлектроника", {"fpga"}),
        ("q=developers", {"intern"}),
        ("q=python", {"python"}),
        ("q=verilog", {"fpga"}),
        ("q=нетакогослова", set()),
        ("profile=software", {"python"}),
        ("profile=software&profile=hardware", {"python", "fpga"}),
        ("industry=microelectronics", {"fpga", "engineer"}),
        ("company=нейро", {"python", "intern"}),
        ("company=QUANT", {"fpga", "engineer"}),
        ("org=neurolab", {"python", "intern"}),
        ("park=kalibr", {"python", "intern"}),
        ("park=alabushevo", {"fpga", "engineer"}),
        ("okrug=cao", {"engineer"}),
        ("okrug=svao&okrug=zelao", {"python", "intern", "fpga"}),
        ("format=remote", {"python"}),
        ("format=on_site&format=hybrid", {"fpga", "intern", "engineer"}),
        ("salary_from=150000", {"python", "engineer"}),
        ("salary_from=250000", {"python"}),
        ("employment=internship", {"intern"}),
        ("employment=project", {"engineer"}),
        ("experience=none", {"intern"}),
        ("experience=3_6&experience=6_plus", {"python", "fpga"}),
        ("posted=7", {"python", "fpga", "engineer"}),
        ("posted=1", {"engineer"}),
        ("with_salary=on", {"python", "intern", "engineer"}),
        # Combinations.
        ("q=разработчик&format=remote&salary_from=250000", {"python"}),
        ("park=alabushevo&experience=6_plus", {"fpga"}),
        ("industry=software&with_salary=on&posted=7", {"python"}),
        ("profile=software&format=on_site", set()),
        # Values that are not choices are ignored rather than failing the page.
        ("profile=astrology&park=nowhere", {"python", "fpga", "intern", "engineer"}),
    ],
)
def test_each_filter_and_their_combinations(catalogue, query, expected):
    assert _found(catalogue, query) == expected


def test_facet_counts_leave_out_their_own_filter(catalogue):
    search = selectors.vacancy_search(QueryDict("profile=software&format=on_site"))
    assert search.total == 0
    facets = {facet.name: {option.value: option.count for option in facet.options} for facet in search.facets}
    # Profile counts apply the format filter (on site) but not the profile filter.
    assert {k: v for k, v in facets["profile"].items() if v} == {"hardware": 1, "engineering": 1}
    # Format counts apply the profile filter (software) but not the format filter.
    assert {k: v for k, v in facets["format"].items() if v} == {"remote": 1}
    # Other facets apply both filters: nothing matches.
    assert not any(facets["experience"].values())
    selected = {(facet.name, option.value) for facet in search.facets for option in facet.options if option.selected}
    assert selected == {("profile", "software"), ("format", "on_site")}


def test_facet_counts_without_filters_count_everything_open(catalogue):
    search = selectors.vacancy_search(QueryDict(""))
    facets = {facet.name: {option.value: option.count for option in facet.options} for facet in search.facets}
    assert facets["industry"] == {"software": 2, "microelectronics": 2}
    assert facets["park"] == {"kalibr": 2, "alabushevo": 2}
    assert sum(facets["okrug"].values()) == 4
    assert facets["employment"]["full_time"] == 2


@pytest.mark.parametrize(
    "query, order",
    [
        ("", ["engineer", "fpga", "python", "intern"]),
        ("sort=salary", ["python", "engineer", "intern", "fpga"]),
        ("sort=date", ["engineer", "fpga", "python", "intern"]),
    ],
)
def test_sorting(catalogue, query, order):
    names = {vacancy.pk: name for name, vacancy in catalogue.items() if name != "companies"}
    assert [names[v.pk] for v in selectors.vacancy_search(QueryDict(query)).page] == order


def test_relevance_puts_title_matches_first():
    company, recruiter = company_with_recruiter()
    in_description = published_vacancy(company, recruiter, title="Инженер", description="Знание Python приветствуется.")
    in_title = published_vacancy(company, recruiter, title="Python-разработчик", description="Сервисы.")
    search = selectors.vacancy_search(QueryDict("q=python"))
    assert search.sort == "relevance"
    assert list(search.page) == [in_title, in_description]
    assert [value for value, _label in search.sorts] == ["relevance", "date", "salary"]
    assert selectors.vacancy_search(QueryDict("sort=relevance")).sort == "date"  # nothing to rank without words


def test_chips_each_remove_one_filter_value(catalogue):
    params = QueryDict("q=инженер&profile=software&profile=hardware&park=kalibr&salary_from=100000&page=2")
    with translation.override("en"):
        chips = {chip.label: chip.query for chip in selectors.vacancy_search(params).chips}
    assert set(chips) == {
        "Keywords: инженер",
        "Profile: Software development",
        "Profile: Hardware and electronics",
        "Technology park or zone: Kalibr",
        "Salary from 100 000 ₽",
    }
    for query in chips.values():
        assert "page" not in query
        assert sum(len(query.getlist(key)) for key in query) == 4  # one value fewer than the five filters
    software = chips["Profile: Software development"]
    assert software.getlist("profile") == ["hardware"] and software["q"] == "инженер"
    assert "q" not in chips["Keywords: инженер"]


def test_pagination_uses_the_facet_total(catalogue):
    search = selectors.vacancy_search(QueryDict(""), page_number=2, per_page=3)
    assert search.page.number == 2 and search.page.paginator.count == 4 and len(search.page) == 1


def _queries(query: str) -> int:
    with CaptureQueriesContext(connection) as context:
        search = selectors.vacancy_search(QueryDict(query))
        list(search.page)
        [facet.options for facet in search.facets]
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "query",
    ["", "q=инженер", "profile=engineering&okrug=cao&format=on_site", "q=инженер&industry=software&park=kalibr-2"],
)
def test_the_search_takes_the_same_number_of_queries_at_any_size(query):
    staff = UserFactory(is_staff=True)
    park = OrganizationFactory(kind=Kind.TECHNOPARK, slug="kalibr-2")
    industry = IndustryFactory(slug="software")
    company, recruiter = company_with_recruiter(park=park)
    company.industries.add(industry)

    def add(n):
        for i in range(n):
            published_vacancy(company, recruiter, staff=staff, title=f"Инженер {i}", okrug="cao", industry=industry)

    industries()  # the list of industries is cached for minutes; what is measured here is the search
    add(2)
    small = _queries(query)
    add(15)
    assert _queries(query) == small <= 6


def test_alert_source_finds_matching_vacancies_published_since(catalogue):
    found = selectors.vacancies_new_since(QueryDict("format=on_site&format=hybrid"), days_ago(5))
    assert set(found) == {catalogue["fpga"], catalogue["engineer"]}
    assert selectors.describe_search(QueryDict("q=python&format=remote")) == "python · Удалённо"
    assert selectors.describe_search(QueryDict("")) == "Все вакансии"
    with translation.override("en"):
        assert selectors.describe_search(QueryDict("q=python&format=remote")) == "python · Remote"


def test_company_section_lists_open_vacancies_only(catalogue):
    rows, total = selectors.company_open_vacancies(catalogue["companies"]["neuro"])
    assert total == 2 and {v.pk for v in rows} == {catalogue["python"].pk, catalogue["intern"].pk}
    rows, total = selectors.company_open_vacancies(catalogue["companies"]["neuro"], limit=1)
    assert total == 2 and len(rows) == 1


def test_site_search_area(catalogue):
    hits, total = selectors.search_for_site("разработчик", limit=1)
    assert total == 2 and len(hits) == 1 and hits[0].url.startswith("/jobs/")
    assert selectors.search_for_site("   ", limit=5) == ([], 0)


def test_cached_counts_follow_every_change_of_a_vacancy(catalogue):
    from jobs import services

    assert selectors.vacancy_search(QueryDict("format=remote")).total == 1
    with CaptureQueriesContext(connection) as context:
        assert selectors.vacancy_search(QueryDict("format=remote&page=1&sort=date")).total == 1
    assert not any("GROUPING" in query["sql"] for query in context.captured_queries)  # served from the cache

    services.vacancy_close(vacancy=catalogue["python"], user=catalogue["python"].created_by)
    search = selectors.vacancy_search(QueryDict("format=remote"))
    assert search.total == 0 and list(search.page) == []
