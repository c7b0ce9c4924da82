"""The equipment catalogue's and the requests list's filters."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from bookings.equipment.models import Category, EquipmentItem, EquipmentRequest
from directory import search
from directory.models import Okrug


def category_choices():
    """The tree, flattened with children indented under their parent."""
    rows = list(Category.objects.order_by("position", "pk").values("pk", "parent_id", "name_ru", "name_en"))
    from imoscow.i18n import localized_field

    key = localized_field("name")
    return [(row["pk"], ("— " if row["parent_id"] else "") + (row[key] or row["name_ru"])) for row in rows]


def with_descendants(category_pk) -> list[int]:
    """The category and everything below it (the tree is small: one query, walked in Python)."""
    edges = list(Category.objects.values_list("pk", "parent_id"))
    wanted = {int(category_pk)}
    grew = True
    while grew:
        before = len(wanted)
        wanted |= {pk for pk, parent in edges if parent in wanted}
        grew = len(wanted) > before
    return sorted(wanted)


class EquipmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    category = django_filters.TypedChoiceFilter(
        label=_("Category"), choices=category_choices, coerce=int, method="filter_category"
    )
    okrug = django_filters.ChoiceFilter(label=_("Okrug"), choices=Okrug.choices)
    with_operator = django_filters.BooleanFilter(
        label=_("With an operator"), widget=forms.CheckboxInput, method="filter_true"
    )
    accredited = django_filters.BooleanFilter(
        label=_("Accredited laboratory"), widget=forms.CheckboxInput, method="filter_accredited"
    )
    price_max = django_filters.NumberFilter(label=_("Price up to, roubles"), field_name="price", lookup_expr="lte")

    class Meta:
        model = EquipmentItem
        fields = []

    def filter_q(self, queryset, name, value):
        text = search.clean_query(value)
        if not text:
            return queryset
        return search.ranked(queryset.filter(search_vector=search.search_query(text)), text).order_by("-rank", "-pk")

    def filter_category(self, queryset, name, value):
        return queryset.filter(category__in=with_descendants(value)) if value else queryset

    def filter_true(self, queryset, name, value):
        return queryset.filter(**{name: True}) if value else queryset

    def filter_accredited(self, queryset, name, value):
        return queryset.exclude(accreditation="") if value else queryset


class RequestFilter(django_filters.FilterSet):
    category = django_filters.TypedChoiceFilter(
        label=_("Category"), choices=category_choices, coerce=int, method="filter_category"
    )
    okrug = django_filters.ChoiceFilter(label=_("Okrug"), choices=Okrug.choices)

    class Meta:
        model = EquipmentRequest
        fields = []

    def filter_category(self, queryset, name, value):
        return queryset.filter(category__in=with_descendants(value)) if value else queryset
