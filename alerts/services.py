"""Every change to saved searches, and the alert emails, go through these functions."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from alerts.models import SavedSearch, SentItem
from alerts.registry import get_source
from imoscow.errors import DomainError

MAX_SAVED_SEARCHES = 20
MAX_ITEMS_PER_EMAIL = 20
# How far back past the last email a run looks again: an item published while the previous run was
# working is found next time; the sent-item records keep anything from being sent twice.
OVERLAP = datetime.timedelta(hours=1)
PERIODS = {
    SavedSearch.Frequency.DAILY: datetime.timedelta(days=1),
    SavedSearch.Frequency.WEEKLY: datetime.timedelta(days=7),
}
# A cron run that starts a few minutes early still sends the searches that are due.
SLACK = datetime.timedelta(hours=1)
UNSUBSCRIBE_SALT = "alerts.unsubscribe"


class UnknownCatalogue(DomainError):
    default_message = _("This catalogue does not support saved searches.")


class TooManySavedSearches(DomainError):
    default_message = _("You have too many saved searches; delete one you no longer need first.")


class BadUnsubscribeLink(DomainError):
    default_message = _("This unsubscribe link is damaged or no longer valid.")


def _own(saved_search: SavedSearch, user) -> SavedSearch:
    if saved_search.user_id != user.pk:
        raise DomainError(_("This saved search belongs to someone else."))
    return saved_search


@transaction.atomic
def saved_search_create(*, user, area: str, query, frequency: str, language: str | None = None) -> SavedSearch:
    """Save the search a user is looking at; saving the same search again returns the first one."""
    try:
        source = get_source(area)
    except LookupError:
        raise UnknownCatalogue() from None
    if frequency not in SavedSearch.Frequency.values:
        raise DomainError(_("Choose how often to receive emails."), field="frequency")
    normalized = source.normalize(query)
    # Lock the user so two saves at once cannot both pass the limit below.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    existing = SavedSearch.objects.filter(user=user, area=area, query=normalized).first()
    if existing:
        existing.frequency = frequency
        existing.is_subscribed = True
        existing.save(update_fields=["frequency", "is_subscribed", "updated"])
        return existing
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
        raise TooManySavedSearches()
    return SavedSearch.objects.create(
        user=user,
        area=area,
        query=normalized,
        title=source.title_for(QueryDict(normalized))[:200],
        frequency=frequency,
        language=(language or translation.get_language() or settings.LANGUAGE_CODE)[:8],
        last_seen_at=timezone.now(),
    )


@transaction.atomic
def saved_search_update(*, saved_search: SavedSearch, user, frequency: str, is_subscribed: bool) -> SavedSearch:
    _own(saved_search, user)
    if frequency not in SavedSearch.Frequency.values:
        raise DomainError(_("Choose how often to receive emails."), field="frequency")
    saved_search.frequency = frequency
    saved_search.is_subscribed = is_subscribed
    saved_search.save(update_fields=["frequency", "is_subscribed", "updated"])
    return saved_search


@transaction.atomic
def saved_search_delete(*, saved_search: SavedSearch, user) -> None:
    _own(saved_search, user).delete()


@transaction.atomic
def saved_search_mark_seen(*, saved_search: SavedSearch, user, now=None) -> SavedSearch:
    """The user opened the search: what is new is counted from now on."""
    _own(saved_search, user)
    saved_search.last_seen_at = now or timezone.now()
    saved_search.save(update_fields=["last_seen_at", "updated"])
    return saved_search


def unsubscribe_token(saved_search: SavedSearch) -> str:
    return signing.dumps([saved_search.pk, saved_search.user_id], salt=UNSUBSCRIBE_SALT)


def _saved_search_from_token(token: str) -> SavedSearch:
    try:
        pk, user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        raise BadUnsubscribeLink() from None
    saved_search = SavedSearch.objects.select_for_update().filter(pk=pk, user_id=user_id).first()
    if saved_search is None:
        raise BadUnsubscribeLink()
    return saved_search


@transaction.atomic
def saved_search_unsubscribe(*, token: str) -> SavedSearch:
    """One click from an email, no sign-in: the signed token is the permission."""
    saved_search = _saved_search_from_token(token)
    if saved_search.is_subscribed:
        saved_search.is_subscribed = False
        saved_search.save(update_fields=["is_subscribed", "updated"])
    return saved_search


@transaction.atomic
def saved_search_resubscribe(*, token: str) -> SavedSearch:
    saved_search = _saved_search_from_token(token)
    if not saved_search.is_subscribed:
        saved_search.is_subscribed = True
        saved_search.save(update_fields=["is_subscribed", "updated"])
    return saved_search


def _due(frequency: str, now) -> Q:
    due_before = now - PERIODS[frequency] + SLACK
    return Q(is_subscribed=True, frequency=frequency) & (Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=due_before))


def alerts_send(*, frequency: str, now=None, base_url: str | None = None) -> int:
    """Email every due saved search of this frequency what is new since its last email; returns emails sent.

    Each search is handled in its own transaction with its row locked (SKIP LOCKED), so two cron runs
    at once never email the same search twice, and a failure in one search does not undo the others.
    """
    if frequency not in PERIODS:
        raise ValueError(f"unknown frequency {frequency!r}")
    now = now or timezone.now()
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    due = SavedSearch.objects.filter(_due(frequency, now)).order_by("pk").values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        try:
            sent += _alert_send_one(pk=pk, frequency=frequency, now=now, base_url=base_url)
        except IntegrityError:
            continue  # another run recorded these items first; it sends them
    return sent


@transaction.atomic
def _alert_send_one(*, pk: int, frequency: str, now, base_url: str) -> bool:
    saved_search = (
        SavedSearch.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("user")
        .filter(_due(frequency, now), pk=pk)
        .first()
    )
    if saved_search is None:
        return False  # another run holds it, or it was sent, changed or deleted meanwhile
    try:
        source = get_source(saved_search.area)
    except LookupError:
        return False
    since = (saved_search.last_sent_at or saved_search.created) - OVERLAP
    with translation.override(saved_search.language):
        candidates = list(source.new_items(saved_search.query_dict, since)[: MAX_ITEMS_PER_EMAIL * 5])
        keys = [str(item.pk) for item in candidates]
        already = set(
            SentItem.objects.filter(saved_search=saved_search, item_key__in=keys).values_list("item_key", flat=True)
        )
        fresh = [item for item in candidates if str(item.pk) not in already]
        saved_search.last_sent_at = now
        saved_search.save(update_fields=["last_sent_at", "updated"])
        if not fresh:
            return False
        shown = fresh[:MAX_ITEMS_PER_EMAIL]
        SentItem.objects.bulk_create([SentItem(saved_search=saved_search, item_key=str(item.pk)) for item in shown])
        message = _alert_message(saved_search, source, shown, more=len(fresh) - len(shown), base_url=base_url)
    transaction.on_commit(message.send)
    return True


def _alert_message(saved_search, source, items, *, more: int, base_url: str) -> EmailMultiAlternatives:
    token = unsubscribe_token(saved_search)
    unsubscribe_url = base_url + reverse("alerts:unsubscribe", args=[token])
    context = {
        "saved_search": saved_search,
        "source_label": source.label,
        "items": [
            {
                "title": str(item),
                "url": base_url + item.get_absolute_url(),
                "summary": getattr(item, "alert_summary", ""),
            }
            for item in items
        ],
        "count": len(items),
        "more": more,
        "search_url": base_url + reverse("alerts:open", args=[saved_search.pk]),
        "manage_url": base_url + reverse("alerts:index"),
        "unsubscribe_url": unsubscribe_url,
    }
    subject = render_to_string("alerts/email/alert_subject.txt", context).strip()
    body = render_to_string("alerts/email/alert.txt", context)
    html = render_to_string("alerts/email/alert.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        to=[saved_search.user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(html, "text/html")
    return message
