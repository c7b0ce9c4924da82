"""Emails of the equipment market, sent only once the change is committed."""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from bookings.notifications import owner_emails


def _send(subject: str, template: str, recipients: list[str], context: dict) -> int:
    if not recipients:
        return 0
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    return EmailMessage(subject=subject, body=body, to=recipients).send()


def _offers(pks):
    from bookings.equipment.models import Offer

    return Offer.objects.filter(pk__in=pks).select_related(
        "request__author", "item__resource", "organization", "author"
    )


def send_new_offer(offer_pk: int) -> int:
    offer = _offers([offer_pk]).first()
    if offer is None:
        return 0
    subject = _("New offer on your request: %(title)s") % {"title": offer.request.title}
    return _send(subject, "bookings/equipment/email/offer_new.txt", [offer.request.author.email], {"offer": offer})


def send_accepted(offer_pk: int) -> int:
    offer = _offers([offer_pk]).first()
    if offer is None:
        return 0
    subject = _("Your offer was accepted: %(title)s") % {"title": offer.request.title}
    return _send(
        subject, "bookings/equipment/email/offer_accepted.txt", owner_emails(offer.organization), {"offer": offer}
    )


def send_declined(offer_pks: list[int]) -> int:
    sent = 0
    for offer in _offers(offer_pks).order_by("pk"):
        subject = _("Your offer was declined: %(title)s") % {"title": offer.request.title}
        sent += _send(subject, "bookings/equipment/email/offer_declined.txt", [offer.author.email], {"offer": offer})
    return sent


def on_commit_declined(offer_pks: list[int]) -> None:
    if offer_pks:
        transaction.on_commit(partial(send_declined, list(offer_pks)))


def send_digest(email: str, request_pks: list[int]) -> int:
    from bookings.equipment.models import EquipmentRequest

    requests = list(
        EquipmentRequest.objects.filter(pk__in=request_pks).select_related("category").order_by("-created", "-pk")
    )
    if not requests:
        return 0
    subject = _("Equipment requests you could serve: %(count)d new") % {"count": len(requests)}
    return _send(subject, "bookings/equipment/email/digest.txt", [email], {"requests": requests})
