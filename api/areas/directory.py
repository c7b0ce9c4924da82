"""The directory: organizations (with the directory page's filters), industries and accreditations.

Every organization has a public profile page, verified or not (the page marks the unverified ones; so does
`is_verified` here). What the API never shows: members and their roles, residency requests, who registered
an organization.
"""

import datetime
from typing import Annotated, Literal

import django_filters
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
from directory import selectors
from directory.filters import MAX_VALUES, OrganizationFilter, Sort
from directory.models import Accreditation, Capability, Industry, Okrug, Organization

router = Router(tags=["Directory"])

KindCode = Literal[tuple(Organization.Kind.values)]
OkrugCode = Literal[tuple(Okrug.values)]
CapabilityCode = Literal[tuple(Capability.values)]
StandardCode = Literal[tuple(Accreditation.Standard.values)]

VOCABULARIES = {
    "organization_kind": Organization.Kind,
    "okrug": Okrug,
    "capability": Capability,
    "accreditation_standard": Accreditation.Standard,
}

# The columns a list row reads (descriptions, the widest ones, only on the detail).
LIST_FIELDS = (
    "slug",
    "kind",
    "name_ru",
    "name_en",
    "okrug",
    "address",
    "latitude",
    "longitude",
    "capabilities",
    "is_verified",
    "created",
    "updated",
    "park_id",
    "park__slug",
    "park__name_ru",
    "park__name_en",
)


def profile_links():
    return PageLinks("directory:detail", "slug")


# --- Schemas -----------------------------------------------------------------------------------------


class IndustryOut(Schema):
    slug: str
    name_ru: str
    name_en: str


class AccreditationOut(Schema):
    standard: StandardCode
    certificate_number: str
    valid_until: datetime.date | None


class OrganizationSummary(Schema):
    slug: str = Field(..., description="Stable identifier, also the last part of the profile page's URL.")
    kind: KindCode
    name_ru: str
    name_en: str
    okrug: OkrugCode | None
    address: str
    latitude: float | None
    longitude: float | None
    capabilities: list[CapabilityCode]
    is_verified: bool = Field(..., description="Checked by the portal's staff.")
    park: Ref | None = Field(None, description="The technology park or special economic zone it is a resident of.")
    url: str = Field(..., description="The profile page in Russian.")
    url_en: str = Field(..., description="The profile page in English.")
    created: datetime.datetime
    updated: datetime.datetime


class OrganizationDetail(OrganizationSummary):
    description_ru: str
    description_en: str
    phone: str
    email: str = Field(..., description="The organization's public contact address (never a member's).")
    website: str
    logo: str | None = Field(None, description="Absolute URL of the logo image.")
    founded_year: int | None
    headcount: int | None
    industries: list[IndustryOut]
    accreditations: list[AccreditationOut]
    resident_count: int = Field(..., description="Verified residents, for parks and zones; 0 for others.")


class AccreditationListItem(AccreditationOut):
    organization: Ref


OrganizationPage = page_of(OrganizationSummary, "OrganizationPage")
AccreditationPage = page_of(AccreditationListItem, "AccreditationPage")


SlugList = list[Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]]


class OrganizationParams(Schema):
    """The directory page's filters: OR within one filter, AND across filters."""

    q: str | None = Field(
        None,
        max_length=200,
        pattern=TEXT_PATTERN,
        description="Words in Russian or English (web-search syntax: quotes, or, -minus).",
    )
    kind: list[KindCode] = Field([], max_length=MAX_VALUES, description="Kinds of organization.")
    okrug: list[OkrugCode] = Field([], max_length=MAX_VALUES, description="Moscow administrative okrugs.")
    capability: list[CapabilityCode] = Field([], max_length=MAX_VALUES, description="What it can do.")
    industry: SlugList = Field([], max_length=MAX_VALUES, description="Industry slugs (see /industries).")
    standard: list[StandardCode] = Field([], max_length=MAX_VALUES, description="Accreditation standards.")
    park: SlugList = Field([], max_length=MAX_VALUES, description="Residents of these parks or zones (their slugs).")
    verified: bool = Field(False, description="Verified organizations only.")
    sort: Literal[tuple(value for value, _ in Sort.CHOICES)] | None = Field(
        None, description="relevance (needs q; the default with q), name (verified first; the default), newest."
    )


class AccreditationParams(Schema):
    standard: list[StandardCode] = Field([], max_length=MAX_VALUES)
    organization: str | None = Field(None, pattern=SLUG_PATTERN, max_length=80, description="An organization's slug.")
    valid_on: datetime.date | None = Field(None, description="Valid on this day (no end date counts as valid).")


# --- Reading -----------------------------------------------------------------------------------------


def organization_filterset(params: OrganizationParams) -> OrganizationFilter:
    filterset = OrganizationFilter(query_dict(params.dict()), queryset=Organization.objects.all())
    require_valid(filterset)
    return filterset


def summary(organization: Organization, links: PageLinks) -> dict:
    return {
        "slug": organization.slug,
        "kind": organization.kind,
        "name_ru": organization.name_ru,
        "name_en": organization.name_en,
        "okrug": organization.okrug or None,
        "address": organization.address,
        "latitude": organization.latitude,
        "longitude": organization.longitude,
        "capabilities": organization.capabilities,
        "is_verified": organization.is_verified,
        "park": ref(organization.park) if organization.park_id else None,
        "created": organization.created,
        "updated": organization.updated,
        **links.both(organization.slug),
    }


def organization_rows(filterset: OrganizationFilter, paging: PageParams):
    """One page of the filtered directory in four queries: industries, count, sorted ids, rows."""
    count, _verified = filterset.counts()
    ordered = filterset.ordered(filterset.filtered()).values_list("pk", flat=True)
    window, ids = paged_ids(ordered, paging, count)
    rows = Organization.objects.filter(pk__in=ids).select_related("park").only(*LIST_FIELDS) if ids else []
    return window, in_order(rows, ids)


@router.get(
    "/organizations",
    response={200: OrganizationPage, **LIST_RESPONSES},
    summary="Organizations of the directory",
    description="The directory's list with the same filters and order as its page, one page at a time.",
    url_name="organizations",
)
def organization_list(request, filters: Query[OrganizationParams], paging: Query[PageParams]):
    window, rows = organization_rows(organization_filterset(filters), paging)
    links = profile_links()
    return window.envelope(request, [summary(row, links) for row in rows])


@router.get(
    "/organizations/{slug}",
    response={200: OrganizationDetail, **DETAIL_RESPONSES},
    summary="An organization's profile",
    url_name="organization",
)
def organization_detail(request, slug: Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]):
    try:
        organization = selectors.organization_for_profile(slug)
    except Organization.DoesNotExist:
        raise Http404 from None
    return {
        **summary(organization, profile_links()),
        "description_ru": organization.description_ru,
        "description_en": organization.description_en,
        "phone": organization.phone,
        "email": organization.email,
        "website": organization.website,
        "logo": request.build_absolute_uri(organization.logo.url) if organization.logo else None,
        "founded_year": organization.founded_year,
        "headcount": organization.headcount,
        "industries": list(organization.industries.all()),
        "accreditations": list(organization.accreditations.all()),
        "resident_count": organization.resident_count,
    }


@router.get(
    "/industries",
    response={200: list[IndustryOut], 304: None, 429: DETAIL_RESPONSES[429]},
    summary="Industries",
    description="Every industry, by Russian name. Their slugs filter organizations, measures and participants.",
    url_name="industries",
)
def industry_list(request):
    return list(Industry.objects.order_by("name_ru", "pk"))


class AccreditationFilter(django_filters.FilterSet):
    """Accreditations have no page of their own; this is the profile pages' data, filtered."""

    standard = django_filters.MultipleChoiceFilter(choices=Accreditation.Standard.choices)
    organization = django_filters.CharFilter(field_name="organization__slug")
    valid_on = django_filters.DateFilter(method="filter_valid_on")

    class Meta:
        model = Accreditation
        fields = ["standard", "organization", "valid_on"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.exclude(valid_until__lt=value)


@router.get(
    "/accreditations",
    response={200: AccreditationPage, **LIST_RESPONSES},
    summary="Accreditations of certifiers and laboratories",
    url_name="accreditations",
)
def accreditation_list(request, filters: Query[AccreditationParams], paging: Query[PageParams]):
    filterset = AccreditationFilter(query_dict(filters.dict()), queryset=Accreditation.objects.all())
    require_valid(filterset)
    matching = filterset.qs.order_by("pk")
    window, ids = paged_ids(matching.values_list("pk", flat=True), paging, matching.count())
    rows = Accreditation.objects.filter(pk__in=ids).select_related("organization") if ids else []
    return window.envelope(
        request,
        [
            {
                "standard": row.standard,
                "certificate_number": row.certificate_number,
                "valid_until": row.valid_until,
                "organization": ref(row.organization),
            }
            for row in in_order(rows, ids)
        ],
    )


# --- CSV ---------------------------------------------------------------------------------------------

CSV_HEADER = [
    "slug",
    "name_ru",
    "name_en",
    "kind",
    "verified",
    "okrug",
    "address",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "capabilities",
    "industries",
    "park",
    "url",
]


@router.get(
    "/organizations.csv",
    response={**LIST_RESPONSES},
    summary="Organizations of the directory as CSV",
    description=f"The same filters and order as /organizations; at most {EXPORT_ROW_LIMIT} rows.",
    url_name="organizations_csv",
    openapi_extra=CSV_RESPONSE_DOC,
)
def organization_csv(request, filters: Query[OrganizationParams]):
    filterset = organization_filterset(filters)
    total, _verified = filterset.counts()
    rows = (
        filterset.ordered(filterset.filtered())
        .select_related("park")
        .prefetch_related("industries")
        .only(*LIST_FIELDS, "phone", "email", "website")[:EXPORT_ROW_LIMIT]
    )
    links = profile_links()
    return csv_response(
        filename="organizations.csv",
        header=CSV_HEADER,
        rows=rows.iterator(chunk_size=1000),
        total=total,
        limit=EXPORT_ROW_LIMIT,
        to_row=lambda o: [
            o.slug,
            o.name_ru,
            o.name_en,
            o.kind,
            o.is_verified,
            o.okrug,
            o.address,
            o.latitude,
            o.longitude,
            o.phone,
            o.email,
            o.website,
            ";".join(o.capabilities),
            ";".join(industry.slug for industry in o.industries.all()),
            o.park.slug if o.park_id else "",
            links(o.slug),
        ],
    )


# --- Sitemap -----------------------------------------------------------------------------------------


class OrganizationSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Organization.objects.order_by("pk").only("slug", "updated")

    def location(self, item):
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.updated


SITEMAPS = {"organizations": OrganizationSitemap}
STATIC_PAGES = ["directory:list", "directory:map", "directory:find_provider"]
