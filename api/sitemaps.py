"""sitemap.xml: every public page of every area, in both languages with hreflang alternates.

URLs are built on SITE_URL (the portal's public address), as canonical links are, whatever host the
request came through. /sitemap.xml is an index of sections (one per kind of page), each paginated.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse

from api.areas import area_modules


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000  # URLs per sitemap page (each item counts once per language)

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_latest_lastmod(self):
        """One aggregate query, where Django's default would read every item."""
        items = self.items()
        if isinstance(items, QuerySet) and hasattr(self, "lastmod"):
            return items.order_by().aggregate(latest=Max("updated"))["latest"]
        return None


class StaticPagesSitemap(PortalSitemap):
    """The landing and list pages of every area."""

    changefreq = "daily"
    priority = 0.8

    def __init__(self, names):
        self.names = names

    def items(self):
        return self.names

    def location(self, item):
        return reverse(item)


def portal_sitemaps() -> dict[str, Sitemap]:
    pages = ["home"]
    sections = {}
    for module in area_modules():
        pages += getattr(module, "STATIC_PAGES", [])
        for name, sitemap in getattr(module, "SITEMAPS", {}).items():
            sections[name] = sitemap()
    return {"pages": StaticPagesSitemap(pages), **sections}
