from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from directory.models import Organization
from directory.selectors import counts_by_kind, organization_list

# Areas whose pages arrive with their issues; until then the header links to a short page.
AREAS = {
    "bookings": _("Spaces and equipment"),
    "jobs": _("Jobs"),
    "programs": _("Incentives and programs"),
    "courses": _("Courses for children"),
}


def home(request):
    counts = counts_by_kind()
    kinds = [(kind, label, counts.get(kind, 0)) for kind, label in Organization.Kind.choices]
    featured = organization_list().filter(is_verified=True).exclude(kind=Organization.Kind.COMPANY)[:6]
    return render(request, "home.html", {"kinds": kinds, "featured": featured})


def coming_soon(request, area):
    if area not in AREAS:
        raise Http404
    return render(request, "coming_soon.html", {"area_title": AREAS[area]})


@require_GET
@never_cache
def healthz(request):
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
