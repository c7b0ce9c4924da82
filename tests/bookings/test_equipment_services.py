from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from bookings import services as booking_services
from bookings.equipment import services
from bookings.equipment.models import Offer, OfferEvent, RequestEvent
from bookings.errors import ResourceUnavailable
from bookings.models import Booking, ResourceKind
from directory.models import Membership
from tests.bookings.equipment_factories import editor_of, make_item, make_offer, make_request
from tests.bookings.factories import at
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_item_create_makes_an_equipment_resource_with_search_text():
    item = make_item()
    assert item.resource.kind == ResourceKind.EQUIPMENT
    assert item.okrug == item.organization.okrug
    assert "Temperature range" in item.search_text_en
    assert item.specifications.count() == 1


def test_an_unlisted_item_takes_no_bookings():
    item = make_item()
    editor = item.organization.memberships.get().user
    services.item_update(item=item, user=editor, resource_fields={}, is_active=False)
    item.resource.refresh_from_db()
    assert item.resource.is_active is False
    with pytest.raises(ResourceUnavailable):
        booking_services.booking_create(
            resource=item.resource, user=UserFactory(), starts_at=at(days=3, hour=10), ends_at=at(days=3, hour=12)
        )


def test_item_create_needs_an_editor():
    organization = OrganizationFactory()
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        make_item(organization=organization, editor=stranger)


def test_item_price_required_unless_negotiable():
    with pytest.raises(services.EquipmentError):
        make_item(price=None)
    item = make_item(price=None, price_unit="negotiable")
    assert item.price is None


def test_item_update_by_other_org_is_denied():
    item = make_item()
    with pytest.raises(PermissionDenied):
        services.item_update(item=item, user=UserFactory(), resource_fields={})


def test_request_on_behalf_needs_membership():
    with pytest.raises(services.EquipmentError):
        make_request(organization=OrganizationFactory())


def test_offer_on_own_request_is_refused():
    item = make_item()
    editor = editor_of(item)
    equipment_request = make_request(user=editor, organization=item.organization)
    with pytest.raises(services.EquipmentError):
        make_offer(equipment_request, item, editor)


def test_offer_needs_manage_role():
    item = make_item()
    with pytest.raises(PermissionDenied):
        make_offer(make_request(), item, UserFactory())


def test_accept_time_bookable_offer_books_through_the_engine_and_declines_others(django_capture_on_commit_callbacks):
    requester = UserFactory()
    equipment_request = make_request(user=requester)
    first, second = make_item(), make_item()
    offer = make_offer(equipment_request, first, editor_of(first))
    other = make_offer(equipment_request, second, editor_of(second))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        accepted = services.offer_accept(offer=offer, user=requester)
    assert accepted.status == Offer.Status.ACCEPTED
    booking = Booking.objects.get(pk=accepted.booking_id)
    assert booking.resource_id == first.pk and booking.booked_by == requester and booking.status == "confirmed"
    other.refresh_from_db()
    assert other.status == Offer.Status.DECLINED
    equipment_request.refresh_from_db()
    assert equipment_request.status == "accepted"
    assert OfferEvent.objects.filter(offer=other, to_status="declined").exists()
    assert RequestEvent.objects.filter(request=equipment_request, to_status="accepted").exists()
    declined_mail = [m for m in mail.outbox if editor_of(second).email in m.to]
    assert declined_mail and "declined" in declined_mail[0].subject


def test_accept_non_bookable_offer_is_a_confirmed_deal():
    requester = UserFactory()
    equipment_request = make_request(user=requester)
    item = make_item(time_bookable=False)
    offer = services.offer_accept(offer=make_offer(equipment_request, item, editor_of(item)), user=requester)
    assert offer.is_deal
    assert not Booking.objects.exists()


def test_only_the_requester_accepts():
    equipment_request = make_request()
    item = make_item()
    offer = make_offer(equipment_request, item, editor_of(item))
    with pytest.raises(PermissionDenied):
        services.offer_accept(offer=offer, user=editor_of(item))


def test_second_accept_is_refused():
    requester = UserFactory()
    equipment_request = make_request(user=requester)
    first, second = make_item(), make_item()
    offer = make_offer(equipment_request, first, editor_of(first))
    other = make_offer(equipment_request, second, editor_of(second))
    services.offer_accept(offer=offer, user=requester)
    with pytest.raises(services.EquipmentError):
        services.offer_accept(offer=other, user=requester)


def test_booking_rules_apply_to_an_accepted_offer():
    """The offer's time is outside the item's opening hours: the booking engine refuses, nothing changes."""
    requester = UserFactory()
    equipment_request = make_request(user=requester)
    item = make_item()
    offer = make_offer(equipment_request, item, editor_of(item), start=21, end=23)
    with pytest.raises(Exception) as error:
        services.offer_accept(offer=offer, user=requester)
    assert hasattr(error.value, "message")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING


def test_cancel_declines_pending_offers():
    requester = UserFactory()
    equipment_request = make_request(user=requester)
    item = make_item()
    offer = make_offer(equipment_request, item, editor_of(item))
    services.request_cancel(equipment_request=equipment_request, user=requester)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DECLINED


def test_messages_need_an_offer_from_the_owner_first():
    equipment_request = make_request()
    item = make_item()
    with pytest.raises(services.EquipmentError):
        services.message_post(
            equipment_request=equipment_request, organization=item.organization, user=editor_of(item), body="Hi"
        )
    make_offer(equipment_request, item, editor_of(item))
    message = services.message_post(
        equipment_request=equipment_request, organization=item.organization, user=editor_of(item), body="Hi"
    )
    assert message.pk
    with pytest.raises(PermissionDenied):
        services.message_post(
            equipment_request=equipment_request, organization=item.organization, user=UserFactory(), body="Hi"
        )


def test_private_request_needs_a_verified_owner_to_offer():
    item = make_item(organization=OrganizationFactory(is_verified=False))
    equipment_request = make_request(visibility="verified")
    with pytest.raises(PermissionDenied):
        make_offer(equipment_request, item, editor_of(item))
    verified = make_item()
    assert make_offer(equipment_request, verified, editor_of(verified)).price == Decimal("40000")
    assert Membership.objects.exists()
