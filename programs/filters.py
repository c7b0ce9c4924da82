import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Industry, Okrug
from programs.models import ClusterParticipant, Measure


def text_query(value: str):
    """Russian word forms and English stems both match."""
    return SearchQuery(value, config="russian", search_type="websearch") | SearchQuery(
        value, config="english", search_type="websearch"
    )


class MeasureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Words"), method="filter_text")
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind of support"), choices=Measure.Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    industry = django_filters.ModelChoiceFilter(
        label=_("Industry"),
        queryset=Industry.objects.order_by("name_ru"),
        to_field_name="slug",
        method="filter_industry",
        empty_label=_("Any industry"),
    )
    okrug = django_filters.ChoiceFilter(
        label=_("Okrug"), choices=Okrug.choices, method="filter_okrug", empty_label=_("All of Moscow")
    )
    accepting = django_filters.BooleanFilter(
        label=_("Accepting applications now"), method="filter_accepting", widget=forms.CheckboxInput
    )

    class Meta:
        model = Measure
        fields = ["q", "kind", "industry", "okrug", "accepting"]

    def filter_text(self, queryset, name, value):
        if not value.strip():
            return queryset
        query = text_query(value)
        return queryset.filter(search=query).annotate(rank=SearchRank(F("search"), query)).order_by("-rank", "title_ru")

    def filter_industry(self, queryset, name, value):
        # Measures for this industry and those open to every industry.
        with_industry = Measure.industries.through.objects.filter(industry=value).values("measure_id")
        without_any = Measure.industries.through.objects.values("measure_id")
        return queryset.filter(Q(pk__in=with_industry) | ~Q(pk__in=without_any))

    def filter_okrug(self, queryset, name, value):
        return queryset.filter(Q(okrugs__contains=[value]) | Q(okrugs=[]))

    def filter_accepting(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        return queryset.filter(Q(opens_on__isnull=True) | Q(opens_on__lte=today)).filter(
            Q(deadline__isnull=True) | Q(deadline__gte=today)
        )


class ParticipantFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=ClusterParticipant.Role.choices, empty_label=_("Any role")
    )
    industry = django_filters.ChoiceFilter(
        label=_("Industry"), choices=[], method="filter_industry", empty_label=_("Any industry")
    )
    okrug = django_filters.ChoiceFilter(label=_("Okrug"), choices=Okrug.choices, empty_label=_("All of Moscow"))

    class Meta:
        model = ClusterParticipant
        fields = ["role", "industry", "okrug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One query gives the choices and the ids to filter on (industry_id uses its index; no join).
        industries = list(Industry.objects.order_by("name_ru"))
        self.industry_ids = {industry.slug: industry.pk for industry in industries}
        self.filters["industry"].extra["choices"] = [(industry.slug, industry.name) for industry in industries]

    def filter_industry(self, queryset, name, value):
        return queryset.filter(industry_id=self.industry_ids[value])
