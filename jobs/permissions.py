"""Who may do what with vacancies and applications.

- Vacancies are managed by the company's administrators and recruiters (and staff, who moderate).
- Applications and resumes are seen by the candidate and by the company's administrators and recruiters
  only: staff moderate vacancies, not people, so they do not read applicants' files on the site.
"""

from django.core.exceptions import PermissionDenied

from directory.permissions import HIRING_ROLES, has_role, role_in


def can_manage_vacancies(company, user) -> bool:
    return has_role(company, user, HIRING_ROLES)


def require_vacancy_manager(company, user) -> None:
    if not can_manage_vacancies(company, user):
        raise PermissionDenied


def is_hiring_member(company, user) -> bool:
    """A member of this very company with a hiring role: staff are not, unless they are members."""
    return role_in(company, user) in HIRING_ROLES


def require_hiring_member(company, user) -> None:
    if not is_hiring_member(company, user):
        raise PermissionDenied


def can_see_application(application, user) -> bool:
    if not user.is_authenticated:
        return False
    return application.candidate_id == user.pk or is_hiring_member(application.vacancy.company, user)


def require_application_access(application, user) -> None:
    if not can_see_application(application, user):
        raise PermissionDenied
