import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from courses import selectors, services
from courses.forms import CancelForm, ChildForm, CourseForm, EnrollForm, GroupForm, slot_formset
from courses.models import Enrollment
from courses.permissions import (
    can_cancel,
    can_manage,
    can_see_roster,
    require_manager,
    require_roster_access,
)
from imoscow.errors import DomainError
from imoscow.forms import add_domain_error

PAGE_SIZE = 12  # each card lists its open groups with times and seats: twelve make a long page already


# --- Parents: finder, course page, enrollment ----------------------------------------------------------


def course_finder(request):
    filterset = selectors.course_finder(data=request.GET, user=request.user)
    page = Paginator(filterset.results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/finder.html",
        {"filter": filterset, "form": filterset.form, "page": page},
    )


def course_detail(request, pk):
    course = selectors.course_for_page(pk)
    manager = can_manage(course.organization, request.user)
    if not course.is_published and not manager:
        raise Http404
    return render(
        request,
        "courses/course_detail.html",
        {
            "course": course,
            "groups": selectors.open_groups_of(course),
            "can_manage": manager,
            "can_see_roster": can_see_roster(course.organization, request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_enroll(request, pk):
    group = selectors.group_for_page(pk)
    course = group.course
    if not course.is_published:
        raise Http404
    children = selectors.children_of(request.user)
    form = EnrollForm(request.POST or None, children=children)
    if request.method == "POST" and form.is_valid():
        try:
            enrollment = services.enrollment_create(child=form.cleaned_data["child"], group=group, user=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if enrollment.status == Enrollment.Status.ENROLLED:
                messages.success(request, _("%(name)s is enrolled.") % {"name": enrollment.child.name})
            else:
                messages.warning(
                    request,
                    _("The group is full: %(name)s is on the waitlist. We will email you when a seat frees up.")
                    % {"name": enrollment.child.name},
                )
            return redirect(enrollment.child)
    return render(
        request, "courses/enroll.html", {"group": group, "course": course, "form": form, "children": children}
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrollment_cancel(request, pk):
    enrollment = selectors.enrollment_for_cancel(pk)
    if not can_cancel(enrollment, request.user):
        raise Http404  # a parent does not learn that other children's enrollments exist
    if not enrollment.is_active:
        messages.info(request, _("This enrollment is already cancelled."))
        return redirect(_after_cancel(enrollment, request.user))
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_cancel(enrollment=enrollment, user=request.user, comment=form.cleaned_data["comment"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The enrollment is cancelled."))
            return redirect(_after_cancel(enrollment, request.user))
    return render(request, "courses/enrollment_cancel.html", {"enrollment": enrollment, "form": form})


def _after_cancel(enrollment, user):
    if enrollment.child.parent_id == user.pk:
        return enrollment.child.get_absolute_url()
    return reverse("courses:roster", kwargs={"pk": enrollment.group_id})


# --- Parents: children -----------------------------------------------------------------------------------


@login_required
def child_list(request):
    context = selectors.dashboard_context(request.user)
    return render(request, "courses/child_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def child_create(request):
    form = ChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            child = services.child_create(user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s is added.") % {"name": child.name})
            return redirect(request.GET.get("next") if _safe_next(request) else child.get_absolute_url())
    return render(request, "courses/child_form.html", {"form": form})


def _safe_next(request) -> bool:
    target = request.GET.get("next")
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})


@login_required
def child_detail(request, pk):
    child = selectors.child_of_parent(pk, request.user)
    return render(
        request, "courses/child_detail.html", {"child": child, "enrollments": selectors.enrollments_of([child])}
    )


@login_required
@require_http_methods(["GET", "POST"])
def child_edit(request, pk):
    child = selectors.child_of_parent(pk, request.user)
    form = ChildForm(request.POST or None, instance=child)
    if request.method == "POST" and form.is_valid():
        try:
            child = services.child_update(child=child, user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect(child)
    return render(request, "courses/child_form.html", {"form": form, "child": child})


@login_required
@require_http_methods(["GET", "POST"])
def child_delete(request, pk):
    child = selectors.child_of_parent(pk, request.user)
    if request.method == "POST":
        try:
            services.child_delete(child=child, user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(child)
        messages.success(request, _("The profile is deleted."))
        return redirect("courses:children")
    return render(request, "courses/child_delete.html", {"child": child})


# --- Centres: courses, groups, rosters -------------------------------------------------------------------


@login_required
def centre_courses(request, slug):
    organization = selectors.centre_for_courses(slug)
    require_roster_access(organization, request.user)
    courses = selectors.courses_of_centre(organization, published_only=False)
    return render(
        request,
        "courses/centre_courses.html",
        {"organization": organization, "courses": courses, "can_manage": can_manage(organization, request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request, slug):
    organization = selectors.centre_for_courses(slug)
    require_manager(organization, request.user)
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(organization=organization, user=request.user, **form.service_arguments())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The course is saved. Now add its groups."))
            return redirect("courses:group_create", pk=course.pk)
    return render(request, "courses/course_form.html", {"form": form, "organization": organization})


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request, pk):
    course = selectors.course_for_page(pk)
    require_manager(course.organization, request.user)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_update(course=course, user=request.user, **form.service_arguments())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The course is saved."))
            return redirect(course)
    return render(
        request,
        "courses/course_form.html",
        {
            "form": form,
            "organization": course.organization,
            "course": course,
            "groups": selectors.all_groups_of(course),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request, pk):
    course = selectors.course_for_page(pk)
    require_manager(course.organization, request.user)
    form = GroupForm(request.POST or None)
    formset = slot_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.group_create(course=course, user=request.user, slots=formset.slots(), **form.service_arguments())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The group is saved."))
            return redirect("courses:edit", pk=course.pk)
    return render(request, "courses/group_form.html", {"form": form, "formset": formset, "course": course})


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, pk):
    group = selectors.group_for_page(pk)
    require_manager(group.course.organization, request.user)
    form = GroupForm(request.POST or None, instance=group)
    formset = slot_formset(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.group_update(group=group, user=request.user, slots=formset.slots(), **form.service_arguments())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The group is saved."))
            return redirect("courses:edit", pk=group.course_id)
    return render(
        request, "courses/group_form.html", {"form": form, "formset": formset, "course": group.course, "group": group}
    )


@login_required
def group_roster(request, pk):
    group = selectors.group_for_page(pk)
    require_roster_access(group.course.organization, request.user)
    today = timezone.localdate()
    return render(
        request,
        "courses/roster.html",
        {
            "group": group,
            "course": group.course,
            "enrollments": selectors.roster_of(group),
            "today": today,
            "can_manage": can_manage(group.course.organization, request.user),
        },
    )


def _csv_cell(value) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; such text is quoted."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def group_roster_csv(request, pk):
    group = selectors.group_for_page(pk)
    require_roster_access(group.course.organization, request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="roster-group-{group.pk}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Status"),
            _("Waitlist place"),
            _("Child"),
            _("Date of birth"),
            _("Age"),
            _("Parent"),
            _("Parent's email"),
            _("Since"),
        ]
    )
    for enrollment in selectors.roster_of(group):
        child = enrollment.child
        writer.writerow(
            [
                _csv_cell(value)
                for value in (
                    enrollment.get_status_display(),
                    enrollment.waitlist_position or "",
                    child.name,
                    child.birth_date.isoformat(),
                    child.age,
                    child.parent.get_full_name(),
                    child.parent.email,
                    timezone.localtime(enrollment.enrolled_at or enrollment.created).strftime("%Y-%m-%d %H:%M"),
                )
            ]
        )
    return response
