"""The areas of the portal the API serves, one module each.

An area module defines:
- `router`: a ninja Router with its schemas, filters and routes (paths are absolute: "/organizations");
- `VOCABULARIES`: {name: TextChoices} of its code lists, served by /vocabularies in both languages;
- `SITEMAPS`: {section: Sitemap class} of its public pages, and `STATIC_PAGES`: URL names of its fixed pages;
- optionally `EXPORTS`: CSV exports (see api/exports.py), registered by the area's own routes.

Adding an area is one module here and one line in AREAS.
"""

from importlib import import_module

AREAS = [
    "api.areas.directory",
    "api.areas.programs",
    "api.areas.courses",
    "api.areas.jobs",
]


def area_modules():
    return [import_module(name) for name in AREAS]
