"""Read-side queries of the equipment pages."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Window
from django.db.models.functions import Lower
from django.utils import timezone

from bookings.equipment.filters import EquipmentFilter, RequestFilter
from bookings.equipment.models import (
    Category,
    EquipmentItem,
    EquipmentRequest,
    Offer,
    RequestStatus,
    RequestVisibility,
    Specification,
    ThreadMessage,
)
from bookings.equipment.permissions import is_requester, is_verified_owner
from bookings.selectors import utilization

CARD_FIELDS = (
    "resource__name_ru",
    "resource__name_en",
    "resource__kind",
    "organization__slug",
    "organization__name_ru",
    "organization__name_en",
    "category__name_ru",
    "category__name_en",
    "manufacturer",
    "model_name",
    "with_operator",
    "time_bookable",
    "price",
    "price_unit",
    "accreditation",
    "okrug",
    "lead_days",
    "minimum_order",
)


def item_list():
    return (
        EquipmentItem.objects.filter(is_active=True)
        .select_related("resource", "organization", "category")
        .only(*CARD_FIELDS)
        .order_by("-created", "-pk")
    )


def item_search(data) -> EquipmentFilter:
    return EquipmentFilter(data, queryset=item_list())


def item_for_page(pk: int) -> EquipmentItem:
    return (
        EquipmentItem.objects.select_related("resource__organization", "category__parent")
        .prefetch_related("specifications", "resource__photos", "resource__opening_hours")
        .get(pk=pk)
    )


def items_of(organization, *, active_only=True):
    items = EquipmentItem.objects.filter(organization=organization).select_related("resource", "category")
    if active_only:
        items = items.filter(is_active=True)
    return items.order_by("resource__name_ru", "pk")


def categories():
    return list(Category.objects.select_related("parent").order_by("position", "pk"))


# --- Requests ---------------------------------------------------------------------------------------------


def visible_requests(user):
    """Requests this person may see: public ones, and the private ones to verified owners and staff."""
    requests = EquipmentRequest.objects.select_related("category", "organization")
    if user.is_authenticated and (user.is_staff or is_verified_owner(user)):
        return requests
    public = Q(visibility=RequestVisibility.PUBLIC)
    if user.is_authenticated:
        public |= Q(author=user) | Q(organization__memberships__user=user)
    return requests.filter(public).distinct() if user.is_authenticated else requests.filter(public)


def open_requests(user, data=None) -> RequestFilter:
    queryset = visible_requests(user).filter(status=RequestStatus.OPEN).order_by("-created", "-pk")
    return RequestFilter(data, queryset=queryset)


def requests_of_user(user):
    return (
        EquipmentRequest.objects.filter(Q(author=user) | Q(organization__memberships__user=user))
        .distinct()
        .select_related("category")
        .order_by("-created", "-pk")
    )


def request_for_page(pk: int) -> EquipmentRequest:
    return EquipmentRequest.objects.select_related("category", "organization", "author").get(pk=pk)


def offers_for(equipment_request, user, *, managed_org_ids=()):
    """The requester side sees every offer; an owner only its own organizations' offers; staff all."""
    offers = Offer.objects.filter(request=equipment_request).select_related(
        "item__resource", "organization", "author", "booking"
    )
    if user.is_authenticated and (user.is_staff or is_requester(equipment_request, user)):
        return offers
    return offers.filter(organization_id__in=list(managed_org_ids))


def thread(equipment_request, organization):
    return ThreadMessage.objects.filter(request=equipment_request, organization=organization).select_related("author")


def accepted_offer(equipment_request, organization):
    return Offer.objects.filter(
        request=equipment_request, organization=organization, status=Offer.Status.ACCEPTED
    ).first()


# --- Matching: which open requests an owner's items could serve ----------------------------------------


def matching_requests(organization, user, *, since=None):
    """Open requests (visible to `user`) whose category is the category of one of the owner's listed items or
    an ancestor of it, and, when they name a key parameter, one of those items lists it.

    One query: the matching is an EXISTS against the owner's items (few rows, indexed by owner)."""
    items = EquipmentItem.objects.filter(organization=organization, is_active=True)
    item_categories = set(items.values_list("category_id", flat=True))
    # A request for "CNC machining" matches a milling machine: the request's category is the item's or above it.
    parents = dict(Category.objects.values_list("pk", "parent_id"))
    wanted = set()
    for pk in item_categories:
        while pk is not None and pk not in wanted:
            wanted.add(pk)
            pk = parents.get(pk)
    # Compared as lower(name), as the index holds it.
    spec_match = Exists(
        Specification.objects.annotate(lname=Lower("name")).filter(
            item__organization=organization, item__is_active=True, lname=Lower(OuterRef("spec_name"))
        )
    )
    queryset = (
        visible_requests(user)
        .filter(status=RequestStatus.OPEN, category__in=sorted(wanted))
        .exclude(organization=organization)
        .filter(Q(spec_name="") | spec_match)
        .order_by("-created", "-pk")
    )
    if since is not None:
        queryset = queryset.filter(created__gt=since)
    return queryset


@dataclass
class ItemUse:
    item: EquipmentItem
    percent_30: int
    percent_90: int

    @property
    def idle(self) -> bool:
        return self.percent_30 < IDLE_PERCENT


IDLE_PERCENT = 10


def underused(organization, *, now=None) -> list[ItemUse]:
    """Utilization of each listed item over 30 and 90 days (the bookings utilization selector), idle first."""
    now = now or timezone.now()
    items = {item.pk: item for item in items_of(organization)}
    by_30 = {row.resource.pk: row for row in utilization(organization, days=30, now=now) if row.resource.pk in items}
    by_90 = {row.resource.pk: row for row in utilization(organization, days=90, now=now) if row.resource.pk in items}
    rows = [
        ItemUse(
            item=item,
            percent_30=by_30[pk].percent if pk in by_30 else 0,
            percent_90=by_90[pk].percent if pk in by_90 else 0,
        )
        for pk, item in items.items()
    ]
    return sorted(rows, key=lambda row: (row.percent_30, row.item.resource.name_ru))


def digest_since(user) -> datetime.datetime | None:
    from bookings.equipment.models import DigestState

    return DigestState.objects.filter(user=user).values_list("sent_at", flat=True).first()


# --- Site search ----------------------------------------------------------------------------------------------


def search_equipment(query: str, limit: int):
    """The site search's equipment area: (hits, total), full-text in Russian and English."""
    from directory import search
    from directory.extensions import SearchHit

    text = search.clean_query(query)
    if not text:
        return [], 0
    found = EquipmentItem.objects.filter(is_active=True, search_vector=search.search_query(text))
    rows = search.ranked(found.select_related("resource", "organization", "category").only(*CARD_FIELDS), text)
    rows = list(rows.annotate(total=Window(Count("pk"))).order_by("-rank", "-pk")[:limit])  # one query
    hits = [
        SearchHit(
            title=item.resource.name,
            url=item.get_absolute_url(),
            summary=f"{item.organization.name} · {item.category.name}",
        )
        for item in rows
    ]
    return hits, rows[0].total if rows else 0


def search_spaces(query: str, limit: int):
    """The site search's spaces area: active rooms, desks, offices, halls and labs whose name has the words."""
    from bookings.models import Resource, ResourceKind
    from directory import search
    from directory.extensions import SearchHit

    text = search.clean_query(query)
    if not text:
        return [], 0
    found = Resource.objects.filter(is_active=True).exclude(kind=ResourceKind.EQUIPMENT)
    for word in text.split()[:5]:
        found = found.filter(Q(name_ru__icontains=word) | Q(name_en__icontains=word))
    rows = found.select_related("organization").only(
        "name_ru", "name_en", "kind", "organization__name_ru", "organization__name_en"
    )
    rows = list(rows.annotate(total=Window(Count("pk"))).order_by("name_ru", "pk")[:limit])  # one query
    hits = [
        SearchHit(
            title=resource.name,
            url=resource.get_absolute_url(),
            summary=f"{resource.organization.name} · {resource.kind_label}",
        )
        for resource in rows
    ]
    return hits, rows[0].total if rows else 0
