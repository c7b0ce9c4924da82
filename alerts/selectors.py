from dataclasses import dataclass

from django.db.models import QuerySet

from alerts.models import SavedSearch
from alerts.registry import get_source


def saved_searches_of(user) -> QuerySet:
    if not user.is_authenticated:
        return SavedSearch.objects.none()
    return SavedSearch.objects.filter(user=user).order_by("-created")


def saved_search_of(user, pk: int) -> SavedSearch:
    """The user's own saved search; SavedSearch.DoesNotExist for anyone else's."""
    return saved_searches_of(user).get(pk=pk)


@dataclass
class SavedSearchNews:
    saved_search: SavedSearch
    source_label: str
    new_count: int


def _count(items) -> int:
    return items.count() if isinstance(items, QuerySet) else len(items)


def saved_searches_with_news(user) -> list[SavedSearchNews]:
    """Each saved search with how many items match it since the user last opened it.

    One count query per saved search; a user has at most MAX_SAVED_SEARCHES of them.
    """
    rows = []
    for saved_search in saved_searches_of(user):
        try:
            source = get_source(saved_search.area)
        except LookupError:
            continue  # the catalogue was removed; the search stays until the user deletes it
        new = source.new_items(saved_search.query_dict, saved_search.last_seen_at)
        rows.append(SavedSearchNews(saved_search, source.label, _count(new)))
    return rows


def saved_search_matching(user, area: str, query) -> SavedSearch | None:
    """The user's saved search for exactly this search page, if they saved it."""
    if not user.is_authenticated:
        return None
    try:
        normalized = get_source(area).normalize(query)
    except LookupError:
        return None
    return SavedSearch.objects.filter(user=user, area=area, query=normalized).first()
