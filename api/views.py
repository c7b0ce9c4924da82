"""Pages around the API: its readable overview, robots.txt and the sitemap index."""

from functools import cache

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET

from api.sitemaps import portal_sitemaps

SITEMAP_CACHE_SECONDS = 3600

# Paths crawlers have no business in, in every language.
ROBOTS_DISALLOW = ("/admin/", "/me/", "/accounts/")


def _schema_type(schema: dict) -> str:
    if "anyOf" in schema:
        return " | ".join(_schema_type(part) for part in schema["anyOf"] if part.get("type") != "null")
    if schema.get("type") == "array":
        return f"[{_schema_type(schema.get('items', {}))}]"
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    if "const" in schema:
        return str(schema["const"])
    return schema.get("format") or schema.get("type") or ""


@cache
def _operations() -> list[dict]:
    from api.v1 import api

    schema = api.get_openapi_schema(path_prefix=reverse("api:index"))
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "tag": (operation.get("tags") or [""])[0],
                    "anchor": operation.get("operationId", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "in": parameter["in"],
                            "required": parameter.get("required", False),
                            "type": _schema_type(parameter.get("schema", {})),
                            "description": parameter.get("description")
                            or parameter.get("schema", {}).get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                }
            )
    return operations


@require_GET
def index(request):
    """A readable overview of the API that needs no JavaScript; the interactive docs are one link away.

    The API lives outside the language prefixes, where Django would always speak the default language:
    this page follows the visitor's language cookie or browser instead."""
    with translation.override(translation.get_language_from_request(request)):
        return _render_index(request)


def _render_index(request):
    return render(
        request,
        "api/index.html",
        {
            "operations": _operations(),
            "schema_url": request.build_absolute_uri(reverse("api:openapi-json")),
            "docs_url": reverse("api:openapi-view"),
        },
    )


def not_found(request):
    response = JsonResponse({"detail": "Not found."}, status=404)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def robots_txt(request):
    lines = ["User-agent: *"]
    for language, _name in settings.LANGUAGES:
        prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
        lines += [f"Disallow: {prefix}{path}" for path in ROBOTS_DISALLOW]
    lines += ["", f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
@cache_page(SITEMAP_CACHE_SECONDS)
def sitemap_index(request):
    """The sections, each with the date of its latest change (one aggregate query per section)."""
    base = settings.SITE_URL
    entries = []
    for section, sitemap in portal_sitemaps().items():
        url = reverse("sitemap_section", kwargs={"section": section})
        pages = sitemap.paginator.num_pages
        lastmod = sitemap.get_latest_lastmod()
        for page in range(1, pages + 1):
            entries.append({"location": f"{base}{url}" + (f"?p={page}" if page > 1 else ""), "last_mod": lastmod})
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
        headers={"X-Robots-Tag": "noindex, noodp, noarchive"},
    )


@require_GET
@cache_page(SITEMAP_CACHE_SECONDS)
def sitemap_section(request, section):
    sitemaps = portal_sitemaps()
    if section not in sitemaps:
        raise Http404
    return sitemap_views.sitemap(request, sitemaps={section: sitemaps[section]}, section=section)
