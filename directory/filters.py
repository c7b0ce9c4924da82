"""The directory's filters: one FilterSet reads the whole state of the list from the URL.

Facet counts follow the usual rule of faceted search: the count beside a value says how many
organizations the list would show if that value were ticked too, so each facet is counted with every
*other* filter applied. That is one grouped query per facet, whatever the data size.
"""

from dataclasses import dataclass, field

import django_filters
from django import forms
from django.core.validators import validate_slug
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory import search
from directory.models import Accreditation, Capability, Industry, Okrug, Organization

PARK_FACET_SIZE = 12
MAX_VALUES = 20  # per multi-value parameter: enough for any person, a limit for robots


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


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)

    @property
    def selected_count(self) -> int:
        return sum(option.selected for option in self.options)


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, service or industry")}),
    )
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"),
        choices=Organization.Kind.choices,
        method="filter_in",
        widget=forms.CheckboxSelectMultiple,
    )
    okrug = django_filters.MultipleChoiceFilter(
        label=_("Okrug"), choices=Okrug.choices, method="filter_in", widget=forms.CheckboxSelectMultiple
    )
    capability = django_filters.MultipleChoiceFilter(
        label=_("Capability"),
        choices=Capability.choices,
        method="filter_capability",
        widget=forms.CheckboxSelectMultiple,
    )
    industry = django_filters.MultipleChoiceFilter(
        label=_("Industry"), choices=[], method="filter_industry", widget=forms.CheckboxSelectMultiple
    )
    standard = django_filters.MultipleChoiceFilter(
        label=_("Accreditation"),
        choices=Accreditation.Standard.choices,
        method="filter_standard",
        widget=forms.CheckboxSelectMultiple,
    )
    park = SlugListFilter(label=_("Resident of"), method="filter_park")
    verified = CheckboxFilter(label=_("Verified only"), method="filter_verified")
    sort = django_filters.ChoiceFilter(label=_("Sort"), choices=Sort.CHOICES, method="filter_nothing", empty_label=None)

    # Facets in the order the sidebar shows them.
    FACETS = ("kind", "capability", "industry", "standard", "okrug", "park")

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

    def filter_q(self, queryset, name, value):
        text = search.clean_query(value)
        return queryset.filter(search_vector=search.search_query(text)) if text else queryset

    def filter_in(self, queryset, name, value):
        return queryset.filter(**{f"{name}__in": value})

    def filter_capability(self, queryset, name, value):
        return queryset.filter(capabilities__overlap=list(value))

    def filter_industry(self, queryset, name, value):
        ids = [industry.pk for industry in self.industries if industry.slug in set(value)]
        through = Organization.industries.through.objects.filter(industry_id__in=ids)
        return queryset.filter(pk__in=through.values("organization_id"))

    def filter_standard(self, queryset, name, value):
        accredited = Accreditation.objects.filter(standard__in=value)
        return queryset.filter(pk__in=accredited.values("organization_id"))

    def filter_park(self, queryset, name, value):
        return queryset.filter(park__in=Organization.objects.filter(slug__in=value).values("pk"))

    def filter_verified(self, queryset, name, value):
        return queryset.filter(is_verified=True) if value else queryset

    def filter_nothing(self, queryset, name, value):
        return queryset  # the order is applied last, by `ordered()`

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
        queryset = (self.queryset if queryset is None else queryset).all()
        for name, value in self.cleaned.items():
            if name not in exclude:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def ordered(self, queryset):
        if self.sort_order == Sort.RELEVANCE:  # `filtered()` has already matched the words
            return search.ranked(queryset, self.query_text).order_by("-rank", "-is_verified", "pk")
        if self.sort_order == Sort.NEWEST:
            return queryset.order_by("-created", "pk")
        return queryset.order_by(F("is_verified").desc(), localized_name_order(), "pk")

    def counts(self) -> tuple[int, int]:
        """(organizations in the list, verified ones among them if "verified only" were ticked): one query."""
        base = self.filtered(Organization.objects.all(), exclude={"verified", "sort"}).order_by()
        row = base.aggregate(every=Count("*"), verified=Count("is_verified", filter=Q(is_verified=True)))
        total = row["verified"] if self.cleaned.get("verified") else row["every"]
        return total, row["verified"]

    def _narrowed_by_others(self, name) -> bool:
        return any(
            value not in (None, "", [], False) for other, value in self.cleaned.items() if other not in (name, "sort")
        )

    def facets(self) -> list[Facet]:
        """One grouped query per facet (two for parks), each counted with every other filter applied.

        COUNT(*) over indexed columns lets PostgreSQL answer from the indexes alone where it can.
        """
        cleaned = self.cleaned

        def base(name):
            return self.filtered(Organization.objects.all(), exclude={name, "sort"}).order_by()

        def selected(name):
            return {str(value) for value in cleaned.get(name) or ()}

        def choice_facet(name, choices, counts):
            chosen = selected(name)
            return Facet(
                name,
                self.filters[name].label,
                [FacetOption(value, label, counts.get(value, 0), value in chosen) for value, label in choices],
            )

        def members_of(name):
            """The organizations the facet counts in, as a subquery (None when nothing narrows them)."""
            return base(name).values("pk") if self._narrowed_by_others(name) else None

        facets = {}
        for name in ("kind", "okrug"):
            rows = base(name).values(name).annotate(n=Count("*"))
            facets[name] = choice_facet(name, self.filters[name].extra["choices"], {r[name]: r["n"] for r in rows})

        # Few distinct sets of capabilities exist: group by the set, then add up per capability.
        capability_counts = dict.fromkeys(Capability.values, 0)
        for row in base("capability").values("capabilities").annotate(n=Count("*")):
            for value in row["capabilities"] or ():
                if value in capability_counts:
                    capability_counts[value] += row["n"]
        facets["capability"] = choice_facet("capability", Capability.choices, capability_counts)

        through = Organization.industries.through.objects.all()
        if (members := members_of("industry")) is not None:
            through = through.filter(organization_id__in=members)
        by_id = {r["industry_id"]: r["n"] for r in through.values("industry_id").annotate(n=Count("*")).order_by()}
        facets["industry"] = choice_facet(
            "industry",
            [(i.slug, i.name) for i in sorted(self.industries, key=lambda i: i.name)],
            {i.slug: by_id.get(i.pk, 0) for i in self.industries},
        )

        accredited = Accreditation.objects.all()
        if (members := members_of("standard")) is not None:
            accredited = accredited.filter(organization_id__in=members)
        rows = accredited.values("standard").annotate(n=Count("*")).order_by()
        facets["standard"] = choice_facet(
            "standard", Accreditation.Standard.choices, {r["standard"]: r["n"] for r in rows}
        )

        facets["park"] = self._park_facet(base("park"), selected("park"))
        return [facets[name] for name in self.FACETS]

    def _park_facet(self, base, chosen_slugs) -> Facet:
        """Thousands of parks: the chosen ones and the biggest, counted on the park column alone
        (an index-only scan), then named in a second, tiny query."""
        chosen_ids = Organization.objects.filter(slug__in=chosen_slugs).values("pk")
        rows = list(
            base.filter(park__isnull=False)
            .values("park_id")
            .annotate(n=Count("*"))
            .order_by(
                Case(When(park_id__in=chosen_ids, then=0), default=1, output_field=IntegerField()),
                "-n",
                "park_id",
            )[: PARK_FACET_SIZE + len(chosen_slugs)]
        )
        parks = Organization.objects.filter(pk__in=[r["park_id"] for r in rows] or [0]).only(
            "slug", "name_ru", "name_en"
        )
        parks = {park.pk: park for park in parks}
        options = [
            FacetOption(
                parks[r["park_id"]].slug, parks[r["park_id"]].name, r["n"], parks[r["park_id"]].slug in chosen_slugs
            )
            for r in rows
            if r["park_id"] in parks
        ]
        # A chosen park with no resident under the other filters still shows, so it can be unticked.
        shown = {option.value for option in options}
        options += [FacetOption(slug, slug, 0, True) for slug in sorted(chosen_slugs - shown)]
        return Facet("park", self.filters["park"].label, options)

    @property
    def active(self) -> bool:
        return any(value not in (None, "", [], False) for name, value in self.cleaned.items() if name != "sort")
