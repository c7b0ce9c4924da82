"""Every change to organizations and memberships goes through these functions."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Membership, Organization
from directory.permissions import ADMIN_ROLES, EDIT_ROLES, require_role
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


def _unique_slug(name: str) -> str:
    base = transliterated_slug(name, max_length=70) or "organization"
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
    return organization


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
