"""Who may see and change what in the equipment market.

- An item is managed by its owner organization's editors and administrators (and staff).
- A request is seen by everyone when public; when "verified owners only", by its author, the members of
  its organization, the members of verified organizations that list equipment, and staff.
- Offers on a request are seen by the requester side; an owner sees only its own organization's offers.
- A thread (request, offering organization) is read and written by the requester side and that organization.
"""

from django.core.exceptions import PermissionDenied

from bookings.permissions import MANAGE_ROLES
from directory.models import Membership
from directory.permissions import has_role


def is_requester(equipment_request, user) -> bool:
    if not user.is_authenticated:
        return False
    if equipment_request.author_id == user.pk:
        return True
    return equipment_request.organization_id is not None and has_role(equipment_request.organization, user)


def is_verified_owner(user) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, organization__is_verified=True, organization__equipment_items__is_active=True
    ).exists()


def can_see_request(equipment_request, user) -> bool:
    if equipment_request.visibility == equipment_request.Visibility.PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    return user.is_staff or is_requester(equipment_request, user) or is_verified_owner(user)


def can_manage_item(item, user) -> bool:
    return has_role(item.organization, user, MANAGE_ROLES)


def require_manage_item(item, user) -> None:
    if not can_manage_item(item, user):
        raise PermissionDenied


def require_see_request(equipment_request, user) -> None:
    if not can_see_request(equipment_request, user):
        raise PermissionDenied


def can_use_thread(equipment_request, organization, user) -> bool:
    return is_requester(equipment_request, user) or has_role(organization, user, MANAGE_ROLES)
