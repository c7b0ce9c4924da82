"""Every change to organizations and memberships goes through these functions."""

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Membership, Organization, ResidencyEvent, ResidencyRequest
from directory.permissions import ADMIN_ROLES, EDIT_ROLES, has_role, require_role
from directory.search import search_terms
from imoscow.errors import DomainError
from imoscow.text import transliterated_slug

# What members may change on the site; kind, verification and residency change only through staff.
EDITABLE_FIELDS = (
    "name_ru",
    "name_en",
    "description_ru",
    "description_en",
    "address",
    "okrug",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "founded_year",
    "headcount",
    "capabilities",
)


class LastAdminError(DomainError):
    default_message = _("An organization needs at least one administrator.")


# Paths of the directory that an organization's slug must not shadow (see directory/urls.py).
RESERVED_SLUGS = frozenset({"map", "find-a-provider", "register", "residency", "search"})


def _unique_slug(name: str) -> str:
    base = transliterated_slug(name, max_length=70) or "organization"
    if base in RESERVED_SLUGS:
        base = f"{base}-organization"
    taken = set(Organization.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def organization_register(*, user, kind: str, name_ru: str, logo=None, industries=(), **fields) -> Organization:
    """A signed-in user registers an organization and becomes its administrator. Staff verify it later."""
    attempts = 3  # two registrations of one name may race for the same slug; the database decides
    for attempt in range(1, attempts + 1):
        try:
            return _organization_create(
                user=user, kind=kind, name_ru=name_ru, logo=logo, industries=industries, **fields
            )
        except IntegrityError:
            if attempt == attempts:
                raise


@transaction.atomic
def _organization_create(*, user, kind, name_ru, logo, industries, **fields) -> Organization:
    organization = Organization(kind=kind, name_ru=name_ru, slug=_unique_slug(fields.get("name_en") or name_ru))
    for field in EDITABLE_FIELDS:
        if field in fields:
            setattr(organization, field, fields[field])
    if logo:
        organization.logo.save(logo.name, logo, save=False)
    organization.full_clean(exclude=["logo", "slug"])
    organization.save()
    organization.industries.set(industries)
    organization_search_terms_refresh(organization=organization)
    Membership.objects.create(user=user, organization=organization, role=Membership.Role.ADMIN)
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, user, logo=None, industries=None, **fields) -> Organization:
    require_role(organization, user, EDIT_ROLES)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable on the site: {sorted(unknown)}")
    for field, value in fields.items():
        setattr(organization, field, value)
    if logo:
        organization.logo.save(logo.name, logo, save=False)
    organization.full_clean(exclude=["logo"])
    organization.save()
    if industries is not None:
        organization.industries.set(industries)
    organization_search_terms_refresh(organization=organization)
    return organization


def organization_search_terms_refresh(*, organization: Organization) -> None:
    """Recompute the words the search vector reads from the kind, capabilities and industries.

    Every write that changes those (the services above, the admin, the demo data) ends here, inside
    its own transaction; PostgreSQL then regenerates `search_vector` from the stored columns.
    """
    terms = search_terms(
        kind=organization.kind,
        capabilities=organization.capabilities,
        industries=organization.industries.only("name_ru", "name_en"),
    )
    if terms != organization.search_terms:
        organization.search_terms = terms
        Organization.objects.filter(pk=organization.pk).update(search_terms=terms)


def industry_search_terms_refresh(*, industry) -> int:
    """After an industry is renamed, the organizations in it get the new words. Returns how many changed."""
    changed = 0
    organizations = Organization.objects.filter(industries=industry).prefetch_related("industries")
    for organization in organizations.only("pk", "kind", "capabilities", "search_terms").iterator(chunk_size=500):
        terms = search_terms(
            kind=organization.kind, capabilities=organization.capabilities, industries=organization.industries.all()
        )
        if terms != organization.search_terms:
            Organization.objects.filter(pk=organization.pk).update(search_terms=terms)
            changed += 1
    return changed


@transaction.atomic
def organization_verify(*, organization: Organization, user) -> Organization:
    """Staff confirm that an organization is what it says it is."""
    if not user.is_staff:
        raise DomainError(_("Only staff verify organizations."))
    if not organization.is_verified:
        organization.is_verified = True
        organization.verified_at = timezone.now()
        organization.save(update_fields=["is_verified", "verified_at", "updated"])
    return organization


@transaction.atomic
def membership_set(*, organization: Organization, actor, user, role: str) -> Membership:
    """An organization's administrator adds a person or changes their role."""
    require_role(organization, actor, ADMIN_ROLES)
    # Lock the organization's memberships so two admins cannot demote each other at once.
    admins = list(
        Membership.objects.select_for_update()
        .filter(organization=organization, role=Membership.Role.ADMIN)
        .order_by("pk")
        .values_list("user_id", flat=True)
    )
    if role != Membership.Role.ADMIN and admins == [user.pk]:
        raise LastAdminError()
    membership, _created = Membership.objects.update_or_create(
        organization=organization, user=user, defaults={"role": role}
    )
    return membership


@transaction.atomic
def membership_remove(*, organization: Organization, actor, user) -> None:
    require_role(organization, actor, ADMIN_ROLES)
    admins = list(
        Membership.objects.select_for_update()
        .filter(organization=organization, role=Membership.Role.ADMIN)
        .order_by("pk")
        .values_list("user_id", flat=True)
    )
    if admins == [user.pk]:
        raise LastAdminError()
    Membership.objects.filter(organization=organization, user=user).delete()


# --- Residency: a company becomes a resident of a technology park or economic zone --------------------

Status = ResidencyRequest.Status

RESIDENCY_TRANSITIONS = {
    Status.PENDING: {Status.APPROVED, Status.REJECTED, Status.WITHDRAWN},
    Status.APPROVED: {Status.ENDED},
}


class ResidencyError(DomainError):
    pass


class TransitionNotAllowed(ResidencyError):
    default_message = _("This request has already been decided.")


def _locked_organizations(*pks) -> dict[int, Organization]:
    """Lock the organizations involved, always in primary-key order so two services never deadlock."""
    rows = Organization.objects.select_for_update().filter(pk__in=set(pks)).order_by("pk")
    return {organization.pk: organization for organization in rows}


def _residency_move(residency_request: ResidencyRequest, to_status: str, *, user, comment: str = "") -> None:
    from_status = residency_request.status
    if to_status not in RESIDENCY_TRANSITIONS.get(from_status, ()):
        raise TransitionNotAllowed()
    residency_request.status = to_status
    if to_status in (Status.APPROVED, Status.REJECTED):
        residency_request.decided_by = user
        residency_request.decided_at = timezone.now()
    residency_request.save(update_fields=["status", "decided_by", "decided_at", "updated"])
    ResidencyEvent.objects.create(
        request=residency_request, actor=user, from_status=from_status, to_status=to_status, comment=comment
    )


def _admin_emails(organization: Organization) -> list[str]:
    return list(
        Membership.objects.filter(organization=organization, role=Membership.Role.ADMIN)
        .order_by("pk")
        .values_list("user__email", flat=True)
    )


def _notify(recipients: list[str], subject, body) -> None:
    if recipients:
        transaction.on_commit(
            lambda: send_mail(str(subject), str(body), None, recipients, fail_silently=False), robust=True
        )


@transaction.atomic
def residency_request_create(
    *, organization: Organization, park: Organization, user, message: str = ""
) -> ResidencyRequest:
    """A member (administrator or editor) of an organization asks a park or zone to take it as a resident."""
    require_role(organization, user, EDIT_ROLES)
    locked = _locked_organizations(organization.pk, park.pk)
    organization, park = locked[organization.pk], locked[park.pk]
    if park.kind not in Organization.HOST_KINDS:
        raise ResidencyError(_("Only technology parks and special economic zones take residents."), field="park")
    if organization.kind in Organization.HOST_KINDS or organization.pk == park.pk:
        raise ResidencyError(_("A park or zone cannot become a resident of another."), field="organization")
    if organization.park_id == park.pk:
        raise ResidencyError(_("This organization is already a resident here."), field="organization")
    if ResidencyRequest.objects.filter(organization=organization, status=Status.PENDING).exists():
        raise ResidencyError(
            _("This organization already has a pending residency request; wait for it or withdraw it."),
            field="organization",
        )
    residency_request = ResidencyRequest.objects.create(
        organization=organization, park=park, requested_by=user, message=message.strip()
    )
    ResidencyEvent.objects.create(
        request=residency_request, actor=user, to_status=Status.PENDING, comment=residency_request.message
    )
    _notify(
        _admin_emails(park),
        _("Residency request from %(organization)s") % {"organization": organization.name_ru},
        _(
            "%(organization)s asks to become a resident of %(park)s. Approve or reject the request on the "
            "park's residency page of the portal."
        )
        % {"organization": organization.name_ru, "park": park.name_ru},
    )
    return residency_request


def _locked_request(residency_request: ResidencyRequest) -> tuple[ResidencyRequest, Organization, Organization]:
    locked = _locked_organizations(residency_request.organization_id, residency_request.park_id)
    fresh = ResidencyRequest.objects.select_for_update().get(pk=residency_request.pk)
    return fresh, locked[fresh.organization_id], locked[fresh.park_id]


def _end_current_residency(organization: Organization, *, user, comment: str) -> None:
    current = ResidencyRequest.objects.select_for_update().filter(organization=organization, status=Status.APPROVED)
    for residency_request in current.order_by("pk"):
        _residency_move(residency_request, Status.ENDED, user=user, comment=comment)


@transaction.atomic
def residency_request_approve(*, residency_request: ResidencyRequest, user, comment: str = "") -> ResidencyRequest:
    """The park's administrators (or staff) take the organization in; it leaves any park it was in."""
    require_role(residency_request.park, user, ADMIN_ROLES)
    residency_request, organization, park = _locked_request(residency_request)
    if residency_request.status != Status.PENDING:
        raise TransitionNotAllowed()
    if park.kind not in Organization.HOST_KINDS:
        raise ResidencyError(_("Only technology parks and special economic zones take residents."))
    _end_current_residency(
        organization,
        user=user,
        comment=_("Moved to %(park)s.") % {"park": park.name_ru} if organization.park_id else "",
    )
    _residency_move(residency_request, Status.APPROVED, user=user, comment=comment)
    organization.park = park
    organization.save(update_fields=["park", "updated"])
    _notify(
        _admin_emails(organization),
        _("%(park)s approved your residency") % {"park": park.name_ru},
        _("%(organization)s is now a resident of %(park)s.")
        % {"organization": organization.name_ru, "park": park.name_ru},
    )
    return residency_request


@transaction.atomic
def residency_request_reject(*, residency_request: ResidencyRequest, user, comment: str = "") -> ResidencyRequest:
    require_role(residency_request.park, user, ADMIN_ROLES)
    residency_request, organization, park = _locked_request(residency_request)
    _residency_move(residency_request, Status.REJECTED, user=user, comment=comment)
    _notify(
        _admin_emails(organization),
        _("%(park)s declined your residency request") % {"park": park.name_ru},
        (_("Comment: %(comment)s") % {"comment": comment}) if comment else _("No comment was given."),
    )
    return residency_request


@transaction.atomic
def residency_request_withdraw(*, residency_request: ResidencyRequest, user) -> ResidencyRequest:
    """The applicant changes its mind while the request is pending."""
    require_role(residency_request.organization, user, EDIT_ROLES)
    residency_request, _organization, _park = _locked_request(residency_request)
    _residency_move(residency_request, Status.WITHDRAWN, user=user)
    return residency_request


@transaction.atomic
def residency_end(*, organization: Organization, user, comment: str = "") -> Organization:
    """The resident's administrators, the park's administrators or staff end a residency."""
    organization = _locked_organizations(organization.pk)[organization.pk]
    if organization.park_id is None:
        raise ResidencyError(_("This organization is not a resident of any park."))
    park = Organization.objects.get(pk=organization.park_id)
    if not (has_role(organization, user, ADMIN_ROLES) or has_role(park, user, ADMIN_ROLES)):
        raise PermissionDenied
    _end_current_residency(organization, user=user, comment=comment)
    organization.park = None
    organization.save(update_fields=["park", "updated"])
    return organization


@transaction.atomic
def residency_set(*, organization: Organization, park: Organization | None, user, comment: str = "") -> Organization:
    """Staff move an organization into a park, to another one or out (the admin's "resident of" field).

    The change is recorded like an approved request, so the residency history stays complete.
    """
    if not user.is_staff:
        raise PermissionDenied
    locked = _locked_organizations(organization.pk, *([park.pk] if park else []))
    organization = locked[organization.pk]
    park = locked[park.pk] if park else None
    if park is not None and park.kind not in Organization.HOST_KINDS:
        raise ResidencyError(_("Only technology parks and special economic zones take residents."), field="park")
    if organization.park_id == (park.pk if park else None):
        return organization
    _end_current_residency(organization, user=user, comment=comment)
    if park is not None:
        pending = (
            ResidencyRequest.objects.select_for_update()
            .filter(organization=organization, park=park, status=Status.PENDING)
            .first()
        )
        if pending is not None:
            _residency_move(pending, Status.APPROVED, user=user, comment=comment)
        else:
            created = ResidencyRequest.objects.create(
                organization=organization,
                park=park,
                requested_by=user,
                status=Status.APPROVED,
                decided_by=user,
                decided_at=timezone.now(),
            )
            ResidencyEvent.objects.create(request=created, actor=user, to_status=Status.APPROVED, comment=comment)
    organization.park = park
    organization.save(update_fields=["park", "updated"])
    return organization
