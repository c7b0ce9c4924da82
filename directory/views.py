from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from directory import selectors, services
from directory.extensions import profile_sections_for, search_areas
from directory.forms import (
    OrganizationForm,
    OrganizationRegistrationForm,
    ProviderSearchForm,
    ResidencyApplyForm,
    ResidencyDecisionForm,
    SiteSearchForm,
)
from directory.jsonld import json_ld_script_content, organization_json_ld
from directory.models import Accreditation, Capability, Okrug, Organization, ResidencyRequest
from directory.permissions import ADMIN_ROLES, EDIT_ROLES, has_role, require_role
from imoscow.errors import DomainError
from imoscow.forms import add_domain_error

SITE_SEARCH_HITS = 5


def _organization_or_404(slug):
    try:
        return selectors.organization_for_profile(slug)
    except Organization.DoesNotExist:
        raise Http404 from None


def _map_settings():
    return {"tile_url": settings.MAP_TILE_URL, "tile_attribution": settings.MAP_TILE_ATTRIBUTION}


@require_GET
def organization_list(request, *, show_map=False):
    result = selectors.organization_directory(params=request.GET, page_number=request.GET.get("page"))
    return render(
        request,
        "directory/organization_list.html",
        {
            "result": result,
            "filter": result.filterset,
            "page": result.page,
            "show_map": show_map,
            "map": _map_settings(),
            "map_limit": selectors.MAP_LIMIT,
        },
    )


@require_GET
def organization_map(request):
    return organization_list(request, show_map=True)


@require_GET
def organization_map_geojson(request):
    """The filtered set as a GeoJSON FeatureCollection (at most MAP_LIMIT points, in the list's order)."""
    rows, total = selectors.organization_map_features(params=request.GET)
    english = request.LANGUAGE_CODE == "en"
    kinds = {value: str(label) for value, label in Organization.Kind.choices}
    profile_prefix = reverse("directory:detail", kwargs={"slug": "-"})[:-2]  # one reverse() for every row
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]},
            "properties": {
                "name": (english and row["name_en"]) or row["name_ru"],
                "url": f"{profile_prefix}{row['slug']}/",
                "kind": kinds[row["kind"]],
                "verified": row["is_verified"],
                "address": row["address"],
            },
        }
        for row in rows
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features, "total": total, "truncated": total > len(features)},
        json_dumps_params={"ensure_ascii": False},
    )


def organization_detail(request, slug):
    organization = _organization_or_404(slug)
    context = {
        "organization": organization,
        "can_edit": has_role(organization, request.user, EDIT_ROLES),
        "sections": profile_sections_for(organization, request.user),
        "json_ld": json_ld_script_content(organization_json_ld(organization, request=request)),
        "map": _map_settings(),
    }
    if organization.hosts_residents:
        context["residents"] = selectors.residents_of(organization)
        context["manages_residency"] = has_role(organization, request.user, ADMIN_ROLES)
        if context["manages_residency"]:
            context["pending_requests"] = selectors.pending_request_count(organization)
        applicants = selectors.organizations_that_may_apply(request.user, organization)
        if request.user.is_authenticated and applicants.exists():
            context["apply_form"] = ResidencyApplyForm(organizations=applicants)
    else:
        if context["can_edit"]:
            context["residency_requests"] = selectors.residency_requests_of(
                organization, status=ResidencyRequest.Status.PENDING
            )
        if organization.park_id and request.user.is_authenticated:
            context["can_end_residency"] = has_role(organization, request.user, ADMIN_ROLES) or has_role(
                organization.park, request.user, ADMIN_ROLES
            )
    return render(request, "directory/organization_detail.html", context)


@login_required
def organization_register(request):
    form = OrganizationRegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        organization = services.organization_register(user=request.user, **form.service_arguments())
        messages.success(
            request,
            _("Your organization is registered. Staff will verify it; until then it is marked unverified."),
        )
        return redirect(organization)
    return render(request, "directory/organization_form.html", {"form": form, "registering": True})


@login_required
def organization_edit(request, slug):
    organization = _organization_or_404(slug)
    require_role(organization, request.user, EDIT_ROLES)
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        services.organization_update(organization=organization, user=request.user, **form.service_arguments())
        messages.success(request, _("The profile is saved."))
        return redirect(organization)
    return render(request, "directory/organization_form.html", {"form": form, "organization": organization})


# --- Residency ---------------------------------------------------------------------------------------


@login_required
def residency_apply(request, slug):
    """A member of a company asks the park whose profile this is to take the company in."""
    park = get_object_or_404(Organization, slug=slug, kind__in=Organization.HOST_KINDS)
    form = ResidencyApplyForm(
        request.POST or None, organizations=selectors.organizations_that_may_apply(request.user, park)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.residency_request_create(
                organization=form.cleaned_data["organization"],
                park=park,
                user=request.user,
                message=form.cleaned_data["message"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your request is sent. The park's administrators will answer it."))
            return redirect(park)
    return render(request, "directory/residency_apply.html", {"park": park, "form": form})


@login_required
def residency_requests(request, slug):
    """The park's administrators (and staff) see its pending requests and its recent decisions."""
    park = get_object_or_404(Organization, slug=slug, kind__in=Organization.HOST_KINDS)
    require_role(park, request.user, ADMIN_ROLES)
    return render(
        request,
        "directory/residency_requests.html",
        {
            "park": park,
            "pending": selectors.residency_requests_for_park(park),
            "decided": selectors.residency_decisions_for_park(park),
            "decisions": ResidencyDecisionForm.DECISIONS,
        },
    )


@login_required
@require_POST
def residency_decide(request, pk):
    residency_request = get_object_or_404(ResidencyRequest.objects.select_related("park", "organization"), pk=pk)
    park = residency_request.park
    require_role(park, request.user, ADMIN_ROLES)
    form = ResidencyDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or to reject."))
        return redirect("directory:residency_requests", slug=park.slug)
    decide = (
        services.residency_request_approve
        if form.cleaned_data["decision"] == "approve"
        else services.residency_request_reject
    )
    try:
        decide(residency_request=residency_request, user=request.user, comment=form.cleaned_data["comment"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The decision is saved and the organization is told."))
    return redirect("directory:residency_requests", slug=park.slug)


@login_required
@require_POST
def residency_withdraw(request, pk):
    residency_request = get_object_or_404(ResidencyRequest.objects.select_related("organization"), pk=pk)
    require_role(residency_request.organization, request.user, EDIT_ROLES)
    try:
        services.residency_request_withdraw(residency_request=residency_request, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The request is withdrawn."))
    return redirect(residency_request.organization)


@login_required
@require_POST
def residency_end(request, slug):
    organization = get_object_or_404(Organization.objects.select_related("park"), slug=slug)
    if organization.park is None:
        raise Http404
    if not (
        has_role(organization, request.user, ADMIN_ROLES) or has_role(organization.park, request.user, ADMIN_ROLES)
    ):
        raise PermissionDenied
    try:
        services.residency_end(organization=organization, user=request.user, comment=request.POST.get("comment", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The residency has ended."))
    return redirect(organization)


# --- Find a provider ---------------------------------------------------------------------------------


@require_GET
def find_provider(request):
    """Stages + industry (+ standard, okrug) in the URL; for each stage a ranked list of providers."""
    form = ProviderSearchForm(request.GET or None)
    stages, chosen = [], {}
    if form.is_valid():
        data = form.cleaned_data
        chosen = {
            "industry": data["industry"].name,
            "standard": Accreditation.Standard(data["standard"]).label if data["standard"] else "",
            "okrug": Okrug(data["okrug"]).label if data["okrug"] else "",
        }
        for capability in data["stage"]:
            stages.append(
                {
                    "capability": capability,
                    "label": Capability(capability).label,
                    "providers": selectors.providers_for_stage(
                        capability=capability, industry=data["industry"], standard=data["standard"], okrug=data["okrug"]
                    ),
                }
            )
    return render(request, "directory/find_provider.html", {"form": form, "stages": stages, "chosen": chosen})


# --- Search everywhere -------------------------------------------------------------------------------


@require_GET
def site_search(request):
    """One query, every area: the directory and whatever other apps registered (vacancies, spaces, ...)."""
    form = SiteSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    groups = []
    if query:
        for area in search_areas():
            hits, total = area.search(query, SITE_SEARCH_HITS)
            groups.append({"area": area, "hits": hits, "total": total, "more_url": area.more_url(query)})
    return render(
        request,
        "directory/site_search.html",
        {"form": form, "query": query, "groups": groups, "found": sum(group["total"] for group in groups)},
    )
