"""Incentives: support measures (the catalogue's filters), programs and the innovation cluster's participants.

Only published measures and programs, as on the pages. Applications, their answers, documents, events and
staff comments never appear here, nor do the programs' application forms.
"""

import datetime
from typing import Annotated, Literal

from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from api.common import (
    DETAIL_RESPONSES,
    LIST_RESPONSES,
    SLUG_PATTERN,
    TEXT_PATTERN,
    PageLinks,
    PageParams,
    Ref,
    in_order,
    page_of,
    paged_ids,
    query_dict,
    ref,
    require_valid,
)
from api.sitemaps import PortalSitemap
from directory.models import Okrug
from programs import selectors
from programs.models import ClusterParticipant, Measure, Program

router = Router(tags=["Incentives and programs"])

MeasureKind = Literal[tuple(Measure.Kind.values)]
ProgramKind = Literal[tuple(Program.Kind.values)]
ParticipantRole = Literal[tuple(ClusterParticipant.Role.values)]
OkrugCode = Literal[tuple(Okrug.values)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]

VOCABULARIES = {
    "measure_kind": Measure.Kind,
    "program_kind": Program.Kind,
    "cluster_role": ClusterParticipant.Role,
}


# --- Schemas -----------------------------------------------------------------------------------------


class Eligibility(Schema):
    """Who qualifies; null or empty means no rule on that point."""

    min_company_age: int | None = Field(None, description="Years since the company was founded, at least.")
    max_company_age: int | None
    min_headcount: int | None
    max_headcount: int | None
    min_revenue: float | None = Field(None, description="Million roubles a year, at least.")
    max_revenue: float | None
    industries: list[str] = Field(..., description="Industry slugs; empty means every industry.")
    okrugs: list[OkrugCode] = Field(..., description="Okrugs; empty means all of Moscow.")
    requires_residency: bool
    requires_moscow_registration: bool


class MeasureSummary(Schema):
    slug: str
    kind: MeasureKind
    title_ru: str
    title_en: str
    summary_ru: str
    summary_en: str
    provider_ru: str
    provider_en: str
    amount_min: int | None = Field(None, description="Roubles.")
    amount_max: int | None = Field(None, description="Roubles.")
    opens_on: datetime.date | None
    deadline: datetime.date | None = Field(None, description="Null: all year round.")
    is_accepting: bool = Field(..., description="Accepting applications today (Moscow time).")
    url: str
    url_en: str
    updated: datetime.datetime


class MeasureDetail(MeasureSummary):
    description_ru: str
    description_en: str
    amount_note_ru: str
    amount_note_en: str
    documents_needed_ru: list[str] = Field(..., description="Documents an applicant prepares (text, not files).")
    documents_needed_en: list[str]
    official_url: str
    eligibility: Eligibility


class ProgramOut(Schema):
    slug: str
    code: str
    kind: ProgramKind
    title_ru: str
    title_en: str
    summary_ru: str
    summary_en: str
    description_ru: str
    description_en: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    is_open: bool = Field(..., description="Accepting applications now.")
    eligibility: Eligibility
    url: str
    url_en: str
    updated: datetime.datetime


class ParticipantOut(Schema):
    organization: Ref
    role: ParticipantRole
    industry: Ref
    okrug: OkrugCode | None
    joined_at: datetime.datetime


MeasurePage = page_of(MeasureSummary, "MeasurePage")
ProgramPage = page_of(ProgramOut, "ProgramPage")
ParticipantPage = page_of(ParticipantOut, "ParticipantPage")


class MeasureParams(Schema):
    """The catalogue page's filters."""

    q: str | None = Field(None, max_length=200, pattern=TEXT_PATTERN, description="Words in Russian or English.")
    kind: list[MeasureKind] = Field([], max_length=20, description="Kinds of support.")
    industry: Slug | None = Field(None, description="Measures for this industry or for every industry.")
    okrug: OkrugCode | None = Field(None, description="Measures for this okrug or for all of Moscow.")
    accepting: bool = Field(False, description="Accepting applications today only.")


class ProgramParams(Schema):
    kind: ProgramKind | None = None
    open: bool | None = Field(None, description="true: accepting applications now; false: not now.")


class ParticipantParams(Schema):
    """The cluster registry page's filters."""

    role: ParticipantRole | None = None
    industry: Slug | None = Field(None, description="An industry slug.")
    okrug: OkrugCode | None = None


# --- Reading -----------------------------------------------------------------------------------------


def eligibility(rules) -> dict:
    return {
        "min_company_age": rules.min_company_age,
        "max_company_age": rules.max_company_age,
        "min_headcount": rules.min_headcount,
        "max_headcount": rules.max_headcount,
        "min_revenue": rules.min_revenue,
        "max_revenue": rules.max_revenue,
        "industries": sorted(industry.slug for industry in rules.industries.all()),
        "okrugs": rules.okrugs,
        "requires_residency": rules.requires_residency,
        "requires_moscow_registration": rules.requires_moscow_registration,
    }


def measure_summary(measure: Measure, links: PageLinks, today: datetime.date) -> dict:
    return {
        "slug": measure.slug,
        "kind": measure.kind,
        "title_ru": measure.title_ru,
        "title_en": measure.title_en,
        "summary_ru": measure.summary_ru,
        "summary_en": measure.summary_en,
        "provider_ru": measure.provider_ru,
        "provider_en": measure.provider_en,
        "amount_min": measure.amount_min,
        "amount_max": measure.amount_max,
        "opens_on": measure.opens_on,
        "deadline": measure.deadline,
        "is_accepting": measure.is_accepting(today),
        "updated": measure.updated,
        **links.both(measure.slug),
    }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


MEASURE_LIST_FIELDS = (
    "slug",
    "kind",
    "title_ru",
    "title_en",
    "summary_ru",
    "summary_en",
    "provider_ru",
    "provider_en",
    "amount_min",
    "amount_max",
    "opens_on",
    "deadline",
    "updated",
)


@router.get(
    "/measures",
    response={200: MeasurePage, **LIST_RESPONSES},
    summary="Support measures",
    description="Published measures with the catalogue page's filters; best matches first when `q` is given.",
    url_name="measures",
)
def measure_list(request, filters: Query[MeasureParams], paging: Query[PageParams]):
    filterset = selectors.measure_list(query_dict(filters.dict()))
    require_valid(filterset)
    matching = filterset.qs
    ordered = matching.order_by(*matching.query.order_by, "pk").values_list("pk", flat=True)
    window, ids = paged_ids(ordered, paging, matching.order_by().count())
    rows = Measure.objects.filter(pk__in=ids).only(*MEASURE_LIST_FIELDS) if ids else []
    links, today = PageLinks("programs:measure", "slug"), timezone.localdate()
    return window.envelope(request, [measure_summary(row, links, today) for row in in_order(rows, ids)])


@router.get(
    "/measures/{slug}",
    response={200: MeasureDetail, **DETAIL_RESPONSES},
    summary="A support measure",
    url_name="measure",
)
def measure_detail(request, slug: Slug):
    try:
        measure = selectors.measure_detail(slug)
    except Measure.DoesNotExist:
        raise Http404 from None
    return {
        **measure_summary(measure, PageLinks("programs:measure", "slug"), timezone.localdate()),
        "description_ru": measure.description_ru,
        "description_en": measure.description_en,
        "amount_note_ru": measure.amount_note_ru,
        "amount_note_en": measure.amount_note_en,
        "documents_needed_ru": _lines(measure.documents_ru),
        "documents_needed_en": _lines(measure.documents_en),
        "official_url": measure.url,
        "eligibility": eligibility(measure),
    }


def program_out(program: Program, links: PageLinks, now: datetime.datetime) -> dict:
    return {
        "slug": program.slug,
        "code": program.code,
        "kind": program.kind,
        "title_ru": program.title_ru,
        "title_en": program.title_en,
        "summary_ru": program.summary_ru,
        "summary_en": program.summary_en,
        "description_ru": program.description_ru,
        "description_en": program.description_en,
        "opens_at": program.opens_at,
        "closes_at": program.closes_at,
        "is_open": program.is_open(now),
        "eligibility": eligibility(program),
        "updated": program.updated,
        **links.both(program.slug),
    }


@router.get(
    "/programs",
    response={200: ProgramPage, **LIST_RESPONSES},
    summary="Programs",
    description="Published programs, by closing date.",
    url_name="programs",
)
def program_list(request, filters: Query[ProgramParams], paging: Query[PageParams]):
    now = timezone.now()
    programs = selectors.program_list().defer("search")
    if filters.kind:
        programs = programs.filter(kind=filters.kind)
    if filters.open is True:
        programs = programs.filter(opens_at__lte=now, closes_at__gt=now)
    elif filters.open is False:
        programs = programs.exclude(opens_at__lte=now, closes_at__gt=now)
    window, ids = paged_ids(programs.order_by("closes_at", "pk").values_list("pk", flat=True), paging, programs.count())
    rows = Program.objects.filter(pk__in=ids).defer("search").prefetch_related("industries") if ids else []
    links = PageLinks("programs:program", "slug")
    return window.envelope(request, [program_out(row, links, now) for row in in_order(rows, ids)])


@router.get(
    "/programs/{slug}",
    response={200: ProgramOut, **DETAIL_RESPONSES},
    summary="A program",
    url_name="program",
)
def program_detail(request, slug: Slug):
    program = selectors.program_list().defer("search").prefetch_related("industries").filter(slug=slug).first()
    if program is None:
        raise Http404
    return program_out(program, PageLinks("programs:program", "slug"), timezone.now())


def participant_out(row: ClusterParticipant) -> dict:
    return {
        "organization": ref(row.organization),
        "role": row.role,
        "industry": ref(row.industry),
        "okrug": row.okrug or None,
        "joined_at": row.joined_at,
    }


@router.get(
    "/cluster-participants",
    response={200: ParticipantPage, **LIST_RESPONSES},
    summary="Participants of the Moscow innovation cluster",
    description="The registry page's filters; newest members first.",
    url_name="cluster_participants",
)
def participant_list(request, filters: Query[ParticipantParams], paging: Query[PageParams]):
    filterset = selectors.participant_list(query_dict(filters.dict()))
    require_valid(filterset)
    matching = filterset.qs
    window, ids = paged_ids(matching.values_list("pk", flat=True), paging, matching.order_by().count())
    rows = selectors.participant_rows().filter(pk__in=ids) if ids else []
    return window.envelope(request, [participant_out(row) for row in in_order(rows, ids)])


@router.get(
    "/cluster-participants/{slug}",
    response={200: ParticipantOut, **DETAIL_RESPONSES},
    summary="A cluster participant, by its organization's slug",
    url_name="cluster_participant",
)
def participant_detail(request, slug: Slug):
    row = selectors.participant_rows().filter(organization__slug=slug).first()
    if row is None:
        raise Http404
    return participant_out(row)


# --- Sitemaps ----------------------------------------------------------------------------------------


class MeasureSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return selectors.published_measures().order_by("pk").only("slug", "updated")

    def lastmod(self, item):
        return item.updated


class ProgramSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return selectors.program_list().order_by("pk").only("slug", "updated")

    def lastmod(self, item):
        return item.updated


SITEMAPS = {"measures": MeasureSitemap, "programs": ProgramSitemap}
STATIC_PAGES = ["programs:index", "programs:measures", "programs:finder", "programs:cluster"]
