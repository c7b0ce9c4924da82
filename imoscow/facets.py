"""The sidebar facets of list pages (directory, jobs): values with their counts, as templates show them."""

from dataclasses import dataclass, field


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)
    widget: str = "checkbox"  # or "select" for long lists

    @property
    def selected_count(self) -> int:
        return sum(option.selected for option in self.options)
