"""What every area of the API shares: references, pagination, page links, vocabularies, filter validation.

An area module (`api/areas/<area>.py`) declares its schemas, builds its query from the app's own selectors
and FilterSets, and registers its routes on its `router`; `api/areas/__init__.py` lists the areas.
"""

from dataclasses import dataclass
from typing import Annotated, Any

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from ninja import Field, Schema
from ninja.errors import ValidationError
from pydantic import create_model

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# Free text: no NUL characters (PostgreSQL refuses them), at most 200 characters (the pages cut there too).
TEXT_PATTERN = r"^[^\x00]*$"
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"

LANGUAGES = ("ru", "en")


# --- Shared schemas ----------------------------------------------------------------------------------


class Label(Schema):
    """A value of a code list in both languages."""

    code: str
    ru: str
    en: str


class Ref(Schema):
    """A link to another object of the API: its slug and names in both languages."""

    slug: str
    name_ru: str
    name_en: str


class ErrorOut(Schema):
    detail: str


class ValidationErrorItem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[ValidationErrorItem]


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """The envelope of one page of `item`s, named (OpenAPI component names allow no brackets)."""
    return create_model(
        name,
        __base__=Schema,
        __doc__=f"One page of {item.__name__} objects, with the total count and links to the neighbour pages.",
        count=(int, Field(..., description="How many objects match the filters, on every page together.")),
        page=(int, Field(..., description="This page's number, from 1.")),
        page_size=(int, Field(..., description="Objects per page.")),
        pages=(int, Field(..., description="How many pages there are (at least 1).")),
        next=(str | None, Field(None, description="The next page's URL, or null on the last page.")),
        previous=(str | None, Field(None, description="The previous page's URL, or null on the first page.")),
        results=(list[item], ...),
    )


class PageParams(Schema):
    page: Annotated[int, Field(1, ge=1, le=100_000, description="Page number, from 1.")]
    page_size: Annotated[
        int, Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Objects per page, at most {MAX_PAGE_SIZE}.")
    ]


LIST_RESPONSES = {304: None, 422: ValidationErrorOut, 429: ErrorOut}
DETAIL_RESPONSES = {304: None, 404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}


@dataclass
class Window:
    """The slice of a sorted set that one page shows."""

    page: int
    page_size: int
    count: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))

    def envelope(self, request, results: list) -> dict:
        def link(number):
            query = request.GET.copy()
            query["page"] = str(number)
            return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

        return {
            "count": self.count,
            "page": self.page,
            "page_size": self.page_size,
            "pages": self.pages,
            "next": link(self.page + 1) if self.page < self.pages else None,
            "previous": link(min(self.page - 1, self.pages)) if self.page > 1 else None,
            "results": results,
        }


def paged_ids(ordered_ids, paging: PageParams, count: int) -> tuple[Window, list]:
    """The primary keys of one page of a sorted queryset of ids (sorting narrow rows, then reading few)."""
    window = Window(paging.page, paging.page_size, count)
    ids = list(ordered_ids[window.offset : window.offset + window.page_size]) if window.offset < count else []
    return window, ids


def in_order(rows, ids) -> list:
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


# --- Links to the portal's pages ---------------------------------------------------------------------


class PageLinks:
    """Absolute URLs of one kind of page in both languages, reversing once per language (not once per row)."""

    PLACEHOLDER = "zz0placeholder0zz"

    def __init__(self, viewname: str, kwarg: str, *, numeric: bool = False):
        placeholder = 987654321 if numeric else self.PLACEHOLDER
        self.marker = str(placeholder)
        self.templates = {}
        for language in LANGUAGES:
            with translation.override(language):
                self.templates[language] = settings.SITE_URL + reverse(viewname, kwargs={kwarg: placeholder})

    def __call__(self, value, language: str = "ru") -> str:
        return self.templates[language].replace(self.marker, str(value), 1)

    def both(self, value) -> dict:
        return {"url": self(value, "ru"), "url_en": self(value, "en")}


# --- Code lists --------------------------------------------------------------------------------------


def labels(choices) -> list[dict]:
    """A TextChoices / IntegerChoices class as [{code, ru, en}]."""
    rows = []
    for value, label in choices.choices:
        names = {}
        for language in LANGUAGES:
            with translation.override(language):
                names[language] = str(label)
        rows.append({"code": str(value), **names})
    return rows


def ref(obj, name_field: str = "name") -> dict | None:
    if obj is None:
        return None
    return {"slug": obj.slug, "name_ru": getattr(obj, f"{name_field}_ru"), "name_en": getattr(obj, f"{name_field}_en")}


# --- From validated query parameters to the pages' FilterSets ----------------------------------------


def query_dict(values: dict[str, Any]) -> QueryDict:
    """Validated parameters as the GET data the portal's FilterSets read (lists repeat, booleans are "on")."""
    data = QueryDict(mutable=True)
    for name, value in values.items():
        if value is None or value is False or value == [] or value == "":
            continue
        if isinstance(value, list | tuple):
            data.setlist(name, [str(getattr(item, "value", item)) for item in value])
        elif value is True:
            data[name] = "on"
        else:
            data[name] = str(getattr(value, "value", value))
    return data


def require_valid(filterset) -> None:
    """A FilterSet whose form rejects the parameters becomes a 422 listing each field's errors (in English)."""
    with translation.override("en"):
        if not filterset.is_bound or filterset.is_valid():  # unbound: no parameter at all
            return
        errors = [
            {"loc": ["query", field], "msg": str(message), "type": "value_error"}
            for field, messages in filterset.form.errors.items()
            for message in messages
        ]
    raise ValidationError(errors)
