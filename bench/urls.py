"""The portal's URLs plus the benchmark's floor view."""

from django.db.models import Max
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from directory.models import Organization
from imoscow.urls import urlpatterns as portal_urlpatterns

FLOOR_TEMPLATE = engines["django"].from_string(
    "<!DOCTYPE html><title>floor</title>"
    "<ul>{% for row in rows %}<li>{{ row.slug }} {{ row.name_ru }}</li>{% endfor %}</ul>"
)
_middle = {}


def floor(request):
    """The least a page can cost here: 20 rows by an indexed range, a trivial template."""
    if "pk" not in _middle:
        _middle["pk"] = (Organization.objects.aggregate(top=Max("pk"))["top"] or 0) // 2
    rows = Organization.objects.filter(pk__gte=_middle["pk"]).order_by("pk").only("slug", "name_ru")[:20]
    return HttpResponse(FLOOR_TEMPLATE.render({"rows": rows}))


urlpatterns = [path("bench/floor/", floor), *portal_urlpatterns]
