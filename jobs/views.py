from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alerts.selectors import saved_search_matching
from directory.models import Organization
from imoscow.errors import DomainError
from imoscow.forms import add_domain_error
from jobs import selectors, services
from jobs.forms import ApplicationForm, ApplicationStatusForm, VacancyForm
from jobs.models import Application, Vacancy
from jobs.permissions import (
    can_manage_vacancies,
    is_hiring_member,
    require_application_access,
    require_hiring_member,
    require_vacancy_manager,
)
from jobs.structured_data import as_script_content, job_posting

ALERT_AREA = "jobs"
RESUME_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def _vacancy_or_404(pk) -> Vacancy:
    try:
        return selectors.vacancy_for_page(pk)
    except Vacancy.DoesNotExist:
        raise Http404 from None


def _application_or_404(pk) -> Application:
    try:
        return selectors.application_for_page(pk)
    except Application.DoesNotExist:
        raise Http404 from None


def _company_or_404(slug) -> Organization:
    try:
        return Organization.objects.get(slug=slug)
    except Organization.DoesNotExist:
        raise Http404 from None


def vacancy_search(request):
    search = selectors.vacancy_search(request.GET, page_number=request.GET.get("page") or 1)
    return render(
        request,
        "jobs/vacancy_search.html",
        {
            "search": search,
            "filters": search.filterset.form,
            "saved_search": saved_search_matching(request.user, ALERT_AREA, request.GET),
        },
    )


def vacancy_detail(request, pk):
    vacancy = _vacancy_or_404(pk)
    can_manage = can_manage_vacancies(vacancy.company, request.user)
    application = selectors.application_of(request.user, vacancy)
    if not vacancy.is_open and not can_manage and application is None:
        raise Http404  # drafts, vacancies on moderation and closed ones are not public
    context = {
        "vacancy": vacancy,
        "can_manage": can_manage,
        "application": application,
        "json_ld": as_script_content(job_posting(vacancy, absolute_url=request.build_absolute_uri))
        if vacancy.is_open
        else None,
    }
    if vacancy.is_open and application is None and request.user.is_authenticated:
        context["form"] = ApplicationForm()
    return render(request, "jobs/vacancy_detail.html", context)


@login_required
def vacancy_apply(request, pk):
    vacancy = _vacancy_or_404(pk)
    if not vacancy.is_open:
        raise Http404
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                vacancy=vacancy,
                user=request.user,
                cover_letter=form.cleaned_data["cover_letter"],
                resume=form.cleaned_data["resume"],
                profile_url=form.cleaned_data["profile_url"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your application is sent. Its status is on your page."))
            return redirect(application)
    return render(request, "jobs/vacancy_apply.html", {"vacancy": vacancy, "form": form})


@login_required
def company_vacancies(request, slug):
    company = _company_or_404(slug)
    require_vacancy_manager(company, request.user)
    return render(
        request,
        "jobs/company_vacancies.html",
        {
            "company": company,
            "vacancies": selectors.vacancies_of_company(company),
            "can_post": services.company_can_post(company),
            "sees_applications": is_hiring_member(company, request.user),
        },
    )


@login_required
def vacancy_create(request, slug):
    company = _company_or_404(slug)
    require_vacancy_manager(company, request.user)
    form = VacancyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = services.vacancy_create(company=company, user=request.user, **form.service_arguments())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The draft is saved. Send it to moderation when it is ready."))
            return redirect(vacancy)
    return render(request, "jobs/vacancy_form.html", {"form": form, "company": company})


@login_required
def vacancy_edit(request, pk):
    vacancy = _vacancy_or_404(pk)
    require_vacancy_manager(vacancy.company, request.user)
    form = VacancyForm(request.POST or None, instance=vacancy)
    if request.method == "POST" and form.is_valid():
        try:
            services.vacancy_update(vacancy=vacancy, user=request.user, **form.service_arguments())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The vacancy is saved."))
            return redirect(vacancy)
    return render(request, "jobs/vacancy_form.html", {"form": form, "company": vacancy.company, "vacancy": vacancy})


VACANCY_ACTIONS = {
    "submit": (services.vacancy_submit, _("The vacancy is sent to moderation.")),
    "close": (services.vacancy_close, _("The vacancy is closed.")),
    "extend": (services.vacancy_extend, _("The vacancy stays open for another 30 days.")),
    "reopen": (services.vacancy_reopen, _("The vacancy is a draft again: edit it and send it to moderation.")),
}


@login_required
@require_POST
def vacancy_action(request, pk, action):
    vacancy = _vacancy_or_404(pk)
    require_vacancy_manager(vacancy.company, request.user)
    service, done = VACANCY_ACTIONS[action]
    try:
        service(vacancy=vacancy, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(vacancy)


@login_required
def vacancy_applications(request, pk):
    vacancy = _vacancy_or_404(pk)
    require_hiring_member(vacancy.company, request.user)
    applications = selectors.applications_for_vacancy(vacancy)
    return render(
        request,
        "jobs/vacancy_applications.html",
        {"vacancy": vacancy, "applications": applications, "status_form": ApplicationStatusForm()},
    )


@login_required
def application_detail(request, pk):
    application = _application_or_404(pk)
    require_application_access(application, request.user)
    is_recruiter = is_hiring_member(application.vacancy.company, request.user)
    return render(
        request,
        "jobs/application_detail.html",
        {
            "application": application,
            "is_recruiter": is_recruiter,
            "status_form": ApplicationStatusForm(initial={"status": application.status}) if is_recruiter else None,
        },
    )


@login_required
@require_POST
def application_status(request, pk):
    application = _application_or_404(pk)
    require_hiring_member(application.vacancy.company, request.user)
    form = ApplicationStatusForm(request.POST)
    if form.is_valid():
        try:
            services.application_set_status(application=application, user=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The status is saved; the candidate sees it."))
    else:
        messages.error(request, _("Choose a status."))
    if request.POST.get("back") == "list":
        return redirect("jobs:applications", application.vacancy_id)
    return redirect(application)


@login_required
def resume_download(request, pk):
    """The resume file, to the candidate and the company's recruiters and administrators only."""
    application = _application_or_404(pk)
    require_application_access(application, request.user)
    if not application.resume:
        raise Http404
    response = FileResponse(
        application.resume.open("rb"),
        as_attachment=True,
        filename=f"resume-{application.pk}.{application.resume_kind or 'pdf'}",
        content_type=RESUME_CONTENT_TYPES.get(application.resume_kind, "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
