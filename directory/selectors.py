from django.db.models import Count, Q

from directory.models import Membership, Organization


def memberships_of(user):
    return (
        Membership.objects.filter(user=user).select_related("organization").order_by("organization__name_ru")
        if user.is_authenticated
        else Membership.objects.none()
    )


def organization_list():
    """Organizations as list pages show them, with what each row displays already joined."""
    return Organization.objects.select_related("park").order_by("-is_verified", "name_ru")


def organization_for_profile(slug: str):
    return (
        Organization.objects.select_related("park")
        .prefetch_related("industries", "accreditations")
        .annotate(resident_count=Count("residents", filter=Q(residents__is_verified=True)))
        .get(slug=slug)
    )


def counts_by_kind() -> dict[str, int]:
    rows = Organization.objects.values("kind").annotate(n=Count("id")).order_by()
    return {row["kind"]: row["n"] for row in rows}
