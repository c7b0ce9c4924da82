"""Places where other apps add their parts to directory pages, without directory importing them.

Apps register in their AppConfig.ready():

    from directory.extensions import register_profile_section, register_search_area
    register_profile_section("bookings/_profile_section.html", spaces_for_profile, order=20)
    register_search_area("spaces", _("Spaces and equipment"), search_spaces, order=20,
                         more_url=lambda query: reverse("bookings:index") + "?" + urlencode({"q": query}))

A profile section's `get_context(organization, user)` returns the context of its template (or None to
show nothing); a search area's `search(query, limit)` returns `(hits, total)` where each hit has
`title`, `url` and `summary`. A search area's optional `more_url(query)` is the area's own search page
for that query, where the site search sends "all N results".
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ProfileSection:
    template_name: str
    get_context: Callable  # (organization, user) -> dict | None
    order: int


@dataclass(frozen=True)
class SearchArea:
    key: str
    label: str
    search: Callable  # (query: str, limit: int) -> tuple[list[SearchHit], int]
    order: int
    more_url_for: Callable | None = None  # (query: str) -> str

    def more_url(self, query: str) -> str | None:
        return self.more_url_for(query) if self.more_url_for else None


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    summary: str = ""


_profile_sections: dict[str, ProfileSection] = {}
_search_areas: dict[str, SearchArea] = {}


def register_profile_section(template_name: str, get_context: Callable, *, order: int = 100) -> None:
    _profile_sections[template_name] = ProfileSection(template_name, get_context, order)


def profile_sections_for(organization, user) -> list[dict]:
    sections = []
    for section in sorted(_profile_sections.values(), key=lambda s: s.order):
        context = section.get_context(organization, user)
        if context is not None:
            sections.append({"template_name": section.template_name, "context": context})
    return sections


def register_search_area(
    key: str, label, search: Callable, *, order: int = 100, more_url: Callable | None = None
) -> None:
    _search_areas[key] = SearchArea(key, label, search, order, more_url)


def search_areas() -> list[SearchArea]:
    return sorted(_search_areas.values(), key=lambda area: area.order)
