"""The directory's filters: one FilterSet reads the whole state of the list from the URL.

Facet counts follow the usual rule of faceted search: the count beside a value says how many
organizations the list would show if that value were ticked too, so each facet is counted with every
*other* filter applied. That takes a fixed number of grouped queries whatever the data size: one per
facet, except that the organization's own columns share one when there are words to match.

Each filter is one condition (a Q), built once per request: the list applies all of them, each facet
all but its own. Counting yields plain data (FacetCounts), which the selector caches; the Facet objects,
with their translated labels, are built from it on every request.
"""

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

import django_filters
from django import forms
from django.core.validators import validate_slug
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory import search
from directory.models import Accreditation, Capability, Industry, Okrug, Organization
from imoscow.facets import Facet, FacetOption

PARK_FACET_SIZE = 12
MAX_VALUES = 20  # per multi-value parameter: enough for any person, a limit for robots
EMPTY = (None, "", [], False)  # a filter with one of these values filters nothing


class SlugListField(forms.Field):
    """Several slugs from one repeated GET parameter (`?park=a&park=b`), each checked, without a choice list."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        values = [value] if isinstance(value, str) else list(value)
        return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))[:MAX_VALUES]

    def validate(self, value):
        super().validate(value)
        for slug in value:
            validate_slug(slug)


class SlugListFilter(django_filters.Filter):
    field_class = SlugListField


class CheckboxFilter(django_filters.Filter):
    """A ticked box (`?verified=on`); an unticked one filters nothing."""

    field_class = forms.BooleanField


class Sort:
    RELEVANCE = "relevance"
    NAME = "name"
    NEWEST = "newest"
    CHOICES = [
        (RELEVANCE, _("Best match")),
        (NAME, _("Verified first, by name")),
        (NEWEST, _("Newest first")),
    ]


def localized_name_order():
    """The name people read in the active language (English falls back to Russian); indexed for both."""
    if (get_language() or "ru").startswith("en"):
        return Coalesce(NullIf("name_en", Value("")), "name_ru")
    return F("name_ru")


@dataclass(frozen=True)
class FacetCounts:
    """The numbers of one filter state, as plain data: cheap to cache and to read back (Facet objects
    hold lazy translations, and unpickling those cost milliseconds on every cache hit)."""

    total: int
    verified_total: int
    values: dict[str, dict[str, int]]  # facet -> {value: organizations}; industries by slug
    parks: list[tuple[str, str, int]]  # (slug, name in the active language, residents), as shown


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_by_condition",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, service or industry")}),
    )
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"),
        choices=Organization.Kind.choices,
        method="filter_by_condition",
        widget=forms.CheckboxSelectMultiple,
    )
    okrug = django_filters.MultipleChoiceFilter(
        label=_("Okrug"), choices=Okrug.choices, method="filter_by_condition", widget=forms.CheckboxSelectMultiple
    )
    capability = django_filters.MultipleChoiceFilter(
        label=_("Capability"),
        choices=Capability.choices,
        method="filter_by_condition",
        widget=forms.CheckboxSelectMultiple,
    )
    industry = django_filters.MultipleChoiceFilter(
        label=_("Industry"), choices=[], method="filter_by_condition", widget=forms.CheckboxSelectMultiple
    )
    standard = django_filters.MultipleChoiceFilter(
        label=_("Accreditation"),
        choices=Accreditation.Standard.choices,
        method="filter_by_condition",
        widget=forms.CheckboxSelectMultiple,
    )
    park = SlugListFilter(label=_("Resident of"), method="filter_by_condition")
    verified = CheckboxFilter(label=_("Verified only"), method="filter_by_condition")
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), choices=Sort.CHOICES, method="filter_by_condition", empty_label=None
    )

    # Facets in the order the sidebar shows them.
    FACETS = ("kind", "capability", "industry", "standard", "okrug", "park")
    # The filters on the organization's own columns, counted from grouped rows by `_count_together`.
    COLUMNS = {"kind": "kind", "okrug": "okrug", "capability": "capabilities", "verified": "is_verified"}

    class Meta:
        model = Organization
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.industries = list(Industry.objects.only("slug", "name_ru", "name_en"))
        self.filters["industry"].extra["choices"] = [(i.slug, i.name) for i in self.industries]
        # Keep each multi-value parameter short before the form sees it.
        if self.is_bound and hasattr(self.data, "getlist"):
            self.data = self.data.copy()
            for name in ("kind", "okrug", "capability", "industry", "standard", "park"):
                values = self.data.getlist(name)
                if len(values) > MAX_VALUES:
                    self.data.setlist(name, values[:MAX_VALUES])

    # --- filters (OR within a facet, AND across facets) ------------------------------------------------

    def filter_by_condition(self, queryset, name, value):
        condition = self.condition(name, value)
        return queryset if condition is None else queryset.filter(condition)

    def condition(self, name, value) -> Q | None:
        """The condition of filter `name` for `value`; None when the value filters nothing."""
        match name:
            case "q":
                text = search.clean_query(value)
                return Q(search_vector=search.search_query(text)) if text else None
            case "kind" | "okrug":
                return Q(**{f"{name}__in": value})
            case "capability":
                return Q(capabilities__overlap=list(value))
            case "industry":
                ids = [industry.pk for industry in self.industries if industry.slug in set(value)]
                through = Organization.industries.through.objects.filter(industry_id__in=ids)
                return Q(pk__in=through.values("organization_id"))
            case "standard":
                return Q(pk__in=Accreditation.objects.filter(standard__in=value).values("organization_id"))
            case "park":
                return Q(park__in=Organization.objects.filter(slug__in=value).values("pk"))
            case "verified":
                return Q(is_verified=True) if value else None
        return None  # sort: the order is applied last, by `ordered()`

    @cached_property
    def conditions(self) -> dict[str, Q]:
        """The condition of every filter in use, by name; built once, shared by the list and the facets."""
        conditions = {}
        for name, value in self.cleaned.items():
            if value not in EMPTY and (condition := self.condition(name, value)) is not None:
                conditions[name] = condition
        return conditions

    # --- what the selector asks ------------------------------------------------------------------------

    @property
    def cleaned(self) -> dict:
        self.errors  # noqa: B018 (validates the form once)
        return getattr(self.form, "cleaned_data", {})

    @property
    def query_text(self) -> str:
        return search.clean_query(self.cleaned.get("q"))

    @property
    def sort_order(self) -> str:
        chosen = self.cleaned.get("sort")
        if chosen == Sort.RELEVANCE and not self.query_text:
            return Sort.NAME
        return chosen or (Sort.RELEVANCE if self.query_text else Sort.NAME)

    def filtered(self, queryset=None, *, exclude=()):
        """The queryset with every valid filter applied except those named in `exclude`."""
        queryset = self.queryset if queryset is None else queryset
        return queryset.filter(*(condition for name, condition in self.conditions.items() if name not in exclude))

    def ordered(self, queryset):
        if self.sort_order == Sort.RELEVANCE:  # `filtered()` has already matched the words
            return search.ranked(queryset, self.query_text).order_by("-rank", "-is_verified", "pk")
        if self.sort_order == Sort.NEWEST:
            return queryset.order_by("-created", "pk")
        return queryset.order_by(F("is_verified").desc(), localized_name_order(), "pk")

    def counts(self) -> tuple[int, int]:
        """(organizations in the list, verified ones among them if "verified only" were ticked): one query."""
        return self._totals(self._count_together(["verified"])["verified"])

    def count_facets(self) -> FacetCounts:
        """Every number of the sidebar, each facet counted with every other filter applied, in a fixed
        number of queries whatever the data: one or four for the organization's own columns, one each
        for industries and standards, two for parks."""
        if "q" in self.conditions:
            # Every count reads the rows matching the words from the table: one pass reads them once.
            passes = [tuple(self.COLUMNS)]
        else:
            # One pass per column, narrowed by every other filter and answered from the column's index
            # when nothing narrows it (an index-only scan). A pass over several columns would read more
            # rows (it leaves out the filters of all of them), and from the table.
            passes = [(name,) for name in self.COLUMNS]
        values = {}
        for names in passes:
            values.update(self._count_together(names))
        total, verified_total = self._totals(values.pop("verified"))
        values = {name: dict(counts) for name, counts in values.items()}
        values["industry"] = self._count_industries()
        values["standard"] = self._count_standards()
        return FacetCounts(total, verified_total, values, self._count_parks())

    def _others(self, *names):
        """Every organization that passes the filters in use except those named, in no order."""
        return self.filtered(Organization.objects.all(), exclude=names).order_by()

    def _members_except(self, name):
        """The organizations a facet counts in, as a subquery; None when no other filter narrows them."""
        return self._others(name).values("pk") if set(self.conditions) - {name} else None

    def _chosen(self, name) -> set[str]:
        return {str(value) for value in self.cleaned.get(name) or ()}

    def _count_together(self, names) -> dict[str, Counter]:
        """Count the filters `names`, on columns of the organization, in one grouped query.

        The query applies every other filter; theirs are applied here, to the groups (a few hundred at
        most). Each facet ignores its own filter, so a group that passes all of `names` counts in every
        facet, one that fails a single filter counts in that filter's facet only, any other in none.
        """
        chosen = {name: self._chosen(name) for name in ("kind", "okrug", "capability")}
        keeps = {  # whether a filter in use keeps a group's value: as `condition()` does in SQL
            "kind": lambda kind: kind in chosen["kind"],
            "okrug": lambda okrug: okrug in chosen["okrug"],
            "capability": lambda capabilities: not chosen["capability"].isdisjoint(capabilities),
            "verified": lambda is_verified: is_verified,
        }
        counts = {name: Counter() for name in names}
        rows = self._others(*names).values_list(*(self.COLUMNS[name] for name in names)).annotate(n=Count("*"))
        for *group, n in rows:
            group = dict(zip(names, group, strict=True))
            failed = {name for name in names if name in self.conditions and not keeps[name](group[name])}
            for name in names:
                if failed <= {name}:
                    for value in group[name] if name == "capability" else [group[name]]:
                        counts[name][value] += n
        return counts

    def _totals(self, by_verified: Counter) -> tuple[int, int]:
        """The list's total and the "verified only" box's count, from the organizations that pass every
        other filter counted by whether they are verified."""
        if "verified" in self.conditions:
            return by_verified[True], by_verified[True]
        return by_verified[True] + by_verified[False], by_verified[True]

    def _count_industries(self) -> dict[str, int]:
        through = Organization.industries.through.objects.order_by()
        if (members := self._members_except("industry")) is None:
            # Nothing narrows the organizations: a count per industry, each read from its own stretch of
            # the link table's industry index (index-only), costs half of grouping the whole table.
            linked = through.filter(industry=OuterRef("pk")).values("industry").annotate(n=Count("*")).values("n")
            by_id = dict(Industry.objects.order_by().values_list("pk").annotate(n=Coalesce(Subquery(linked), 0)))
        else:
            by_id = dict(through.filter(organization_id__in=members).values_list("industry_id").annotate(n=Count("*")))
        return {industry.slug: by_id.get(industry.pk, 0) for industry in self.industries}

    def _count_standards(self) -> dict[str, int]:
        accredited = Accreditation.objects.order_by()
        if (members := self._members_except("standard")) is not None:
            accredited = accredited.filter(organization_id__in=members)
        return dict(accredited.values_list("standard").annotate(n=Count("*")))

    def _count_parks(self) -> list[tuple[str, str, int]]:
        """Thousands of parks: the chosen ones and the biggest, counted on the park column alone
        (an index-only scan), then named in a second, tiny query."""
        chosen_slugs = self._chosen("park")
        order = ["-n", "park_id"]
        # Chosen parks first, when there are any: with none, Django compiles the CASE to the constant 1,
        # and "ORDER BY 1" sorts by the first column, the park's id, instead of the biggest first.
        if chosen_slugs:
            chosen_ids = Organization.objects.filter(slug__in=chosen_slugs).values("pk")
            order.insert(0, Case(When(park_id__in=chosen_ids, then=0), default=1, output_field=IntegerField()))
        residents = self._others("park").filter(park__isnull=False).values_list("park_id").annotate(n=Count("*"))
        rows = list(residents.order_by(*order)[: PARK_FACET_SIZE + len(chosen_slugs)])
        parks = Organization.objects.filter(pk__in=[park_id for park_id, _ in rows] or [0]).only(
            "slug", "name_ru", "name_en"
        )
        parks = {park.pk: park for park in parks}
        return [(parks[park_id].slug, parks[park_id].name, n) for park_id, n in rows if park_id in parks]

    def facets(self, counts: FacetCounts) -> list[Facet]:
        """The sidebar's facets for `counts`: labels in the active language and what is ticked (no query)."""

        def choice_facet(name, choices):
            chosen, numbers = self._chosen(name), counts.values[name]
            options = [FacetOption(value, label, numbers.get(value, 0), value in chosen) for value, label in choices]
            return Facet(name, self.filters[name].label, options)

        industries = [(i.slug, i.name) for i in sorted(self.industries, key=lambda i: i.name)]
        choices = {
            "kind": Organization.Kind.choices,
            "capability": Capability.choices,
            "industry": industries,
            "standard": Accreditation.Standard.choices,
            "okrug": Okrug.choices,
        }
        facets = {name: choice_facet(name, choices[name]) for name in choices}

        chosen_parks = self._chosen("park")
        parks = [FacetOption(slug, name, n, slug in chosen_parks) for slug, name, n in counts.parks]
        # A chosen park with no resident under the other filters still shows, so it can be unticked.
        shown = {option.value for option in parks}
        parks += [FacetOption(slug, slug, 0, True) for slug in sorted(chosen_parks - shown)]
        facets["park"] = Facet("park", self.filters["park"].label, parks)
        return [facets[name] for name in self.FACETS]

    @property
    def active(self) -> bool:
        return any(value not in EMPTY for name, value in self.cleaned.items() if name != "sort")
