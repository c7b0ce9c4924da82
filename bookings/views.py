import csv
import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bookings import ical, selectors, services
from bookings.forms import BlackoutForm, BookingForm, OpeningHoursForm, ReasonForm, RejectForm, ResourceForm
from bookings.models import Blackout, Booking, BookingSeries, CalendarFeed, Resource, ResourcePhoto
from bookings.permissions import (
    can_manage_booking,
    can_manage_organization,
    can_manage_resource,
    can_see_resource,
    can_view_booking,
    can_view_organization_bookings,
    require_manage_organization,
    require_manage_resource,
)
from directory.models import Organization
from imoscow.errors import DomainError
from imoscow.paging import page_of

PAGE_SIZE = 20
# A new resource's opening hours start as Monday to Friday, 9:00 to 18:00.
WORKING_WEEK = {
    f"{edge}_{day}": datetime.time(hour) for day in range(5) for edge, hour in (("opens", 9), ("closes", 18))
}

# --- Access: one helper per kind of object ------------------------------------------------------------


def _resource_for(request, pk, *, manage=False) -> Resource:
    """A resource the user may see (inactive ones only for its managers), or 404; with manage, 403."""
    try:
        resource = selectors.resource_for_page(pk)
    except Resource.DoesNotExist:
        raise Http404 from None
    if not can_see_resource(resource, request.user):
        raise Http404
    if manage:
        require_manage_resource(resource, request.user)
    return resource


def _booking_for(request, pk) -> Booking:
    """A booking only its booker, the owner's members and staff see; anyone else gets 404."""
    try:
        booking = selectors.booking_for_page(pk)
    except Booking.DoesNotExist:
        raise Http404 from None
    if not can_view_booking(booking, request.user):
        raise Http404
    return booking


def _series_for(request, pk) -> BookingSeries:
    try:
        series = selectors.series_for_page(pk)
    except BookingSeries.DoesNotExist:
        raise Http404 from None
    if series.booked_by_id != request.user.pk and not can_view_organization_bookings(
        series.resource.organization, request.user
    ):
        raise Http404
    return series


def _organization_for(request, slug, *, manage=False) -> Organization:
    organization = get_object_or_404(Organization, slug=slug)
    allowed = can_manage_organization if manage else can_view_organization_bookings
    if not allowed(organization, request.user):
        raise Http404
    return organization


def _week_start(request) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    return selectors.monday_of(day)


# --- Search and resources -----------------------------------------------------------------------------


def index(request):
    """Free resources of a kind in an okrug at a time for a number of people; or all of them."""
    search = selectors.resource_search(request.GET or None)
    results = search.qs if (search.form.is_valid() or not search.is_bound) else Resource.objects.none()
    page = page_of(results, request.GET.get("page"), PAGE_SIZE, rows=selectors.resource_list())
    window = search.window
    book_query = ""
    if window:
        starts_at, ends_at = (timezone.localtime(moment) for moment in window)
        book_query = urlencode(
            {
                "date": starts_at.date().isoformat(),
                "start": f"{starts_at:%H:%M}",
                "end": f"{ends_at:%H:%M}",
                "people": search.form.cleaned_data.get("people") or 1,
            }
        )
    return render(
        request,
        "bookings/index.html",
        {"search": search, "form": search.form, "page": page, "window": window, "book_query": book_query},
    )


def resource_detail(request, pk):
    resource = _resource_for(request, pk)
    can_manage = can_manage_resource(resource, request.user)
    week = selectors.resource_week(resource, _week_start(request), user=request.user, can_manage=can_manage)
    return render(
        request,
        "bookings/resource_detail.html",
        {"resource": resource, "week": week, "can_manage": can_manage},
    )


@login_required
def resource_book(request, pk):
    resource = _resource_for(request, pk)
    initial = {key: request.GET[key] for key in ("date", "start", "end", "people") if request.GET.get(key)}
    form = BookingForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        weeks = form.cleaned_data["weeks"]
        try:
            if weeks > 1:
                series = services.booking_series_create(
                    resource=resource, user=request.user, weeks=weeks, **form.service_arguments()
                )
                messages.success(request, _("Your weekly bookings are made. We have emailed you the details."))
                return redirect(series)
            booking = services.booking_create(resource=resource, user=request.user, **form.service_arguments())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if booking.status == Booking.Status.CONFIRMED:
                messages.success(request, _("Your booking is confirmed. We have emailed you the details."))
            else:
                messages.success(request, _("Your request is sent; the owner will approve or reject it."))
            return redirect(booking)
    return render(request, "bookings/booking_form.html", {"resource": resource, "form": form})


@login_required
def resource_create(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    require_manage_organization(organization, request.user)
    form = ResourceForm(request.POST or None, request.FILES or None)
    hours_form = OpeningHoursForm(
        request.POST or None,
        prefix="hours",
        initial=WORKING_WEEK,
    )
    if request.method == "POST" and form.is_valid() and hours_form.is_valid():
        try:
            resource = services.resource_create(
                organization=organization, user=request.user, hours=hours_form.hours(), **form.service_arguments()
            )
        except DomainError as error:
            hours_form.add_error(None, error.message)
        else:
            messages.success(request, _("The resource is listed."))
            return redirect(resource)
    return render(
        request,
        "bookings/resource_form.html",
        {"form": form, "hours_form": hours_form, "organization": organization},
    )


@login_required
def resource_edit(request, pk):
    resource = _resource_for(request, pk, manage=True)
    form = ResourceForm(request.POST or None, request.FILES or None, instance=resource)
    hours_form = OpeningHoursForm(request.POST or None, prefix="hours", resource=resource)
    if request.method == "POST" and form.is_valid() and hours_form.is_valid():
        try:
            services.resource_update(
                resource=resource, user=request.user, hours=hours_form.hours(), **form.service_arguments()
            )
        except DomainError as error:
            hours_form.add_error(None, error.message)
        else:
            messages.success(request, _("The resource is saved."))
            return redirect(resource)
    return render(
        request,
        "bookings/resource_form.html",
        {"form": form, "hours_form": hours_form, "organization": resource.organization, "resource": resource},
    )


@login_required
@require_POST
def photo_delete(request, pk):
    photo = get_object_or_404(ResourcePhoto.objects.select_related("resource__organization"), pk=pk)
    _resource_for(request, photo.resource_id, manage=True)
    services.resource_photo_delete(photo=photo, user=request.user)
    messages.success(request, _("The photo is removed."))
    return redirect("bookings:resource_edit", pk=photo.resource_id)


@login_required
def resource_blackouts(request, pk):
    resource = _resource_for(request, pk, manage=True)
    form = BlackoutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.blackout_create(resource=resource, user=request.user, **form.service_arguments())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The period is closed for bookings."))
            return redirect("bookings:blackouts", pk=resource.pk)
    return render(
        request,
        "bookings/blackouts.html",
        {"resource": resource, "form": form, "blackouts": selectors.blackouts_ahead(resource)},
    )


@login_required
@require_POST
def blackout_delete(request, pk):
    blackout = get_object_or_404(Blackout.objects.select_related("resource__organization"), pk=pk)
    _resource_for(request, blackout.resource_id, manage=True)
    services.blackout_delete(blackout=blackout, user=request.user)
    messages.success(request, _("The period is open for bookings again."))
    return redirect("bookings:blackouts", pk=blackout.resource_id)


@login_required
@require_POST
def resource_feed_reset(request, pk):
    resource = _resource_for(request, pk, manage=True)
    services.resource_feed_reset(resource=resource, user=request.user)
    messages.success(request, _("The feed has a new address; the old one no longer works."))
    return redirect("bookings:resource_edit", pk=resource.pk)


# --- Bookings ---------------------------------------------------------------------------------------------


def _booking_page(request, booking, *, reject_form=None, cancel_form=None, status=200):
    can_manage = can_manage_booking(booking, request.user)
    refusal = services.cancel_refusal(booking, request.user, is_manager=can_manage)
    return render(
        request,
        "bookings/booking_detail.html",
        {
            "booking": booking,
            "can_manage": can_manage,
            "can_approve": can_manage and booking.status == Booking.Status.PENDING,
            "can_cancel": refusal is None,
            "cancel_refusal": refusal if booking.is_active else None,
            "reject_form": reject_form or RejectForm(prefix="reject"),
            "cancel_form": cancel_form or ReasonForm(prefix="cancel"),
        },
        status=status,
    )


@login_required
def booking_detail(request, pk):
    return _booking_page(request, _booking_for(request, pk))


@login_required
def booking_ics(request, pk):
    booking = _booking_for(request, pk)
    body = ical.calendar_of([booking], name=booking.resource.name, show_booker=True)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="booking-{booking.pk}.ics"'
    return response


@login_required
@require_POST
def booking_approve(request, pk):
    booking = _booking_for(request, pk)
    if not can_manage_booking(booking, request.user):
        raise Http404
    try:
        services.booking_approve(booking=booking, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The booking is approved; the booker gets an email."))
    if request.POST.get("next") == "queue":
        return redirect("bookings:queue", slug=booking.resource.organization.slug)
    return redirect(booking)


@login_required
@require_POST
def booking_reject(request, pk):
    booking = _booking_for(request, pk)
    if not can_manage_booking(booking, request.user):
        raise Http404
    form = RejectForm(request.POST, prefix="reject")
    if form.is_valid():
        try:
            services.booking_reject(booking=booking, user=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The request is rejected; the booker gets an email."))
            return redirect(booking)
    return _booking_page(request, booking, reject_form=form)


@login_required
@require_POST
def booking_cancel(request, pk):
    booking = _booking_for(request, pk)
    form = ReasonForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            services.booking_cancel(booking=booking, user=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The booking is cancelled."))
            return redirect(booking)
    return _booking_page(request, booking, cancel_form=form)


@login_required
def series_detail(request, pk):
    series = _series_for(request, pk)
    return render(
        request,
        "bookings/series_detail.html",
        {
            "series": series,
            "bookings": selectors.series_bookings(series),
            "can_manage": can_manage_resource(series.resource, request.user),
            "cancel_form": ReasonForm(prefix="cancel"),
        },
    )


@login_required
@require_POST
def series_cancel(request, pk):
    series = _series_for(request, pk)
    form = ReasonForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            cancelled, kept = services.booking_series_cancel(
                series=series, user=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            message = ngettext("%(count)d date cancelled.", "%(count)d dates cancelled.", cancelled) % {
                "count": cancelled
            }
            if kept:
                message += " " + ngettext(
                    "%(count)d date is past the cancellation deadline and stays booked.",
                    "%(count)d dates are past the cancellation deadline and stay booked.",
                    kept,
                ) % {"count": kept}
            messages.success(request, message)
            return redirect(series)
    return render(
        request,
        "bookings/series_detail.html",
        {
            "series": series,
            "bookings": selectors.series_bookings(series),
            "can_manage": can_manage_resource(series.resource, request.user),
            "cancel_form": form,
        },
    )


@login_required
def my_bookings(request):
    bookings = selectors.bookings_of_user(request.user, request.GET or None)
    page = Paginator(bookings.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    feed = services.calendar_feed_get_or_create(user=request.user)
    return render(request, "bookings/my_bookings.html", {"filter": bookings, "page": page, "feed": feed})


@login_required
@require_POST
def my_feed_reset(request):
    services.calendar_feed_reset(user=request.user)
    messages.success(request, _("Your feed has a new address; the old one no longer works."))
    return redirect("bookings:mine")


# --- The owner's pages --------------------------------------------------------------------------------------


@login_required
def organization_console(request, slug):
    organization = _organization_for(request, slug)
    return render(
        request,
        "bookings/organization_console.html",
        {
            "organization": organization,
            "resources": selectors.resources_of(organization, active_only=False),
            "can_manage": can_manage_organization(organization, request.user),
            "queue_size": selectors.approval_queue(organization).count(),
        },
    )


@login_required
def organization_bookings(request, slug):
    organization = _organization_for(request, slug)
    bookings = selectors.incoming_bookings(organization, request.GET or None)
    page = Paginator(bookings.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "bookings/organization_bookings.html",
        {"organization": organization, "filter": bookings, "page": page},
    )


@login_required
def organization_bookings_csv(request, slug):
    organization = _organization_for(request, slug)
    bookings = selectors.incoming_bookings(organization, request.GET or None)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bookings-{organization.slug}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Number"),
            _("Resource"),
            _("Starts"),
            _("Ends"),
            _("Status"),
            _("People"),
            _("Booked by"),
            _("Email"),
            _("On behalf of"),
            _("Purpose"),
            _("Price, roubles"),
            _("Reason"),
        ]
    )
    for booking in bookings.qs.iterator(chunk_size=2000):
        writer.writerow(
            [
                booking.pk,
                _csv_safe(booking.resource.name),
                timezone.localtime(booking.starts_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(booking.ends_at).strftime("%Y-%m-%d %H:%M"),
                booking.get_status_display(),
                booking.people,
                _csv_safe(str(booking.booked_by)),
                _csv_safe(booking.booked_by.email),
                _csv_safe(booking.organization.name) if booking.organization_id else "",
                _csv_safe(booking.purpose),
                booking.price,
                _csv_safe(booking.reason),
            ]
        )
    return response


def _csv_safe(text: str) -> str:
    """Spreadsheet programs run cells that start with = + - @ as formulas; such text gets a leading quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@login_required
def organization_queue(request, slug):
    organization = _organization_for(request, slug, manage=True)
    page = Paginator(selectors.approval_queue(organization), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "bookings/organization_queue.html",
        {"organization": organization, "page": page, "reject_form": RejectForm(prefix="reject")},
    )


@login_required
def organization_utilization(request, slug):
    organization = _organization_for(request, slug)
    return render(
        request,
        "bookings/organization_utilization.html",
        {"organization": organization, "rows": selectors.utilization(organization), "days": 30},
    )


# --- iCal feeds behind secret addresses ------------------------------------------------------------------------


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def feed_user(request, token):
    try:
        user, bookings = selectors.feed_of_user(token)
    except CalendarFeed.DoesNotExist:
        raise Http404 from None
    return _ics_response(ical.calendar_of(bookings, name=_("My bookings"), show_booker=False), "bookings.ics")


def feed_resource(request, token):
    try:
        resource, bookings = selectors.feed_of_resource(token)
    except Resource.DoesNotExist:
        raise Http404 from None
    return _ics_response(
        ical.calendar_of(bookings, name=resource.name, show_booker=True), f"resource-{resource.pk}.ics"
    )
