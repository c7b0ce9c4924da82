"""The job board: open vacancies (published and inside their open period) with the search page's filters.

Drafts, vacancies on moderation, closed and expired ones never appear; nor do applications, candidates,
résumés, who posted a vacancy or why moderation rejected it.
"""

import datetime
from typing import Annotated, Literal

from django.http import Http404
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
from api.exports import CSV_RESPONSE_DOC, EXPORT_ROW_LIMIT, csv_response
from api.sitemaps import PortalSitemap
from directory.models import Okrug
from jobs import selectors
from jobs.filters import POSTED_CHOICES, Sort
from jobs.models import EmploymentType, Experience, Profile, Vacancy, WorkFormat

router = Router(tags=["Jobs"])

ProfileCode = Literal[tuple(Profile.values)]
EmploymentCode = Literal[tuple(EmploymentType.values)]
ExperienceCode = Literal[tuple(Experience.values)]
FormatCode = Literal[tuple(WorkFormat.values)]
OkrugCode = Literal[tuple(Okrug.values)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]

VOCABULARIES = {
    "vacancy_profile": Profile,
    "employment_type": EmploymentType,
    "experience": Experience,
    "work_format": WorkFormat,
}

LIST_COLUMNS = (*selectors.LIST_COLUMNS, "industry__slug", "updated")


# --- Schemas -----------------------------------------------------------------------------------------


class VacancySummary(Schema):
    id: int = Field(..., description="Stable identifier, also the last part of the vacancy page's URL.")
    title: str
    company: Ref
    industry: Ref | None
    park: Ref | None = Field(None, description="The technology park or zone the company is a resident of.")
    profile: ProfileCode
    okrug: OkrugCode | None
    work_format: FormatCode
    employment_type: EmploymentCode
    experience: ExperienceCode
    salary_min: int | None = Field(None, description="Roubles a month.")
    salary_max: int | None = Field(None, description="Roubles a month.")
    skills: list[str]
    published_at: datetime.datetime
    expires_at: datetime.datetime = Field(..., description="Open until.")
    url: str
    url_en: str
    updated: datetime.datetime


class VacancyDetail(VacancySummary):
    description: str = Field(..., description="Markdown, as the company wrote it.")
    description_html: str = Field(..., description="The description as sanitized HTML.")


VacancyPage = page_of(VacancySummary, "VacancyPage")


class VacancyParams(Schema):
    """The job search page's filters: OR within one filter, AND across filters."""

    q: str | None = Field(None, max_length=200, pattern=TEXT_PATTERN, description="Keywords (quotes, OR, -minus).")
    profile: list[ProfileCode] = Field([], max_length=20)
    industry: list[Slug] = Field([], max_length=20, description="Industry slugs (see /industries).")
    company: str | None = Field(None, max_length=100, pattern=TEXT_PATTERN, description="Part of a company's name.")
    org: Slug | None = Field(None, description="One company, by its slug.")
    park: Slug | None = Field(None, description="Companies resident in this park or zone, by its slug.")
    okrug: list[OkrugCode] = Field([], max_length=20)
    format: list[FormatCode] = Field([], max_length=20, description="Work formats.")
    salary_from: int | None = Field(None, ge=0, le=100_000_000, description="Offers at least this, roubles a month.")
    employment: list[EmploymentCode] = Field([], max_length=20, description="Employment types.")
    experience: list[ExperienceCode] = Field([], max_length=20)
    posted: Literal[tuple(value for value, _ in POSTED_CHOICES)] | None = Field(
        None, description="Published within this many days."
    )
    with_salary: bool = Field(False, description="Only vacancies that name a salary.")
    sort: Literal[tuple(value for value, _ in Sort.CHOICES)] | None = Field(
        None, description="relevance (needs q; the default with q), date (the default), salary."
    )


# --- Reading -----------------------------------------------------------------------------------------


def vacancy_links():
    return PageLinks("jobs:detail", "pk", numeric=True)


def summary(vacancy: Vacancy, links: PageLinks) -> dict:
    return {
        "id": vacancy.pk,
        "title": vacancy.title,
        "company": ref(vacancy.company),
        "industry": ref(vacancy.industry) if vacancy.industry_id else None,
        "park": ref(vacancy.park) if vacancy.park_id else None,
        "profile": vacancy.profile,
        "okrug": vacancy.okrug or None,
        "work_format": vacancy.work_format,
        "employment_type": vacancy.employment_type,
        "experience": vacancy.experience,
        "salary_min": vacancy.salary_min,
        "salary_max": vacancy.salary_max,
        "skills": vacancy.skill_list,
        "published_at": vacancy.published_at,
        "expires_at": vacancy.expires_at,
        "updated": vacancy.updated,
        **links.both(vacancy.pk),
    }


def vacancy_filterset(params: VacancyParams):
    filterset = selectors.vacancy_filter(query_dict(params.dict()))
    require_valid(filterset)
    return filterset


@router.get(
    "/vacancies",
    response={200: VacancyPage, **LIST_RESPONSES},
    summary="Open vacancies",
    description="Published vacancies inside their open period, with the job search page's filters and order.",
    url_name="vacancies",
)
def vacancy_list(request, filters: Query[VacancyParams], paging: Query[PageParams]):
    filterset = vacancy_filterset(filters)
    matching = filterset.qs
    window, ids = paged_ids(matching.values_list("pk", flat=True), paging, matching.order_by().count())
    rows = Vacancy.objects.filter(pk__in=ids).select_related("company", "industry", "park") if ids else []
    rows = rows.only(*LIST_COLUMNS) if ids else []
    links = vacancy_links()
    return window.envelope(request, [summary(row, links) for row in in_order(rows, ids)])


@router.get(
    "/vacancies/{vacancy_id}",
    response={200: VacancyDetail, **DETAIL_RESPONSES},
    summary="An open vacancy",
    url_name="vacancy",
)
def vacancy_detail(
    request, vacancy_id: Annotated[str, Field(pattern=r"^[1-9][0-9]{0,17}$", description="A vacancy id.")]
):
    vacancy = (
        selectors.published_vacancies()
        .filter(pk=int(vacancy_id))
        .select_related("company", "industry", "park")
        .only(*LIST_COLUMNS, "description", "description_html")
        .first()
    )
    if vacancy is None:
        raise Http404
    return {
        **summary(vacancy, vacancy_links()),
        "description": vacancy.description,
        "description_html": vacancy.description_html,
    }


CSV_HEADER = [
    "id",
    "title",
    "company",
    "company_name_ru",
    "profile",
    "industry",
    "park",
    "okrug",
    "work_format",
    "employment_type",
    "experience",
    "salary_min",
    "salary_max",
    "skills",
    "published_at",
    "expires_at",
    "url",
]


@router.get(
    "/vacancies.csv",
    response={**LIST_RESPONSES},
    summary="Open vacancies as CSV",
    description=f"The same filters and order as /vacancies; at most {EXPORT_ROW_LIMIT} rows.",
    url_name="vacancies_csv",
    openapi_extra=CSV_RESPONSE_DOC,
)
def vacancy_csv(request, filters: Query[VacancyParams]):
    filterset = vacancy_filterset(filters)
    matching = filterset.qs
    rows = matching.select_related("company", "industry", "park").only(*LIST_COLUMNS)[:EXPORT_ROW_LIMIT]
    links = vacancy_links()
    return csv_response(
        filename="vacancies.csv",
        header=CSV_HEADER,
        rows=rows.iterator(chunk_size=1000),
        total=matching.order_by().count(),
        limit=EXPORT_ROW_LIMIT,
        to_row=lambda v: [
            v.pk,
            v.title,
            v.company.slug,
            v.company.name_ru,
            v.profile,
            v.industry.slug if v.industry_id else "",
            v.park.slug if v.park_id else "",
            v.okrug,
            v.work_format,
            v.employment_type,
            v.experience,
            v.salary_min,
            v.salary_max,
            ";".join(v.skill_list),
            v.published_at,
            v.expires_at,
            links(v.pk),
        ],
    )


# --- Sitemap -----------------------------------------------------------------------------------------


class VacancySitemap(PortalSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return selectors.published_vacancies().order_by("pk").only("pk", "updated")

    def lastmod(self, item):
        return item.updated


SITEMAPS = {"vacancies": VacancySitemap}
STATIC_PAGES = ["jobs:index"]
