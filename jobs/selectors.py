"""Read-side queries of the job board. A published vacancy past its open period is never shown as open."""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.extensions import SearchHit
from directory.models import Membership, Okrug, Organization
from directory.permissions import HIRING_ROLES
from imoscow.facets import Facet, FacetOption
from jobs.filters import FACETS, POSTED_CHOICES, Sort, VacancyFilter, industries
from jobs.models import Application, EmploymentType, Experience, Profile, Vacancy, WorkFormat

State = Vacancy.State
PER_PAGE = 20
PARKS_IN_FACET = 30
FACETS_CACHE_SECONDS = 60

# What a result row shows; the description (the widest column) stays in the table.
LIST_COLUMNS = (
    "id",
    "title",
    "profile",
    "okrug",
    "work_format",
    "salary_min",
    "salary_max",
    "employment_type",
    "experience",
    "skills",
    "state",
    "published_at",
    "expires_at",
    "company__id",
    "company__slug",
    "company__name_ru",
    "company__name_en",
    "company__is_verified",
    "industry__id",
    "industry__name_ru",
    "industry__name_en",
    "park__id",
    "park__slug",
    "park__name_ru",
    "park__name_en",
)


def published_vacancies(now=None) -> QuerySet:
    """Published and still inside their open period."""
    return Vacancy.objects.filter(state=State.PUBLISHED, expires_at__gt=now or timezone.now())


class SearchPaginator(Paginator):
    """Pages of search results in two short queries, told the count the facet query already has.

    The first query orders the matches and keeps one page of ids (PostgreSQL keeps only the top rows
    while sorting); the second reads those rows with their company, industry and park.
    """

    def __init__(self, object_list, per_page, *, count: int, rows):
        super().__init__(object_list, per_page)
        self._known_count = count
        self._rows = rows  # ids -> queryset of those rows

    @property
    def count(self):
        return self._known_count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        by_id = {row.pk: row for row in self._rows(ids)} if ids else {}
        return self._get_page([by_id[pk] for pk in ids if pk in by_id], number, self)


@dataclass
class Chip:
    label: str
    query: QueryDict  # the current query without this one filter value


@dataclass
class VacancySearch:
    filterset: VacancyFilter
    page: object
    total: int
    facets: list[Facet]
    chips: list[Chip]
    sort: str
    sorts: list


def vacancy_filter(params: QueryDict, *, now=None) -> VacancyFilter:
    return VacancyFilter(params, queryset=published_vacancies(now))


def _facet_counts(filterset: VacancyFilter, params: QueryDict) -> tuple[int, dict]:
    """The facet query's result, cached for FACETS_CACHE_SECONDS per search and per state of the table.

    Counting is the expensive part of a search (it reads every matching row, up to all open vacancies
    for the landing page); the rows themselves come from an index in milliseconds. The cache key holds
    the latest change of any vacancy, so publishing, editing, closing or expiring one is seen at once;
    a vacancy that runs past its open period drops out of the counts within FACETS_CACHE_SECONDS.
    """
    last_change = Vacancy.objects.aggregate(last=Max("updated"))["last"]
    canonical = sorted((key, sorted(params.getlist(key))) for key in params if key not in ("page", "sort"))
    digest = hashlib.sha256(repr((canonical, last_change)).encode()).hexdigest()[:32]
    key = f"jobs:facets:1:{digest}"
    cached = cache.get(key)
    if cached is None:
        cached = filterset.facet_counts()
        cache.set(key, cached, FACETS_CACHE_SECONDS)
    return cached


def vacancy_search(params: QueryDict, *, page_number=1, per_page=PER_PAGE, now=None) -> VacancySearch:
    """The search page: results, total, facet counts and active-filter chips in a constant number of queries."""
    filterset = vacancy_filter(params, now=now)
    total, counts = _facet_counts(filterset, params) if now is None else filterset.facet_counts()
    page = SearchPaginator(filterset.qs, per_page, count=total, rows=_list_rows).get_page(page_number)
    facets = _facets(filterset, counts)
    return VacancySearch(
        filterset=filterset,
        page=page,
        total=total,
        facets=facets,
        chips=active_filter_chips(filterset, params),
        sort=filterset.chosen_sort,
        sorts=[(value, label) for value, label in Sort.CHOICES if value != Sort.RELEVANCE or filterset.text],
    )


def _list_rows(ids) -> QuerySet:
    rows = Vacancy.objects.filter(pk__in=ids).select_related("company", "industry", "park").only(*LIST_COLUMNS)
    return rows.order_by()  # the page keeps the order of its ids


def _choice_facet(name, label, choices, counts, selected) -> Facet:
    return Facet(
        name,
        label,
        [FacetOption(value, label, counts.get(value, 0), value in selected) for value, label in choices],
    )


def _facets(filterset: VacancyFilter, counts: dict) -> list[Facet]:
    data = filterset.cleaned
    selected = {name: set(data.get(name) or []) for name in ("profile", "okrug", "format", "employment", "experience")}
    chosen_industries = set(data.get("industry") or [])
    industry_options = [
        FacetOption(
            industry.slug, industry.name, counts["industry"].get(industry.pk, 0), industry.slug in chosen_industries
        )
        for industry in industries()
    ]
    chosen_park = data.get("park")
    park_ids = sorted(counts["park"], key=lambda pk: -counts["park"][pk])[:PARKS_IN_FACET]
    if chosen_park and chosen_park.pk not in park_ids:
        park_ids.append(chosen_park.pk)
    parks = (
        Organization.objects.filter(pk__in=park_ids).only("pk", "slug", "name_ru", "name_en").order_by("name_ru")
        if park_ids
        else []
    )
    park_options = [
        FacetOption(
            park.slug, park.name, counts["park"].get(park.pk, 0), bool(chosen_park and chosen_park.pk == park.pk)
        )
        for park in parks
    ]
    return [
        _choice_facet("profile", _("Profile"), Profile.choices, counts["profile"], selected["profile"]),
        Facet("industry", _("Line of business"), industry_options),
        _choice_facet("format", _("Work format"), WorkFormat.choices, counts["format"], selected["format"]),
        _choice_facet(
            "employment", _("Employment type"), EmploymentType.choices, counts["employment"], selected["employment"]
        ),
        _choice_facet("experience", _("Experience"), Experience.choices, counts["experience"], selected["experience"]),
        Facet("park", _("Technology park or zone"), park_options, widget="select"),
        _choice_facet("okrug", _("Okrug"), Okrug.choices, counts["okrug"], selected["okrug"]),
    ]


def active_filter_chips(filterset: VacancyFilter, params: QueryDict) -> list[Chip]:
    """One chip per filter value in use; each chip's query is the search without that one value."""
    data = filterset.cleaned
    chips = []

    def without(name, raw=None) -> QueryDict:
        query = params.copy()
        query.pop("page", None)
        if raw is None:
            query.pop(name, None)
        else:
            remaining = [value for value in params.getlist(name) if value != raw]
            if remaining:
                query.setlist(name, remaining)
            else:
                query.pop(name, None)
        return query

    fields = filterset.form.fields
    for name in filterset.filters:
        value = data.get(name)
        if name == "sort" or value in (None, "", [], False):
            continue
        label = fields[name].label
        if name in ("q", "company"):
            text = " ".join(str(value).split())
            if text:
                chips.append(Chip(f"{label}: {text}", without(name)))
        elif name == "industry":
            names = {industry.slug: industry.name for industry in industries()}
            for slug in value:
                chips.append(Chip(f"{label}: {names[slug]}", without(name, slug)))
        elif name in ("park", "org"):
            chips.append(Chip(f"{label}: {value.name}", without(name)))
        elif name == "salary_from":
            chips.append(
                Chip(_("Salary from %(amount)s ₽") % {"amount": f"{int(value):,}".replace(",", " ")}, without(name))
            )
        elif name == "posted":
            chips.append(Chip(str(dict(POSTED_CHOICES)[value]), without(name)))
        elif name == "with_salary":
            chips.append(Chip(str(label), without(name)))
        elif name in FACETS:
            choices = dict(fields[name].choices)
            for raw in value:
                chips.append(Chip(f"{label}: {choices[raw]}", without(name, raw)))
    return chips


def describe_search(params: QueryDict) -> str:
    """A short title of a search for saved searches and feeds: "python · Remote · Full-time"."""
    filterset = vacancy_filter(params)
    labels = []
    for chip in active_filter_chips(filterset, params):
        labels.append(chip.label.split(": ", 1)[-1])
    return " · ".join(labels) or str(_("All vacancies"))


def vacancies_new_since(params: QueryDict, since) -> QuerySet:
    """The alert source: open vacancies matching a saved search, published at or after `since`."""
    return (
        vacancy_filter(params)
        .qs.filter(published_at__gte=since)
        .select_related("company")
        .only(
            "id",
            "title",
            "work_format",
            "salary_min",
            "salary_max",
            "published_at",
            "company__name_ru",
            "company__name_en",
        )
        .order_by("-published_at", "-pk")
    )


def vacancies_for_feed(params: QueryDict, limit: int = 50) -> list[Vacancy]:
    filterset = vacancy_filter(params)
    return list(filterset.qs.select_related("company", "park").order_by("-published_at", "-pk")[:limit])


def vacancy_for_page(pk: int) -> Vacancy:
    return Vacancy.objects.select_related("company", "company__park", "industry", "park").get(pk=pk)


def application_of(user, vacancy: Vacancy) -> Application | None:
    if not user.is_authenticated:
        return None
    return Application.objects.filter(vacancy=vacancy, candidate=user).first()


def company_open_vacancies(company: Organization, limit: int = 10) -> tuple[list[Vacancy], int]:
    """The company profile's section: its newest open vacancies and how many it has."""
    vacancies = published_vacancies().filter(company=company)
    rows = list(
        vacancies.select_related("park")
        .only(
            "id",
            "title",
            "work_format",
            "salary_min",
            "salary_max",
            "employment_type",
            "published_at",
            "park__id",
            "park__name_ru",
            "park__name_en",
        )
        .order_by("-published_at", "-pk")[: limit + 1]
    )
    total = len(rows) if len(rows) <= limit else vacancies.count()
    return rows[:limit], total


def vacancies_of_company(company: Organization) -> QuerySet:
    """Every vacancy of a company, in every state, with its application counts (management page)."""
    return (
        Vacancy.objects.filter(company=company)
        .select_related("industry")
        .defer("description", "description_html", "search")
        .annotate(
            application_count=Count("applications"),
            new_application_count=Count("applications", filter=Q(applications__status=Application.Status.NEW)),
        )
        .order_by("state", "-updated")
    )


def applications_for_vacancy(vacancy: Vacancy) -> QuerySet:
    return vacancy.applications.select_related("candidate").order_by("-created")


def application_for_page(pk: int) -> Application:
    return (
        Application.objects.select_related("vacancy", "vacancy__company", "candidate")
        .prefetch_related(Prefetch("events", to_attr="history"))
        .get(pk=pk)
    )


def applications_of(user) -> QuerySet:
    """The candidate's own applications, newest first, for their dashboard."""
    if not user.is_authenticated:
        return Application.objects.none()
    return (
        Application.objects.filter(candidate=user)
        .select_related("vacancy", "vacancy__company")
        .only(
            "id",
            "status",
            "created",
            "status_changed_at",
            "vacancy__id",
            "vacancy__title",
            "vacancy__state",
            "vacancy__company__id",
            "vacancy__company__name_ru",
            "vacancy__company__name_en",
        )
        .order_by("-created")
    )


def hiring_companies_of(user) -> QuerySet:
    """Organizations the user hires for, with how many open vacancies and new applications each has."""
    if not user.is_authenticated:
        return Organization.objects.none()
    now = timezone.now()
    memberships = Membership.objects.filter(user=user, role__in=HIRING_ROLES).values("organization_id")
    return (
        Organization.objects.filter(pk__in=memberships)
        .annotate(
            open_vacancy_count=Count(
                "vacancies",
                filter=Q(vacancies__state=State.PUBLISHED, vacancies__expires_at__gt=now),
                distinct=True,
            ),
            new_application_count=Count(
                "vacancies__applications",
                filter=Q(vacancies__applications__status=Application.Status.NEW),
                distinct=True,
            ),
        )
        .only("pk", "slug", "name_ru", "name_en")
        .order_by("name_ru")
    )


def search_for_site(query: str, limit: int) -> tuple[list[SearchHit], int]:
    """The portal-wide search's "Vacancies" area."""
    params = QueryDict(mutable=True)
    params["q"] = query
    filterset = vacancy_filter(params)
    if not filterset.text:
        return [], 0
    matches = filterset.qs
    rows = list(
        matches.select_related("company").only(*LIST_COLUMNS[:12], "company__name_ru", "company__name_en")[:limit]
    )
    total = len(rows) if len(rows) < limit else matches.count()
    hits = [
        SearchHit(
            title=vacancy.title,
            url=vacancy.get_absolute_url(),
            summary=" · ".join(str(part) for part in (vacancy.company.name, vacancy.salary_text) if part),
        )
        for vacancy in rows
    ]
    return hits, total


def profile_section_context(organization: Organization, user) -> dict | None:
    """The organization profile's "Vacancies" section; nothing when it has none and the user cannot post."""
    from jobs.permissions import can_manage_vacancies

    vacancies, total = company_open_vacancies(organization)
    can_manage = can_manage_vacancies(organization, user)
    if not total and not can_manage:
        return None
    return {"vacancies": vacancies, "total": total, "can_manage": can_manage}


def dashboard_context(user) -> dict:
    return {"applications": list(applications_of(user)[:20]), "companies": list(hiring_companies_of(user))}
