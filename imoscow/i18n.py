"""Content stored in both languages: `name_ru` / `name_en` columns read through one attribute."""

from django.utils.translation import get_language


class Localized:
    """`name = Localized()` on a model reads `name_<active language>`, falling back to Russian."""

    def __set_name__(self, owner, attribute):
        self.attribute = attribute

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        language = (get_language() or "ru")[:2]
        return getattr(instance, f"{self.attribute}_{language}", "") or getattr(instance, f"{self.attribute}_ru")


def localized_field(prefix: str) -> str:
    """The column of the active language, for order_by() and values() in querysets."""
    return f"{prefix}_{'en' if (get_language() or 'ru').startswith('en') else 'ru'}"
