"""Who may see and change what in bookings. Every view and service asks here.

- A resource's page and calendar are public while it takes bookings; the owner's editors and
  administrators (and staff) manage it, see it when inactive, and approve, reject or cancel its bookings.
- A booking is seen only by the person who made it, by the owner's members and by staff; the booker
  cancels it until the deadline.
"""

from django.core.exceptions import PermissionDenied

from directory.permissions import ANY_ROLE, EDIT_ROLES, has_role

MANAGE_ROLES = EDIT_ROLES  # change resources, blackouts; approve, reject and cancel bookings
VIEW_ROLES = ANY_ROLE  # see the owner's bookings, the queue and the utilization


def can_manage_organization(organization, user) -> bool:
    return has_role(organization, user, MANAGE_ROLES)


def can_view_organization_bookings(organization, user) -> bool:
    return has_role(organization, user, VIEW_ROLES)


def can_manage_resource(resource, user) -> bool:
    return can_manage_organization(resource.organization, user)


def can_see_resource(resource, user) -> bool:
    return resource.is_active or can_manage_resource(resource, user)


def can_view_booking(booking, user) -> bool:
    if not user.is_authenticated:
        return False
    return booking.booked_by_id == user.pk or can_view_organization_bookings(booking.resource.organization, user)


def can_manage_booking(booking, user) -> bool:
    return can_manage_resource(booking.resource, user)


def require_manage_organization(organization, user) -> None:
    if not can_manage_organization(organization, user):
        raise PermissionDenied


def require_manage_resource(resource, user) -> None:
    if not can_manage_resource(resource, user):
        raise PermissionDenied
