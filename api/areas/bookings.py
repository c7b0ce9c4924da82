"""Spaces and equipment: resources that take bookings and the equipment catalogue, public details only.

Bookings, weekly series, their history, calendar feed tokens, opening-hour internals beyond the week's
hours, equipment requests (public or private), offers and conversations never appear here.
"""

import datetime
from decimal import Decimal
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
    Window,
    query_dict,
    ref,
    require_valid,
)
from api.common import page_of as page_schema
from api.sitemaps import PortalSitemap
from bookings.equipment import selectors as equipment_selectors
from bookings.equipment.models import Category, EquipmentItem, EquipmentPriceUnit
from bookings.models import Amenity, PriceUnit, Resource, ResourceKind
from directory.models import Accreditation, Okrug

router = Router(tags=["Spaces and equipment"])

SPACE_KINDS = tuple(value for value in ResourceKind.values if value != ResourceKind.EQUIPMENT)
KindCode = Literal[SPACE_KINDS]
OkrugCode = Literal[tuple(Okrug.values)]
AmenityCode = Literal[tuple(Amenity.values)]
PriceUnitCode = Literal[tuple(PriceUnit.values)]
EquipmentPriceUnitCode = Literal[tuple(EquipmentPriceUnit.values)]
StandardCode = Literal[tuple(Accreditation.Standard.values)]

VOCABULARIES = {
    "resource_kind": ResourceKind,
    "resource_price_unit": PriceUnit,
    "amenity": Amenity,
    "equipment_price_unit": EquipmentPriceUnit,
}
ID_PATTERN = r"^[1-9][0-9]{0,17}$"


# --- Schemas -----------------------------------------------------------------------------------------


class HoursOut(Schema):
    weekday: int = Field(..., description="0 is Monday, 6 is Sunday.")
    opens: str = Field(..., description="HH:MM, Moscow time.")
    closes: str = Field(..., description="HH:MM, Moscow time.")


class SpaceOut(Schema):
    id: int
    kind: KindCode
    name_ru: str
    name_en: str
    description_ru: str
    description_en: str
    capacity: int
    amenities: list[AmenityCode]
    price_unit: PriceUnitCode
    price: Decimal | None = Field(..., description="Roubles per unit; null when free of charge.")
    okrug: OkrugCode | None
    organization: Ref = Field(..., description="The owner.")
    opening_hours: list[HoursOut]
    url: str
    url_en: str
    updated: datetime.datetime


class SpecificationOut(Schema):
    name: str
    value: str
    unit: str


class CategoryOut(Schema):
    slug: str
    name_ru: str
    name_en: str
    parent: str | None = Field(..., description="The parent category's slug.")


class EquipmentOut(Schema):
    id: int = Field(..., description="Also the id of the resource that is booked.")
    name_ru: str
    name_en: str
    description_ru: str
    description_en: str
    category: CategoryOut
    manufacturer: str
    model: str
    specifications: list[SpecificationOut]
    price: Decimal | None = Field(..., description="Roubles per unit; null when by agreement.")
    price_unit: EquipmentPriceUnitCode
    with_operator: bool
    time_bookable: bool = Field(..., description="Booked by the hour in the calendar; otherwise agreed as a deal.")
    minimum_order: str
    lead_days: int
    accreditation: StandardCode | None
    okrug: OkrugCode | None
    organization: Ref = Field(..., description="The owner.")
    url: str
    url_en: str
    updated: datetime.datetime


SpacePage = page_schema(SpaceOut, "SpacePage")
EquipmentPage = page_schema(EquipmentOut, "EquipmentPage")


class SpaceParams(Schema):
    kind: KindCode | None = None
    okrug: OkrugCode | None = None


class EquipmentParams(Schema):
    q: str | None = Field(None, max_length=200, pattern=TEXT_PATTERN, description="Words in Russian or English.")
    category: str | None = Field(
        None, max_length=60, pattern=SLUG_PATTERN, description="A category's slug; its subcategories are included."
    )
    okrug: OkrugCode | None = None
    with_operator: bool = Field(False, description="Only equipment offered with an operator.")
    accredited: bool = Field(False, description="Only accredited laboratories' equipment.")
    price_max: Decimal | None = Field(None, ge=0, description="Price up to, roubles.")


# --- Spaces ------------------------------------------------------------------------------------------


def space_links():
    return PageLinks("bookings:resource", "pk", numeric=True)


def space_out(resource: Resource, links: PageLinks) -> dict:
    return {
        "id": resource.pk,
        "kind": resource.kind,
        "name_ru": resource.name_ru,
        "name_en": resource.name_en,
        "description_ru": resource.description_ru,
        "description_en": resource.description_en,
        "capacity": resource.capacity,
        "amenities": [value for value in resource.amenities if value in Amenity.values],
        "price_unit": resource.price_unit,
        "price": resource.price,
        "okrug": resource.organization.okrug or None,
        "organization": ref(resource.organization),
        "opening_hours": [
            {"weekday": h.weekday, "opens": f"{h.opens:%H:%M}", "closes": f"{h.closes:%H:%M}"}
            for h in resource.opening_hours.all()
        ],
        "updated": resource.updated,
        **links.both(resource.pk),
    }


def _spaces():
    return (
        Resource.objects.filter(is_active=True, kind__in=SPACE_KINDS)
        .select_related("organization")
        .prefetch_related("opening_hours")
        .defer("feed_token")
        .order_by("pk")
    )


@router.get(
    "/spaces",
    response={200: SpacePage, **LIST_RESPONSES},
    summary="Spaces taking bookings",
    description="Desks, rooms, offices, halls and labs that take bookings; machines are under /equipment.",
    url_name="spaces",
)
def space_list(request, filters: Query[SpaceParams], paging: Query[PageParams]):
    rows = _spaces()
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.okrug:
        rows = rows.filter(organization__okrug=filters.okrug)
    window = Window(paging.page, paging.page_size, rows.count())
    page = list(rows[window.offset : window.offset + window.page_size]) if window.offset < window.count else []
    links = space_links()
    return window.envelope(request, [space_out(row, links) for row in page])


@router.get(
    "/spaces/{space_id}",
    response={200: SpaceOut, **DETAIL_RESPONSES},
    summary="A space taking bookings",
    url_name="space",
)
def space_detail(request, space_id: Annotated[str, Field(pattern=ID_PATTERN, description="A resource id.")]):
    resource = _spaces().filter(pk=int(space_id)).first()
    if resource is None:
        raise Http404
    return space_out(resource, space_links())


# --- Equipment ---------------------------------------------------------------------------------------


def equipment_links():
    return PageLinks("bookings:equipment:item", "pk", numeric=True)


def equipment_out(item: EquipmentItem, links: PageLinks) -> dict:
    category = item.category
    return {
        "id": item.pk,
        "name_ru": item.resource.name_ru,
        "name_en": item.resource.name_en,
        "description_ru": item.resource.description_ru,
        "description_en": item.resource.description_en,
        "category": {
            "slug": category.slug,
            "name_ru": category.name_ru,
            "name_en": category.name_en,
            "parent": category.parent.slug if category.parent else None,
        },
        "manufacturer": item.manufacturer,
        "model": item.model_name,
        "specifications": [{"name": s.name, "value": s.value, "unit": s.unit} for s in item.specifications.all()],
        "price": item.price,
        "price_unit": item.price_unit,
        "with_operator": item.with_operator,
        "time_bookable": item.time_bookable,
        "minimum_order": item.minimum_order,
        "lead_days": item.lead_days,
        "accreditation": item.accreditation or None,
        "okrug": item.okrug or None,
        "organization": ref(item.organization),
        "updated": item.updated,
        **links.both(item.pk),
    }


def _equipment(queryset):
    return queryset.select_related("resource", "organization", "category__parent").prefetch_related("specifications")


@router.get(
    "/equipment",
    response={200: EquipmentPage, **LIST_RESPONSES},
    summary="Equipment to share",
    description="Listed equipment with its specifications and terms, filtered as on the catalogue page.",
    url_name="equipment",
)
def equipment_list(request, filters: Query[EquipmentParams], paging: Query[PageParams]):
    values = filters.dict()
    if values.get("category"):
        pk = Category.objects.filter(slug=values["category"]).values_list("pk", flat=True).first()
        values["category"] = pk or -1  # an unknown slug is refused by the filter: a 422 naming it
    filterset = equipment_selectors.item_search(query_dict(values))
    require_valid(filterset)
    rows = filterset.qs
    window = Window(paging.page, paging.page_size, rows.count())
    page = (
        list(_equipment(rows.defer(None))[window.offset : window.offset + window.page_size])
        if window.offset < window.count
        else []
    )
    links = equipment_links()
    return window.envelope(request, [equipment_out(row, links) for row in page])


@router.get(
    "/equipment/{item_id}",
    response={200: EquipmentOut, **DETAIL_RESPONSES},
    summary="A piece of equipment",
    url_name="equipment_item",
)
def equipment_detail(request, item_id: Annotated[str, Field(pattern=ID_PATTERN, description="An item id.")]):
    item = _equipment(EquipmentItem.objects.filter(is_active=True, pk=int(item_id))).first()
    if item is None:
        raise Http404
    return equipment_out(item, equipment_links())


# --- Sitemap -----------------------------------------------------------------------------------------


class SpaceSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Resource.objects.filter(is_active=True, kind__in=SPACE_KINDS).order_by("pk").only("pk", "updated")

    def location(self, item):
        from django.urls import reverse

        return reverse("bookings:resource", kwargs={"pk": item.pk})

    def lastmod(self, item):
        return item.updated


class EquipmentSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return EquipmentItem.objects.filter(is_active=True).order_by("pk").only("pk", "updated")

    def lastmod(self, item):
        return item.updated


SITEMAPS = {"spaces": SpaceSitemap, "equipment": EquipmentSitemap}
STATIC_PAGES = ["bookings:index", "bookings:equipment:catalogue"]
