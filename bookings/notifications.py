"""Emails to both sides of a booking on every change, sent only once the change is committed."""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

CREATED = "created"
APPROVED = "approved"
REJECTED = "rejected"
CANCELLED = "cancelled"

# (kind, status after the change) -> (subject's title, the booker's headline, the owner's headline)
_WORDING = {
    (CREATED, "pending"): (
        _("Booking request"),
        _("Your booking request is sent and awaits the owner's approval."),
        _("A new booking request awaits your approval."),
    ),
    (CREATED, "confirmed"): (
        _("Booking confirmed"),
        _("Your booking is confirmed."),
        _("A new booking was made."),
    ),
    (APPROVED, "confirmed"): (
        _("Booking approved"),
        _("The owner approved your booking."),
        _("The booking was approved."),
    ),
    (REJECTED, "rejected"): (
        _("Booking rejected"),
        _("The owner rejected your booking request."),
        _("The booking request was rejected."),
    ),
    (CANCELLED, "cancelled"): (
        _("Booking cancelled"),
        _("The booking was cancelled."),
        _("The booking was cancelled."),
    ),
}


def on_commit(kind: str, booking_ids: list[int], *, actor) -> None:
    transaction.on_commit(partial(send, kind, list(booking_ids), actor_id=actor.pk if actor else None))


def owner_emails(organization) -> list[str]:
    from bookings.permissions import MANAGE_ROLES
    from directory.models import Membership

    emails = sorted(
        Membership.objects.filter(organization=organization, role__in=MANAGE_ROLES, user__is_active=True)
        .values_list("user__email", flat=True)
        .distinct()
    )
    return emails or ([organization.email] if organization.email else [])


def send(kind: str, booking_ids: list[int], *, actor_id=None) -> int:
    from accounts.models import User
    from bookings.models import Booking

    bookings = list(
        Booking.objects.filter(pk__in=booking_ids)
        .select_related("resource__organization", "booked_by", "organization", "series")
        .order_by("during")
    )
    if not bookings:
        return 0
    first = bookings[0]
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    title, booker_headline, owner_headline = _WORDING[(kind, first.status)]
    when = formats.date_format(timezone.localtime(first.starts_at), "SHORT_DATETIME_FORMAT")
    subject = f"{title}: {first.resource.name}, {when}"
    if len(bookings) > 1:
        subject += f" (+{len(bookings) - 1})"
    context = {
        "bookings": bookings,
        "booking": first,
        "resource": first.resource,
        "actor": actor,
        "reason": first.reason if kind in (REJECTED, CANCELLED, APPROVED) else "",
        "site_url": settings.SITE_URL,
    }
    sent = 0
    for recipients, headline in (
        ([first.booked_by.email], booker_headline),
        (owner_emails(first.resource.organization), owner_headline),
    ):
        if not recipients:
            continue
        body = render_to_string("bookings/email/notification.txt", {**context, "headline": headline})
        sent += EmailMessage(subject=subject, body=body, to=recipients).send()
    return sent
