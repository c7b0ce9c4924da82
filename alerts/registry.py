"""Catalogues that users can save searches of, and how to find what is new in each.

A catalogue (vacancies, equipment, courses, spaces, ...) registers an alert source in its
AppConfig.ready(), and the saved searches, the "new since your last visit" counts, the emails and the
unsubscribe links all work for it without any code of its own:

    from alerts.registry import register_alert_source
    register_alert_source(
        "jobs",
        label=_("Vacancies"),
        search_url_name="jobs:index",
        new_items=vacancies_new_since,   # (query: QueryDict, since: datetime) -> QuerySet, newest first
        describe=describe_vacancy_search, # (query: QueryDict) -> str, optional
    )

`new_items` returns the items that match the saved query and appeared at or after `since` (a QuerySet
is best: counts then stay one query). Each item needs `pk`, `str()` and `get_absolute_url()`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import QueryDict


@dataclass(frozen=True)
class AlertSource:
    key: str
    label: str
    search_url_name: str
    new_items: Callable  # (query: QueryDict, since: datetime) -> QuerySet | list
    describe: Callable | None = None  # (query: QueryDict) -> str
    # Parameters that do not change what matches (paging, sorting): dropped before a search is saved.
    ignored_params: tuple[str, ...] = field(default=("page", "sort"))

    def normalize(self, query: QueryDict) -> str:
        """One spelling per search, so saving the same search twice finds the first one."""
        kept = QueryDict(mutable=True)
        for key in sorted(query):
            if key in self.ignored_params:
                continue
            values = sorted({value.strip() for value in query.getlist(key) if value.strip()})
            if values:
                kept.setlist(key, values)
        return kept.urlencode()

    def title_for(self, query: QueryDict) -> str:
        title = self.describe(query) if self.describe else ""
        return str(title or self.label)


_sources: dict[str, AlertSource] = {}


def register_alert_source(
    key: str,
    *,
    label,
    search_url_name: str,
    new_items: Callable,
    describe: Callable | None = None,
    ignored_params: tuple[str, ...] = ("page", "sort"),
) -> AlertSource:
    source = AlertSource(key, label, search_url_name, new_items, describe, tuple(ignored_params))
    _sources[key] = source
    return source


def get_source(key: str) -> AlertSource:
    """The source registered under `key`; LookupError when no catalogue registered it."""
    try:
        return _sources[key]
    except KeyError:
        raise LookupError(key) from None


def alert_sources() -> list[AlertSource]:
    return list(_sources.values())
