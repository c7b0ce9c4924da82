import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, FloatField, OuterRef, Q, Value
from django.db.models.functions import Cast, Power, Sqrt
from django.utils.text import Truncator
from django.utils.translation import get_language

from directory import search
from directory.extensions import SearchHit
from directory.filters import Facet, OrganizationFilter
from directory.geography import KM_PER_DEGREE, OKRUG_CENTRES, km_per_degree_of_longitude
from directory.models import Accreditation, Membership, Organization, ResidencyRequest

DIRECTORY_PAGE_SIZE = 24
MAP_LIMIT = 1000  # markers in one GeoJSON answer; the page says when the set is larger
PROFILE_RESIDENTS = 12
PROVIDERS_PER_STAGE = 10

# What a card in a list shows, and nothing more (descriptions are the widest columns).
CARD_FIELDS = (
    "slug",
    "kind",
    "name_ru",
    "name_en",
    "description_ru",
    "description_en",
    "okrug",
    "is_verified",
    "park_id",
    "park__slug",
    "park__name_ru",
    "park__name_en",
)


def memberships_of(user):
    return (
        Membership.objects.filter(user=user).select_related("organization").order_by("organization__name_ru")
        if user.is_authenticated
        else Membership.objects.none()
    )


def organization_list():
    """Organizations as list pages show them, with what each row displays already joined."""
    return Organization.objects.select_related("park").order_by("-is_verified", "name_ru")


def organization_for_profile(slug: str):
    return (
        Organization.objects.select_related("park")
        .prefetch_related("industries", "accreditations")
        .annotate(resident_count=Count("residents", filter=Q(residents__is_verified=True)))
        .get(slug=slug)
    )


def counts_by_kind() -> dict[str, int]:
    rows = Organization.objects.values("kind").annotate(n=Count("id")).order_by()
    return {row["kind"]: row["n"] for row in rows}


# --- The directory list ------------------------------------------------------------------------------


class CountedPaginator(Paginator):
    """A paginator told the total, which the directory counts together with another figure."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count  # replaces the cached_property: no second COUNT(*)


@dataclass
class DirectoryResult:
    filterset: OrganizationFilter
    page: Page
    facets: list[Facet]
    total: int
    verified_total: int


def _facet_cache_key(filterset: OrganizationFilter) -> str:
    state = sorted(
        (name, sorted(map(str, value)) if isinstance(value, list) else str(value))
        for name, value in filterset.cleaned.items()
        if name != "sort" and value not in (None, "", [], False)
    )
    digest = hashlib.sha256(json.dumps(state, ensure_ascii=False).encode()).hexdigest()[:32]
    return f"directory:facets:v2:{get_language() or 'ru'}:{digest}"


def organization_directory(*, params, page_number=None, per_page: int = DIRECTORY_PAGE_SIZE) -> DirectoryResult:
    """The directory list for the GET parameters `params`: a page of cards and the facet counts.

    A fixed number of queries whatever the data: the industries, the page's ids and its cards, plus the
    counts when they are not cached (OrganizationFilter.count_facets: 8, or 5 with words to match).
    The totals and facet counts of one filter state are cached for DIRECTORY_FACET_CACHE_SECONDS
    (the cards are always read fresh): counting every facet is the expensive part of the page, and
    counts a minute old are as useful as live ones.
    """
    filterset = OrganizationFilter(params, queryset=Organization.objects.all())
    key = _facet_cache_key(filterset)
    counts = cache.get(key)
    if counts is None:
        counts = filterset.count_facets()
        cache.set(key, counts, getattr(settings, "DIRECTORY_FACET_CACHE_SECONDS", 60))
    # Sort and cut the page on narrow rows (ids), then read the 24 cards: sorting thousands of full
    # rows by relevance is what made broad searches slow.
    ids = filterset.ordered(filterset.filtered()).values_list("pk", flat=True)
    page = CountedPaginator(ids, per_page, count=counts.total).get_page(page_number)
    cards = Organization.objects.filter(pk__in=list(page.object_list)).select_related("park").only(*CARD_FIELDS)
    by_id = {card.pk: card for card in cards}
    page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
    facets = filterset.facets(counts)  # labels in the active language, built after the cache
    return DirectoryResult(filterset, page, facets, counts.total, counts.verified_total)


def organization_map_features(*, params, limit: int = MAP_LIMIT) -> tuple[list[dict], int]:
    """Points of the filtered set (those with coordinates), in the list's order, at most `limit`."""
    filterset = OrganizationFilter(params, queryset=Organization.objects.all())
    located = filterset.filtered().filter(latitude__isnull=False, longitude__isnull=False)
    rows = list(
        filterset.ordered(located).values(
            "slug", "name_ru", "name_en", "kind", "is_verified", "latitude", "longitude", "address"
        )[:limit]
    )
    total = len(rows) if len(rows) < limit else located.count()  # counted only when the cap is reached
    return rows, total


# --- Profile -----------------------------------------------------------------------------------------


def residents_of(park: Organization, *, limit: int = PROFILE_RESIDENTS):
    """The first verified residents of a park, by name; the rest are one click away in the directory."""
    return (
        Organization.objects.filter(park=park, is_verified=True)
        .order_by("name_ru", "pk")
        .only("slug", "kind", "name_ru", "name_en")[:limit]
    )


def residency_requests_for_park(park: Organization, *, status=ResidencyRequest.Status.PENDING):
    statuses = [status] if isinstance(status, str) else list(status)
    return (
        ResidencyRequest.objects.filter(park=park, status__in=statuses)
        .select_related("organization", "requested_by")
        .order_by("created", "pk")
    )


def residency_decisions_for_park(park: Organization, *, limit: int = 20):
    decided = [ResidencyRequest.Status.APPROVED, ResidencyRequest.Status.REJECTED]
    return (
        ResidencyRequest.objects.filter(park=park, status__in=decided)
        .select_related("organization", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )


def residency_requests_of(organization: Organization, *, status=None):
    requests = ResidencyRequest.objects.filter(organization=organization).select_related("park")
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("-created")


def residency_request_history(residency_request: ResidencyRequest):
    return residency_request.events.select_related("actor").order_by("created", "pk")


def organizations_that_may_apply(user, park: Organization):
    """The user's organizations (as administrator or editor) that could ask `park` for residency."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return (
        Organization.objects.filter(
            memberships__user=user,
            memberships__role__in=[Membership.Role.ADMIN, Membership.Role.EDITOR],
        )
        .exclude(kind__in=Organization.HOST_KINDS)
        .exclude(park=park)
        .order_by("name_ru")
        .only("pk", "slug", "name_ru", "name_en")
    )


def pending_request_count(park: Organization) -> int:
    return ResidencyRequest.objects.filter(park=park, status=ResidencyRequest.Status.PENDING).count()


# --- Find a provider ---------------------------------------------------------------------------------


def distance_km_from(latitude: float, longitude: float):
    """Distance in kilometres from a point, computed by PostgreSQL (an equirectangular approximation,
    within a fraction of a percent across Moscow)."""
    lat = Cast("latitude", FloatField())
    lng = Cast("longitude", FloatField())
    return Sqrt(
        Power((lat - Value(latitude)) * Value(KM_PER_DEGREE), 2)
        + Power((lng - Value(longitude)) * Value(km_per_degree_of_longitude(latitude)), 2),
        output_field=FloatField(),
    )


def providers_for_stage(
    *, capability: str, industry=None, standard: str = "", okrug: str = "", limit=PROVIDERS_PER_STAGE
):
    """Verified organizations that can do `capability`, best first: those in the industry, then those
    accredited to the standard, then the nearest to the okrug's centre, then by name."""
    providers = Organization.objects.filter(is_verified=True, capabilities__contains=[capability])
    order = []
    if industry is not None:
        through = Organization.industries.through.objects.filter(organization=OuterRef("pk"), industry=industry)
        providers = providers.annotate(industry_match=Exists(through))
        order.append(F("industry_match").desc())
    if standard:
        accredited = Accreditation.objects.filter(organization=OuterRef("pk"), standard=standard)
        providers = providers.annotate(standard_match=Exists(accredited))
        order.append(F("standard_match").desc())
    if okrug in OKRUG_CENTRES:
        providers = providers.annotate(distance_km=distance_km_from(*OKRUG_CENTRES[okrug]))
        order.append(F("distance_km").asc(nulls_last=True))
    name = "name_en" if (get_language() or "ru").startswith("en") else "name_ru"
    order += [name, "pk"]
    return providers.order_by(*order).select_related("park").only(*CARD_FIELDS, "address", "capabilities")[:limit]


# --- Site search ------------------------------------------------------------------------------------


def organization_search(text: str, *, limit: int):
    """(best matches, how many match) for the site-wide search."""
    text = search.clean_query(text)
    if not text:
        return [], 0
    matches = search.search(Organization.objects.all(), text)
    total = matches.count()
    rows = matches.order_by("-rank", "-is_verified", "pk").only(
        "slug", "kind", "name_ru", "name_en", "description_ru", "description_en", "okrug"
    )[:limit]
    return list(rows), total


def organization_search_hits(query: str, limit: int) -> tuple[list[SearchHit], int]:
    """The directory's area of the site search."""
    rows, total = organization_search(query, limit=limit)
    hits = [
        SearchHit(
            title=organization.name,
            url=organization.get_absolute_url(),
            summary=" · ".join(
                filter(None, [str(organization.kind_label), Truncator(organization.description).words(20)])
            ),
        )
        for organization in rows
    ]
    return hits, total
