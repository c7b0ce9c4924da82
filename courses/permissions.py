"""Who may see and change what in the courses area.

- A youth centre's administrators and editors (and staff) manage its courses and groups.
- Any member of the centre (and staff) sees its rosters and waitlists: children's data goes no further.
- A child's profile and enrollments belong to the parent alone; other people get a 404 for them.
"""

from django.core.exceptions import PermissionDenied

from directory.permissions import ANY_ROLE, EDIT_ROLES, has_role

MANAGE_ROLES = EDIT_ROLES
ROSTER_ROLES = ANY_ROLE


def can_manage(organization, user) -> bool:
    return has_role(organization, user, MANAGE_ROLES)


def require_manager(organization, user) -> None:
    if not can_manage(organization, user):
        raise PermissionDenied


def can_see_roster(organization, user) -> bool:
    return has_role(organization, user, ROSTER_ROLES)


def require_roster_access(organization, user) -> None:
    if not can_see_roster(organization, user):
        raise PermissionDenied


def can_cancel(enrollment, user) -> bool:
    """The child's parent, or the centre's managers and staff (e.g. a parent asked them by phone)."""
    if user.is_authenticated and enrollment.child.parent_id == user.pk:
        return True
    return can_manage(enrollment.group.course.organization, user)
