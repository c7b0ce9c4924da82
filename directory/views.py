from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from directory import selectors, services
from directory.extensions import profile_sections_for
from directory.forms import OrganizationForm, OrganizationRegistrationForm
from directory.models import Organization
from directory.permissions import EDIT_ROLES, has_role, require_role


def _organization_or_404(slug):
    try:
        return selectors.organization_for_profile(slug)
    except Organization.DoesNotExist:
        raise Http404 from None


def organization_list(request):
    page = Paginator(selectors.organization_list(), 24).get_page(request.GET.get("page"))
    return render(request, "directory/organization_list.html", {"page": page})


def organization_detail(request, slug):
    organization = _organization_or_404(slug)
    return render(
        request,
        "directory/organization_detail.html",
        {
            "organization": organization,
            "can_edit": has_role(organization, request.user, EDIT_ROLES),
            "sections": profile_sections_for(organization, request.user),
        },
    )


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
