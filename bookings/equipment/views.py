from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings.equipment import selectors, services
from bookings.equipment.forms import EquipmentItemForm, EquipmentResourceForm, MessageForm, OfferForm, RequestForm
from bookings.equipment.models import EquipmentItem, EquipmentRequest, Offer
from bookings.equipment.permissions import can_manage_item, can_see_request, can_use_thread, is_requester
from bookings.forms import OpeningHoursForm
from bookings.permissions import MANAGE_ROLES, can_view_organization_bookings, require_manage_organization
from bookings.views import WORKING_WEEK
from directory.models import Membership, Organization
from imoscow.errors import DomainError
from imoscow.paging import page_of

PAGE_SIZE = 20


def _item_for(request, pk, *, manage=False) -> EquipmentItem:
    try:
        item = selectors.item_for_page(pk)
    except EquipmentItem.DoesNotExist:
        raise Http404 from None
    listed = item.is_active and item.resource.is_active
    if not listed and not can_manage_item(item, request.user):
        raise Http404
    if manage and not can_manage_item(item, request.user):
        raise PermissionDenied
    return item


def _request_for(request, pk) -> EquipmentRequest:
    """A request the user may see; a private one is 404 to everyone else."""
    try:
        equipment_request = selectors.request_for_page(pk)
    except EquipmentRequest.DoesNotExist:
        raise Http404 from None
    if not can_see_request(equipment_request, request.user):
        raise Http404
    return equipment_request


def _managed_org_ids(user) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user=user, role__in=MANAGE_ROLES).values_list("organization_id", flat=True))


def _offerable_items(user):
    return (
        EquipmentItem.objects.filter(organization_id__in=_managed_org_ids(user), is_active=True)
        .select_related("resource")
        .order_by("resource__name_ru", "pk")
    )


# --- Catalogue ---------------------------------------------------------------------------------------------


def catalogue(request):
    search = selectors.item_search(request.GET or None)
    results = search.qs if (search.form.is_valid() or not search.is_bound) else EquipmentItem.objects.none()
    # The count runs on the items table alone (its joins are only for display), so two cheap queries beat
    # one window over every match.
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "bookings/equipment/catalogue.html", {"form": search.form, "page": page})


def item_detail(request, pk):
    item = _item_for(request, pk)
    return render(
        request,
        "bookings/equipment/item_detail.html",
        {"item": item, "resource": item.resource, "can_manage": can_manage_item(item, request.user)},
    )


def _item_form_page(request, *, organization, item=None):
    resource = item.resource if item else None
    resource_form = EquipmentResourceForm(
        request.POST or None, request.FILES or None, instance=resource, prefix="resource"
    )
    item_form = EquipmentItemForm(request.POST or None, instance=item)
    hours_form = OpeningHoursForm(
        request.POST or None, prefix="hours", **({"resource": resource} if resource else {"initial": WORKING_WEEK})
    )
    if request.method == "POST" and all(f.is_valid() for f in (resource_form, item_form, hours_form)):
        arguments = item_form.service_arguments()
        try:
            if item is None:
                item = services.item_create(
                    organization=organization,
                    user=request.user,
                    hours=hours_form.hours(),
                    resource_fields=resource_form.service_arguments(),
                    **arguments,
                )
            else:
                item = services.item_update(
                    item=item,
                    user=request.user,
                    hours=hours_form.hours(),
                    resource_fields=resource_form.service_arguments(),
                    **arguments,
                )
        except DomainError as error:
            item_form.add_domain_error(error)
        else:
            messages.success(request, _("The equipment is saved."))
            return redirect(item)
    return render(
        request,
        "bookings/equipment/item_form.html",
        {
            "resource_form": resource_form,
            "form": item_form,
            "hours_form": hours_form,
            "organization": organization,
            "item": item,
        },
    )


@login_required
def item_create(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    require_manage_organization(organization, request.user)
    return _item_form_page(request, organization=organization)


@login_required
def item_edit(request, pk):
    item = _item_for(request, pk, manage=True)
    return _item_form_page(request, organization=item.organization, item=item)


# --- Requests and offers -------------------------------------------------------------------------------------


def request_list(request):
    filterset = selectors.open_requests(request.user, request.GET or None)
    results = filterset.qs if (filterset.form.is_valid() or not filterset.is_bound) else EquipmentRequest.objects.none()
    page = page_of(results, request.GET.get("page"), PAGE_SIZE)
    return render(request, "bookings/equipment/request_list.html", {"form": filterset.form, "page": page})


@login_required
def request_create(request):
    form = RequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            equipment_request = services.request_create(user=request.user, **form.service_arguments())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your request is published. Owners will answer with offers."))
            return redirect(equipment_request)
    return render(request, "bookings/equipment/request_form.html", {"form": form})


@login_required
def my_requests(request):
    return render(
        request, "bookings/equipment/my_requests.html", {"requests": selectors.requests_of_user(request.user)}
    )


def _request_page(request, equipment_request, *, offer_form=None, status=200):
    items = _offerable_items(request.user)
    offers = list(selectors.offers_for(equipment_request, request.user, managed_org_ids=_managed_org_ids(request.user)))
    requester = is_requester(equipment_request, request.user)
    if offer_form is None and not requester and equipment_request.status == EquipmentRequest.Status.OPEN:
        offer_form = OfferForm(items=items, equipment_request=equipment_request) if items.exists() else None
    return render(
        request,
        "bookings/equipment/request_detail.html",
        {"equipment_request": equipment_request, "offers": offers, "offer_form": offer_form, "is_requester": requester},
        status=status,
    )


def request_detail(request, pk):
    return _request_page(request, _request_for(request, pk))


@login_required
@require_POST
def request_cancel(request, pk):
    equipment_request = _request_for(request, pk)
    try:
        services.request_cancel(equipment_request=equipment_request, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The request is cancelled."))
    return redirect(equipment_request)


@login_required
@require_POST
def offer_create(request, pk):
    equipment_request = _request_for(request, pk)
    form = OfferForm(request.POST, items=_offerable_items(request.user))
    if form.is_valid():
        try:
            services.offer_create(equipment_request=equipment_request, user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your offer is sent."))
            return redirect(equipment_request)
    return _request_page(request, equipment_request, offer_form=form, status=400)


def _offer_for(request, pk) -> Offer:
    offer = get_object_or_404(Offer.objects.select_related("request", "organization"), pk=pk)
    if not (
        is_requester(offer.request, request.user)
        or offer.organization_id in _managed_org_ids(request.user)
        or request.user.is_staff
    ):
        raise Http404
    return offer


@login_required
@require_POST
def offer_accept(request, pk):
    offer = _offer_for(request, pk)
    try:
        services.offer_accept(offer=offer, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You accepted the offer. The owner's contact details are in the conversation."))
    return redirect(offer.request)


@login_required
@require_POST
def offer_withdraw(request, pk):
    offer = _offer_for(request, pk)
    try:
        services.offer_withdraw(offer=offer, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(offer.request)


@login_required
def thread(request, pk, slug):
    equipment_request = _request_for(request, pk)
    organization = get_object_or_404(Organization, slug=slug)
    if not can_use_thread(equipment_request, organization, request.user):
        raise Http404
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_post(
                equipment_request=equipment_request,
                organization=organization,
                user=request.user,
                body=form.cleaned_data["body"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("bookings:equipment:thread", pk=pk, slug=slug)
    accepted = selectors.accepted_offer(equipment_request, organization)
    return render(
        request,
        "bookings/equipment/thread.html",
        {
            "equipment_request": equipment_request,
            "organization": organization,
            "form": form,
            "thread": selectors.thread(equipment_request, organization),
            "accepted": accepted,
        },
    )


# --- Owners ---------------------------------------------------------------------------------------------------


@login_required
def owner(request, slug):
    """An owner's equipment: utilization over 30 and 90 days (idle first) and the open requests it could serve."""
    organization = get_object_or_404(Organization, slug=slug)
    if not can_view_organization_bookings(organization, request.user):
        raise Http404
    matching = selectors.matching_requests(organization, request.user)
    page = page_of(matching, request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "bookings/equipment/owner.html",
        {"organization": organization, "uses": selectors.underused(organization), "page": page},
    )
