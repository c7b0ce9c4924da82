"""Who may see and change an application. Every application view and service asks here.

Members of the applying organization (any role) and staff see an application and its documents;
its administrators and editors fill it in and submit it; only staff review and decide.
"""

from django.core.exceptions import PermissionDenied

from directory.permissions import EDIT_ROLES, role_in

APPLY_ROLES = EDIT_ROLES


def can_view_application(application, user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_staff or role_in(application.organization, user) is not None


def can_edit_application(application, user) -> bool:
    """Staff review applications; they do not fill them in on a company's behalf."""
    return user.is_authenticated and role_in(application.organization, user) in APPLY_ROLES


def can_apply_for(organization, user) -> bool:
    return user.is_authenticated and role_in(organization, user) in APPLY_ROLES


def can_review(user) -> bool:
    return user.is_authenticated and user.is_staff


def require_view(application, user) -> None:
    if not can_view_application(application, user):
        raise PermissionDenied


def require_edit(application, user) -> None:
    if not can_edit_application(application, user):
        raise PermissionDenied
