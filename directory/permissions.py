"""Who may act for an organization. Every view that touches an organization's data asks here."""

from django.core.exceptions import PermissionDenied

from directory.models import Membership

Role = Membership.Role
ANY_ROLE = frozenset(Role)
EDIT_ROLES = frozenset({Role.ADMIN, Role.EDITOR})
HIRING_ROLES = frozenset({Role.ADMIN, Role.RECRUITER})
ADMIN_ROLES = frozenset({Role.ADMIN})


def role_in(organization, user) -> str | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(organization=organization, user=user).values_list("role", flat=True).first()


def has_role(organization, user, roles=ANY_ROLE) -> bool:
    """Staff act for every organization; others only through a membership with one of `roles`."""
    if user.is_authenticated and user.is_staff:
        return True
    return role_in(organization, user) in roles


def require_role(organization, user, roles=ANY_ROLE) -> None:
    if not has_role(organization, user, roles):
        raise PermissionDenied
