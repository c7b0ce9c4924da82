import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from directory.models import Membership
from programs import eligibility, selectors
from programs.models import Application, ClusterParticipant
from tests.factories import IndustryFactory, OrganizationFactory
from tests.programs.factories import MeasureFactory, application_in, cluster_program, export_program, member, staff_user

pytestmark = pytest.mark.django_db


def _slugs(queryset):
    return sorted(row.slug for row in queryset)


def test_catalogue_filters_by_kind():
    MeasureFactory(slug="grant", kind="grant")
    MeasureFactory(slug="loan", kind="loan")
    MeasureFactory(slug="rent", kind="rent")
    assert _slugs(selectors.measure_list({"kind": ["grant", "rent"]}).qs) == ["grant", "rent"]


def test_catalogue_industry_filter_keeps_measures_open_to_every_industry():
    robotics, fintech = IndustryFactory(slug="robotics"), IndustryFactory(slug="fintech")
    MeasureFactory(slug="for-robotics").industries.add(robotics)
    MeasureFactory(slug="for-fintech").industries.add(fintech)
    both = MeasureFactory(slug="for-both")
    both.industries.add(robotics, fintech)
    MeasureFactory(slug="for-all")
    assert _slugs(selectors.measure_list({"industry": "robotics"}).qs) == ["for-all", "for-both", "for-robotics"]


def test_catalogue_okrug_filter_keeps_measures_for_all_of_moscow():
    MeasureFactory(slug="zelenograd", okrugs=["zelao"])
    MeasureFactory(slug="centre-and-south", okrugs=["cao", "yuao"])
    MeasureFactory(slug="everywhere")
    assert _slugs(selectors.measure_list({"okrug": "cao"}).qs) == ["centre-and-south", "everywhere"]


def test_catalogue_accepting_now():
    today = timezone.localdate()
    MeasureFactory(slug="past", deadline=today - datetime.timedelta(days=1))
    MeasureFactory(slug="today", deadline=today)
    MeasureFactory(
        slug="later", opens_on=today + datetime.timedelta(days=3), deadline=today + datetime.timedelta(days=9)
    )
    MeasureFactory(slug="always")
    assert _slugs(selectors.measure_list({"accepting": "true"}).qs) == ["always", "today"]
    assert len(selectors.measure_list({}).qs) == 4


def test_catalogue_hides_unpublished():
    MeasureFactory(slug="hidden", is_published=False)
    assert not selectors.measure_list({}).qs.exists()


def test_text_search_matches_russian_word_forms_and_english_stems():
    MeasureFactory(
        slug="export", title_ru="Компенсация затрат на сертификацию продукции", title_en="Refund of certification costs"
    )
    MeasureFactory(slug="rent", title_ru="Льготная аренда", title_en="Preferential rent")
    assert _slugs(selectors.measure_list({"q": "сертификация"}).qs) == ["export"]  # сертификацию
    assert _slugs(selectors.measure_list({"q": "refunds"}).qs) == ["export"]  # Refund
    assert _slugs(selectors.measure_list({"q": "аренды"}).qs) == ["rent"]


def test_measures_for_profile_gives_fits_and_near_misses():
    MeasureFactory(slug="open")
    MeasureFactory(slug="small", max_headcount=10)
    MeasureFactory(slug="small-young", max_headcount=10, max_company_age=1)
    MeasureFactory(slug="rich", min_revenue=Decimal(500))
    MeasureFactory(slug="hidden", is_published=False)
    matches = selectors.measures_for_profile(eligibility.Profile(headcount=50, founded_year=2010), year=2026)
    assert [m.item.slug for m in matches.fits] == ["open", "rich"]
    assert matches.fits[1].verdict.unknown == (eligibility.Criterion.REVENUE,)
    assert [m.item.slug for m in matches.near_misses] == ["small"]


def test_measures_for_profile_in_constant_queries(django_assert_num_queries):
    industry = IndustryFactory(slug="robotics")
    for _n in range(10):
        MeasureFactory().industries.add(industry)
    with django_assert_num_queries(2):  # the measures and their industries
        selectors.measures_for_profile(eligibility.Profile(industries=frozenset({"robotics"})))


def _participants(count, industry, role="developer", okrug="cao"):
    for _n in range(count):
        organization = OrganizationFactory(okrug=okrug)
        ClusterParticipant.objects.create(organization=organization, role=role, industry=industry, okrug=okrug)


def test_participant_list_filters_by_role_industry_and_okrug():
    robotics, fintech = IndustryFactory(slug="robotics"), IndustryFactory(slug="fintech")
    _participants(2, robotics, "developer", "cao")
    _participants(1, robotics, "investor", "cao")
    _participants(1, fintech, "developer", "zelao")
    assert selectors.participant_list({}).qs.count() == 4
    assert selectors.participant_list({"role": "developer"}).qs.count() == 3
    assert selectors.participant_list({"industry": "robotics", "okrug": "cao"}).qs.count() == 3
    assert selectors.participant_list({"role": "developer", "okrug": "zelao"}).qs.get().industry == fintech
    assert selectors.participant_list({"industry": "no-such"}).is_valid() is False


def test_participant_list_newest_first():
    industry = IndustryFactory()
    _participants(3, industry)
    rows = list(selectors.participant_list({}).qs)
    assert [p.joined_at for p in rows] == sorted((p.joined_at for p in rows), reverse=True)


def test_applications_of_a_user_are_those_of_their_organizations(organization):
    editor = member(organization, Membership.Role.EDITOR)
    recruiter = member(organization, Membership.Role.RECRUITER)
    staff = staff_user()
    mine = application_in(Application.Status.IN_REVIEW, export_program(), organization, editor, staff)
    other = OrganizationFactory()
    application_in(Application.Status.DRAFT, cluster_program(), other, member(other), staff)
    assert list(selectors.applications_of(editor)) == [mine]
    assert list(selectors.applications_of(recruiter)) == [mine]
    assert list(selectors.applications_of(staff)) == []


def test_applications_of_in_constant_queries(organization, django_assert_num_queries):
    editor = member(organization)
    staff = staff_user()
    for _n in range(3):
        application_in(Application.Status.SUBMITTED, export_program(), organization, editor, staff)
    with django_assert_num_queries(2):
        rows = list(selectors.applications_of(editor))
        assert all(len(row.events.all()) == 2 for row in rows)
        assert [row.program.title for row in rows]


def test_search_area_finds_measures_and_programs():
    MeasureFactory(title_ru="Грант на экспорт", title_en="Export grant")
    export_program(title_ru="Продвижение экспорта", title_en="Export promotion")
    MeasureFactory(title_ru="Аренда", title_en="Rent")
    hits, total = selectors.search_measures_and_programs("экспорт", 10)
    assert total == 2
    assert {hit.title for hit in hits} == {"Грант на экспорт", "Продвижение экспорта"}
    assert all(hit.url.startswith("/programs/") for hit in hits)
    assert selectors.search_measures_and_programs("  ", 10) == ([], 0)


def test_profile_section_context(organization):
    assert selectors.participant_for_profile(organization) is None
    ClusterParticipant.objects.create(organization=organization, role="investor", industry=IndustryFactory())
    assert selectors.participant_for_profile(organization)["participant"].role == "investor"


def test_participant_page_loads_only_its_rows_in_order_with_labels(django_assert_num_queries):
    industry = IndustryFactory(slug="robotics")
    _participants(7, industry, "investor", "zelao")
    newest_first = list(ClusterParticipant.objects.order_by("-joined_at", "-pk").values_list("pk", flat=True))
    with django_assert_num_queries(4), translation.override("en"):  # industries, count, page ids, page rows
        _filterset, page = selectors.participant_page({"role": "investor"}, 2, per_page=3)
        rows = list(page.object_list)
    assert [row.pk for row in rows] == newest_first[3:6]
    assert page.paginator.count == 7 and page.paginator.num_pages == 3
    assert (rows[0].role_label, rows[0].okrug_label) == ("Investor", "Zelenogradsky")
    assert rows[0].organization.slug and rows[0].industry.slug == "robotics"


def test_participant_page_beyond_the_last_shows_the_last():
    _participants(2, IndustryFactory())
    _filterset, page = selectors.participant_page({}, 99, per_page=30)
    assert page.number == 1 and len(page.object_list) == 2


def test_participant_page_with_nothing_found():
    _filterset, page = selectors.participant_page({"role": "investor"}, 1)
    assert page.object_list == [] and page.paginator.count == 0


def test_the_search_area_and_profile_section_are_registered():
    from directory.extensions import _profile_sections, search_areas

    assert "programs" in [area.key for area in search_areas()]
    assert "programs/_profile_section.html" in _profile_sections
