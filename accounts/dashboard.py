"""The user's dashboard is made of panels that other apps contribute.

accounts imports no other app (see DESIGN.md): each app registers its panel in its AppConfig.ready(),
e.g. `register_panel("bookings/_dashboard_panel.html", my_bookings_context, order=20)`.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template_name: str
    get_context: Callable  # (user) -> dict for the panel's template
    order: int


_panels: dict[str, Panel] = {}


def register_panel(template_name: str, get_context: Callable, *, order: int = 100) -> None:
    _panels[template_name] = Panel(template_name, get_context, order)


def panels_for(user) -> list[dict]:
    return [
        {"template_name": panel.template_name, "context": panel.get_context(user)}
        for panel in sorted(_panels.values(), key=lambda panel: panel.order)
    ]
