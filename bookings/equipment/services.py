"""Every change to equipment items, requests, offers and threads goes through these functions.

Accepting an offer locks the request row, then its offers (FOR UPDATE, ordered by pk), and checks the
states again after locking; two acceptances of offers on one request serialize on the request row, and
the partial unique index `eq_offer_one_accepted` is the last line of defence.
"""

import datetime
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings import services as booking_services
from bookings.equipment import notifications
from bookings.equipment.models import (
    DigestState,
    EquipmentItem,
    EquipmentRequest,
    Offer,
    OfferEvent,
    OfferStatus,
    RequestEvent,
    RequestStatus,
    Specification,
    ThreadMessage,
)
from bookings.equipment.permissions import can_see_request, can_use_thread, is_requester, require_manage_item
from bookings.models import ResourceKind
from bookings.permissions import MANAGE_ROLES
from directory.models import Membership, Organization
from directory.permissions import has_role
from imoscow.errors import DomainError


class EquipmentError(DomainError):
    pass


ITEM_FIELDS = (
    "category",
    "manufacturer",
    "model_name",
    "time_bookable",
    "with_operator",
    "price",
    "price_unit",
    "minimum_order",
    "lead_days",
    "accreditation",
    "is_active",
)


def _refresh_search_text(item: EquipmentItem) -> None:
    resource = item.resource
    specs = " ".join(f"{s.name} {s.value} {s.unit}" for s in item.specifications.all())
    item.search_text_ru = " ".join(filter(None, [resource.name_ru, resource.description_ru, specs]))
    item.search_text_en = " ".join(filter(None, [resource.name_en, resource.description_en, specs]))
    item.okrug = resource.organization.okrug
    item.save(update_fields=["search_text_ru", "search_text_en", "okrug", "updated"])


def _set_specifications(item: EquipmentItem, specifications) -> None:
    item.specifications.all().delete()
    Specification.objects.bulk_create(
        [
            Specification(item=item, name=name[:120], value=value[:120], unit=unit[:30], position=position)
            for position, (name, value, unit) in enumerate(specifications)
        ]
    )


def _apply_item_fields(item: EquipmentItem, fields: dict) -> None:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"not editable on the site: {sorted(unknown)}")
    for field, value in fields.items():
        setattr(item, field, value)
    if item.price_unit == EquipmentItem.PriceUnit.NEGOTIABLE:
        item.price = None
    elif not item.price:
        raise EquipmentError(_("Give the price, or choose “by agreement”."), field="price")


def _resource_fields(resource_fields: dict, item_fields: dict) -> dict:
    """The booking engine's fields of an item: always equipment, and an item taken out of the catalogue
    takes no bookings either (its resource stops too, so its calendar page cannot book it)."""
    resource_fields = {**resource_fields, "kind": ResourceKind.EQUIPMENT}
    if item_fields.get("is_active") is False:
        resource_fields["is_active"] = False
    return resource_fields


@transaction.atomic
def item_create(*, organization, user, resource_fields: dict, specifications=(), hours=None, **fields):
    """List a piece of equipment: a Resource of kind equipment (the booking engine's unit) plus its details."""
    resource = booking_services.resource_create(
        organization=organization, user=user, hours=hours, **_resource_fields(resource_fields, fields)
    )
    item = EquipmentItem(resource=resource, organization=organization)
    _apply_item_fields(item, fields)
    item.save()
    _set_specifications(item, specifications)
    _refresh_search_text(item)
    return item


@transaction.atomic
def item_update(*, item: EquipmentItem, user, resource_fields: dict, specifications=None, hours=None, **fields):
    require_manage_item(item, user)
    item = EquipmentItem.objects.select_for_update().select_related("resource__organization").get(pk=item.pk)
    booking_services.resource_update(
        resource=item.resource, user=user, hours=hours, **_resource_fields(resource_fields, fields)
    )
    item.resource.refresh_from_db()
    _apply_item_fields(item, fields)
    item.save()
    if specifications is not None:
        _set_specifications(item, specifications)
    _refresh_search_text(item)
    return item


# --- Requests ---------------------------------------------------------------------------------------------


def _request_event(equipment_request, *, actor, from_status, to_status, comment=""):
    RequestEvent.objects.create(
        request=equipment_request, actor=actor, from_status=from_status, to_status=to_status, comment=comment
    )


def _offer_event(offer, *, actor, from_status, to_status, comment=""):
    OfferEvent.objects.create(offer=offer, actor=actor, from_status=from_status, to_status=to_status, comment=comment)


@transaction.atomic
def request_create(*, user, organization=None, **fields) -> EquipmentRequest:
    if not user.is_authenticated:
        raise PermissionDenied
    if organization is not None and not Membership.objects.filter(user=user, organization=organization).exists():
        raise EquipmentError(
            _("You can post on behalf of an organization only when you are its member."), field="organization"
        )
    equipment_request = EquipmentRequest(author=user, organization=organization, **fields)
    if equipment_request.ends_on < equipment_request.starts_on:
        raise EquipmentError(_("The end date comes before the start date."), field="ends_on")
    equipment_request.full_clean()
    equipment_request.save()
    _request_event(equipment_request, actor=user, from_status="", to_status=RequestStatus.OPEN)
    return equipment_request


def _locked_request(equipment_request) -> EquipmentRequest:
    return EquipmentRequest.objects.select_for_update().get(pk=equipment_request.pk)


@transaction.atomic
def request_cancel(*, equipment_request, user, comment: str = "") -> EquipmentRequest:
    if not (is_requester(equipment_request, user) or user.is_staff):
        raise PermissionDenied
    equipment_request = _locked_request(equipment_request)
    if equipment_request.status != RequestStatus.OPEN:
        raise EquipmentError(_("Only an open request can be cancelled."))
    equipment_request.status = RequestStatus.CANCELLED
    equipment_request.save(update_fields=["status", "updated"])
    _request_event(
        equipment_request,
        actor=user,
        from_status=RequestStatus.OPEN,
        to_status=RequestStatus.CANCELLED,
        comment=comment,
    )
    declined = _decline_pending(equipment_request, actor=user, comment=_("The request was cancelled."))
    notifications.on_commit_declined(declined)
    return equipment_request


# --- Offers -----------------------------------------------------------------------------------------------


@transaction.atomic
def offer_create(*, equipment_request, item: EquipmentItem, user, price, starts_at, ends_at, message="") -> Offer:
    require_manage_item(item, user)
    if not can_see_request(equipment_request, user):
        raise PermissionDenied
    equipment_request = _locked_request(equipment_request)
    if equipment_request.status != RequestStatus.OPEN:
        raise EquipmentError(_("This request no longer takes offers."))
    if equipment_request.organization_id == item.organization_id or equipment_request.author_id == user.pk:
        raise EquipmentError(_("You cannot answer your own request."))
    if not item.is_active:
        raise EquipmentError(_("This equipment is not listed."), field="item")
    if ends_at <= starts_at:
        raise EquipmentError(_("The end comes before the start."), field="ends_at")
    if Offer.objects.filter(request=equipment_request, item=item, status=OfferStatus.PENDING).exists():
        raise EquipmentError(_("You have already offered this equipment for this request."), field="item")
    offer = Offer.objects.create(
        request=equipment_request,
        item=item,
        organization=item.organization,
        author=user,
        price=price,
        starts_at=starts_at,
        ends_at=ends_at,
        message=message.strip(),
    )
    _offer_event(offer, actor=user, from_status="", to_status=OfferStatus.PENDING)
    transaction.on_commit(partial(notifications.send_new_offer, offer.pk))
    return offer


@transaction.atomic
def offer_withdraw(*, offer: Offer, user) -> Offer:
    if not has_role(offer.organization, user, MANAGE_ROLES):
        raise PermissionDenied
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != OfferStatus.PENDING:
        raise EquipmentError(_("Only a pending offer can be withdrawn."))
    offer.status = OfferStatus.WITHDRAWN
    offer.save(update_fields=["status", "updated"])
    _offer_event(offer, actor=user, from_status=OfferStatus.PENDING, to_status=OfferStatus.WITHDRAWN)
    return offer


def _decline_pending(equipment_request, *, actor, comment, keep=None) -> list[int]:
    others = list(
        Offer.objects.select_for_update()
        .filter(request=equipment_request, status=OfferStatus.PENDING)
        .exclude(pk=keep.pk if keep else None)
        .order_by("pk")
    )
    for other in others:
        other.status = OfferStatus.DECLINED
        _offer_event(
            other, actor=actor, from_status=OfferStatus.PENDING, to_status=OfferStatus.DECLINED, comment=comment
        )
    Offer.objects.bulk_update(others, ["status"])
    return [other.pk for other in others]


@transaction.atomic
def offer_accept(*, offer: Offer, user) -> Offer:
    """The requester takes one offer: a booking of the item when it is booked by the hour (made by the booking
    engine, with all its rules), a confirmed deal otherwise. The other pending offers are declined."""
    equipment_request = _locked_request(offer.request)
    if not is_requester(equipment_request, user):
        raise PermissionDenied
    if equipment_request.status != RequestStatus.OPEN:
        raise EquipmentError(_("This request is no longer open."))
    offer = Offer.objects.select_for_update().select_related("item__resource").get(pk=offer.pk)
    if offer.request_id != equipment_request.pk or offer.status != OfferStatus.PENDING:
        raise EquipmentError(_("This offer can no longer be accepted."))
    if offer.item.time_bookable:
        offer.booking = booking_services.booking_create(
            resource=offer.item.resource,
            user=equipment_request.author,
            starts_at=offer.starts_at,
            ends_at=offer.ends_at,
            purpose=equipment_request.title[:200],
            organization=equipment_request.organization,
        )
    offer.status = OfferStatus.ACCEPTED
    offer.save(update_fields=["status", "booking", "updated"])
    _offer_event(offer, actor=user, from_status=OfferStatus.PENDING, to_status=OfferStatus.ACCEPTED)
    declined = _decline_pending(
        equipment_request, actor=user, keep=offer, comment=_("The requester accepted another offer.")
    )
    equipment_request.status = RequestStatus.ACCEPTED
    equipment_request.save(update_fields=["status", "updated"])
    _request_event(equipment_request, actor=user, from_status=RequestStatus.OPEN, to_status=RequestStatus.ACCEPTED)
    transaction.on_commit(partial(notifications.send_accepted, offer.pk))
    notifications.on_commit_declined(declined)
    return offer


# --- Threads ----------------------------------------------------------------------------------------------


@transaction.atomic
def message_post(*, equipment_request, organization, user, body: str) -> ThreadMessage:
    if not can_use_thread(equipment_request, organization, user):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise EquipmentError(_("Write a message."), field="body")
    if (
        not is_requester(equipment_request, user)
        and not Offer.objects.filter(request=equipment_request, organization=organization).exists()
    ):
        raise EquipmentError(_("Make an offer first; then you can write to the requester."), field="body")
    return ThreadMessage.objects.create(request=equipment_request, organization=organization, author=user, body=body)


# --- Digest -----------------------------------------------------------------------------------------------

FIRST_DIGEST_DAYS = 7


def digest_send(*, now=None) -> int:
    """Email each editor of an organization that lists equipment the open requests it could serve that appeared
    since their last digest. One transaction per person, their DigestState row locked: running it twice or at
    once sends nothing twice. Returns how many emails were sent."""
    now = now or timezone.now()
    owners = (
        Membership.objects.filter(
            role__in=MANAGE_ROLES, user__is_active=True, organization__equipment_items__is_active=True
        )
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
    sent = 0
    for user_id in list(owners):
        sent += _digest_for(user_id, now=now)
    return sent


@transaction.atomic
def _digest_for(user_id: int, *, now) -> int:
    from accounts.models import User
    from bookings.equipment.selectors import matching_requests

    DigestState.objects.get_or_create(
        user_id=user_id, defaults={"sent_at": now - datetime.timedelta(days=FIRST_DIGEST_DAYS)}
    )
    state = DigestState.objects.select_for_update().get(user_id=user_id)
    user = User.objects.get(pk=user_id)
    organizations = Organization.objects.filter(
        memberships__user=user, memberships__role__in=MANAGE_ROLES, equipment_items__is_active=True
    ).distinct()
    found = {}
    for organization in organizations:
        for equipment_request in matching_requests(organization, user, since=state.sent_at).filter(created__lte=now):
            found[equipment_request.pk] = equipment_request
    state.sent_at = now
    state.save(update_fields=["sent_at"])
    if not found:
        return 0
    requests = sorted(found.values(), key=lambda r: (-r.created.timestamp(), -r.pk))
    transaction.on_commit(partial(notifications.send_digest, user.email, [r.pk for r in requests]))
    return 1
