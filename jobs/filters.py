"""The job search: every filter of the search page, and the facet counts beside them.

Facets are "disjunctive": each facet's counts apply every other filter but its own, so a user sees
how many vacancies each alternative would give. All facets and the total come from ONE query
(GROUPING SETS over the filtered rows, with a FILTER per facet), whatever is selected.
"""

import datetime
import operator
from functools import reduce

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Industry, Okrug, Organization
from jobs.models import EmploymentType, Experience, Profile, WorkFormat

# Filter name -> the column its facet counts group by.
FACETS = {
    "profile": "profile",
    "industry": "industry_id",
    "park": "park_id",
    "okrug": "okrug",
    "format": "work_format",
    "employment": "employment_type",
    "experience": "experience",
}

POSTED_CHOICES = [("1", _("Last 24 hours")), ("3", _("Last 3 days")), ("7", _("Last week")), ("30", _("Last month"))]


class Sort:
    RELEVANCE = "relevance"
    DATE = "date"
    SALARY = "salary"
    CHOICES = [(RELEVANCE, _("Relevance")), (DATE, _("Date")), (SALARY, _("Salary"))]


def text_query(text: str) -> SearchQuery:
    """Words as people type them (quotes, OR, -minus); the `russian` configuration stems Russian and English."""
    return SearchQuery(text, config="russian", search_type="websearch")


INDUSTRIES_CACHE_SECONDS = 300


def industries() -> list[Industry]:
    """The lines of business (a short list staff rarely change), from the cache."""
    rows = cache.get("jobs:industries:1")
    if rows is None:
        rows = list(Industry.objects.order_by("name_ru").values_list("pk", "slug", "name_ru", "name_en"))
        cache.set("jobs:industries:1", rows, INDUSTRIES_CACHE_SECONDS)
    return [Industry(pk=pk, slug=slug, name_ru=name_ru, name_en=name_en) for pk, slug, name_ru, name_en in rows]


def industry_ids(slugs) -> list[int]:
    wanted = set(slugs)
    return [industry.pk for industry in industries() if industry.slug in wanted]


class VacancyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Keywords"), method="filter_text", max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )
    profile = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Profile"), choices=Profile.choices, widget=forms.CheckboxSelectMultiple
    )
    industry = django_filters.MultipleChoiceFilter(
        distinct=False,
        label=_("Line of business"),
        choices=lambda: [(industry.slug, industry.name) for industry in industries()],
        widget=forms.CheckboxSelectMultiple,
        method="filter_industry",
    )
    company = django_filters.CharFilter(label=_("Company name"), method="filter_company_name", max_length=100)
    org = django_filters.ModelChoiceFilter(
        label=_("Company"),
        field_name="company",
        queryset=Organization.objects.only("pk", "slug", "name_ru", "name_en"),
        to_field_name="slug",
        widget=forms.HiddenInput,
    )
    park = django_filters.ModelChoiceFilter(
        label=_("Technology park or zone"),
        queryset=Organization.objects.filter(kind__in=Organization.HOST_KINDS).only("pk", "slug", "name_ru", "name_en"),
        to_field_name="slug",
    )
    okrug = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Okrug"), choices=Okrug.choices, widget=forms.CheckboxSelectMultiple
    )
    format = django_filters.MultipleChoiceFilter(
        distinct=False,
        label=_("Work format"),
        field_name="work_format",
        choices=WorkFormat.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    salary_from = django_filters.NumberFilter(
        label=_("Salary from, ₽"), field_name="salary_top", lookup_expr="gte", min_value=0, max_value=100_000_000
    )
    employment = django_filters.MultipleChoiceFilter(
        distinct=False,
        label=_("Employment type"),
        field_name="employment_type",
        choices=EmploymentType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    experience = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Experience"), choices=Experience.choices, widget=forms.CheckboxSelectMultiple
    )
    posted = django_filters.ChoiceFilter(
        label=_("Posted"), choices=POSTED_CHOICES, method="filter_posted", empty_label=_("Any time")
    )
    with_salary = django_filters.BooleanFilter(
        label=_("Only with salary"), method="filter_with_salary", widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=Sort.CHOICES, method="order_later", empty_label=None)

    class Meta:
        fields = []

    # --- filters ---------------------------------------------------------------------------------
    def filter_text(self, queryset, name, value):
        value = " ".join(value.split())
        if not value:
            return queryset
        query = text_query(value)
        # Matches anywhere; ranks by the title and skills (a description-only match ranks last, newest first).
        return queryset.filter(search=query).annotate(rank=SearchRank(F("search_head"), query))

    def filter_industry(self, queryset, name, value):
        return queryset.filter(industry_id__in=industry_ids(value)) if value else queryset

    def filter_company_name(self, queryset, name, value):
        value = " ".join(value.split())
        if not value:
            return queryset
        companies = Organization.objects.filter(Q(name_ru__icontains=value) | Q(name_en__icontains=value))
        return queryset.filter(company_id__in=companies.values("pk"))

    def filter_posted(self, queryset, name, value):
        return queryset.filter(published_at__gte=timezone.now() - datetime.timedelta(days=int(value)))

    def filter_with_salary(self, queryset, name, value):
        return queryset.filter(salary_top__isnull=False) if value else queryset

    def order_later(self, queryset, name, value):
        return queryset  # ordering is applied last, in filter_queryset

    # --- ordering --------------------------------------------------------------------------------
    @property
    def cleaned(self) -> dict:
        self.errors  # noqa: B018 (validates the form once)
        return self.form.cleaned_data

    @property
    def text(self) -> str:
        return " ".join((self.cleaned.get("q") or "").split())

    @property
    def chosen_sort(self) -> str:
        chosen = self.cleaned.get("sort")
        if chosen == Sort.RELEVANCE and not self.text:
            return Sort.DATE
        return chosen or (Sort.RELEVANCE if self.text else Sort.DATE)

    def ordering(self) -> list:
        if self.chosen_sort == Sort.RELEVANCE:
            return ["-rank", "-published_at", "-pk"]
        if self.chosen_sort == Sort.SALARY:
            return [F("salary_top").desc(nulls_last=True), F("published_at").desc(), "-pk"]
        return ["-published_at", "-pk"]

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).order_by(*self.ordering())

    # --- facets ----------------------------------------------------------------------------------
    def facet_conditions(self) -> dict[str, Q]:
        """The condition of every facet filter in use."""
        data = self.cleaned
        conditions = {}
        for name, column in FACETS.items():
            value = data.get(name)
            if not value:
                continue
            if isinstance(value, Organization):
                values = [value.pk]
            elif name == "industry":
                values = industry_ids(value)
            else:
                values = list(value)
            conditions[name] = Q(**{f"{column}__in": values})
        return conditions

    def base_queryset(self):
        """The vacancies with every filter applied except the facets' (and no ordering)."""
        queryset = self.queryset.all()
        for name, value in self.cleaned.items():
            if name in FACETS or name == "sort":
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by()

    def facet_counts(self) -> tuple[int, dict[str, dict]]:
        """(number of results, {facet: {value: count}}), in one query."""
        conditions = self.facet_conditions()
        active = list(conditions)
        base = self.base_queryset()
        if len(active) >= 2:
            # A row counts in some facet only if it passes all facet filters but at most one.
            base = base.filter(
                reduce(
                    operator.or_,
                    (reduce(operator.and_, [conditions[o] for o in active if o != name]) for name in active),
                )
            )
        flags = {f"m_{name}": ExpressionWrapper(q, output_field=BooleanField()) for name, q in conditions.items()}
        columns = list(FACETS.values())
        sql, params = base.annotate(**flags).values(*columns, *flags).query.sql_with_params()

        def passing(excluded=None) -> str:
            return " AND ".join(f"m_{name}" for name in active if name != excluded) or "TRUE"

        # Each facet needs the count under "every facet filter but its own"; facets without a filter
        # of their own share one count, so the query computes at most (active facets + 1) aggregates.
        conditions_sql = [passing(name) for name in FACETS] + [passing()]
        distinct = list(dict.fromkeys(conditions_sql))
        aggregate_of = [distinct.index(condition) for condition in conditions_sql]
        counts = ", ".join("COUNT(*)" if c == "TRUE" else f"COUNT(*) FILTER (WHERE {c})" for c in distinct)
        # Only column names of FACETS, the flags' aliases and the ORM's parametrized SQL go into the text;
        # every value is a query parameter.
        statement = (
            f"SELECT GROUPING({', '.join(columns)}), {', '.join(columns)}, {counts} "  # noqa: S608
            f"FROM ({sql}) AS base "
            f"GROUP BY GROUPING SETS ({', '.join(f'({c})' for c in columns)}, ())"
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            rows = cursor.fetchall()

        n = len(columns)
        everything = (1 << n) - 1
        bit_of = {everything ^ (1 << (n - 1 - i)): i for i in range(n)}
        names = list(FACETS)
        result = {name: {} for name in names}
        total = 0
        for row in rows:
            grouping, values, aggregates = row[0], row[1 : n + 1], row[n + 1 :]
            if grouping == everything:
                total = aggregates[aggregate_of[-1]]
                continue
            i = bit_of[grouping]
            count = aggregates[aggregate_of[i]]
            if values[i] not in (None, "") and count:
                result[names[i]][values[i]] = count
        return total, result
