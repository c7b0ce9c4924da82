"""Tags for the <head> of every page: canonical and alternate-language links, Open Graph from the page's blocks.

`{% block_text "head_title" %}` renders the page's own `head_title` block a second time, as plain text, so
Open Graph titles and descriptions come from the blocks pages already fill in and no page needs an edit.
"""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.template.base import NodeList
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockNode
from django.urls import translate_url
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

register = template.Library()

KEPT_PARAMETERS = ("page",)  # a list's later pages are pages of their own; filters are not


@register.simple_tag(takes_context=True)
def block_text(context, name, default=""):
    """The most specific override of block `name`, as one line of (already escaped) text."""
    if context.render_context.get(BLOCK_CONTEXT_KEY) is None:
        return default
    rendered = BlockNode(name, NodeList()).render(context)
    text = " ".join(strip_tags(rendered).split())
    return mark_safe(text) if text else default  # noqa: S308 (autoescaped when the block rendered)


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's address on the portal's public host (SITE_URL), keeping only the page number."""
    request = context.get("request")
    if request is None:
        return ""
    url = _absolute(request.path)
    kept = [(key, request.GET[key]) for key in KEPT_PARAMETERS if request.GET.get(key) not in (None, "", "1")]
    if kept:
        url += "?" + urlencode(kept)
    return url


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[tuple[str, str]]:
    """(language, absolute URL of this page in it) for every language, for hreflang links."""
    request = context.get("request")
    if request is None or getattr(request, "resolver_match", None) is None:
        return []
    urls = [(code, _absolute(translate_url(request.path, code))) for code, _name in settings.LANGUAGES]
    if len({url for _code, url in urls}) < len(urls):
        return []  # a page outside the language prefixes (the API's) has one address only
    default = dict(urls)[settings.LANGUAGE_CODE]
    return [*urls, ("x-default", default)]


@register.simple_tag
def og_locale(language_code: str) -> str:
    return {"ru": "ru_RU", "en": "en_US"}.get((language_code or "ru")[:2], "ru_RU")
