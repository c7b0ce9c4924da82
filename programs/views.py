import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.models import Membership, Organization
from imoscow.errors import DomainError
from programs import eligibility, formspec, selectors, services
from programs.forms import CompanyProfileForm, ScreeningForm
from programs.models import Application, Measure, Program
from programs.permissions import APPLY_ROLES, can_edit_application, require_edit, require_view


def index(request):
    programs = list(selectors.program_list())
    now = timezone.now()
    return render(
        request,
        "programs/index.html",
        {
            "open_programs": [program for program in programs if program.is_open(now)],
            "other_programs": [program for program in programs if not program.is_open(now)],
            "measure_kinds": Measure.Kind.choices,
        },
    )


# --- Measures --------------------------------------------------------------------------------------


def measure_list(request):
    filterset = selectors.measure_list(request.GET)
    page = Paginator(filterset.qs, 20).get_page(request.GET.get("page"))
    return render(request, "programs/measure_list.html", {"filter": filterset, "page": page})


def measure_detail(request, slug):
    try:
        measure = selectors.measure_detail(slug)
    except Measure.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "programs/measure_detail.html",
        {"measure": measure, "rules": eligibility.describe(measure.criteria())},
    )


def _apply_organizations(user):
    if not user.is_authenticated:
        return []
    return [
        membership.organization
        for membership in Membership.objects.filter(user=user, role__in=APPLY_ROLES)
        .select_related("organization")
        .prefetch_related("organization__industries")
        .order_by("organization__name_ru")
    ]


def _member_organizations(user):
    if not user.is_authenticated:
        return []
    return list(
        Organization.objects.filter(memberships__user=user)
        .prefetch_related("industries")
        .order_by("name_ru")
        .distinct()
    )


def finder(request):
    """ "Which incentives fit my company?" A member may start from the organization's profile."""
    organizations = _member_organizations(request.user)
    chosen = next((o for o in organizations if o.slug == request.GET.get("organization")), None)
    answered = chosen is not None or any(name in request.GET for name in CompanyProfileForm.base_fields)
    if chosen is not None:
        form = CompanyProfileForm(CompanyProfileForm.data_from(chosen))
    else:
        form = CompanyProfileForm(request.GET if answered else None)
    matches = None
    if answered and form.is_valid():
        matches = selectors.measures_for_profile(form.profile())
    return render(
        request,
        "programs/finder.html",
        {"form": form, "matches": matches, "organizations": organizations, "chosen": chosen},
    )


# --- Programs --------------------------------------------------------------------------------------


def _program_or_404(slug):
    try:
        return selectors.program_detail(slug)
    except Program.DoesNotExist:
        raise Http404 from None


def program_detail(request, slug):
    program = _program_or_404(slug)
    mine = (
        selectors.applications_of(request.user).filter(program=program, status__in=Application.ACTIVE)
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "is_open": program.is_open(),
            "rules": eligibility.describe(program.criteria()),
            "my_applications": mine,
        },
    )


@login_required
def program_apply(request, slug):
    """Screening questions first; a company that cannot qualify learns it before it starts the form."""
    program = _program_or_404(slug)
    organizations = _apply_organizations(request.user)
    chosen = next((o for o in organizations if o.slug == request.GET.get("organization")), None)
    if chosen is None and len(organizations) == 1:
        chosen = organizations[0]
    context = {"program": program, "organizations": organizations, "chosen": chosen, "is_open": program.is_open()}
    if chosen is None or not context["is_open"]:
        return render(request, "programs/apply.html", context)
    if request.method == "POST":
        form = ScreeningForm(request.POST, program=program)
    else:
        form = ScreeningForm(initial=CompanyProfileForm.initial_from(chosen), program=program)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_start(
                program=program, organization=chosen, user=request.user, profile=form.profile(), answers=form.answers()
            )
        except services.AlreadyApplying as error:
            messages.info(request, error.message)
            return redirect("programs:edit", pk=error.application.pk)
        except services.NotEligible as error:
            context["misses"] = error.misses
            context["refusal"] = error.message
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You qualify. Your draft is open: it is saved as you go."))
            return redirect("programs:edit", pk=application.pk)
    context["form"] = form
    return render(request, "programs/apply.html", context)


# --- Applications ----------------------------------------------------------------------------------


def _application_or_404(pk):
    try:
        return selectors.application_detail(pk)
    except Application.DoesNotExist:
        raise Http404 from None


@login_required
def application_list(request):
    return render(request, "programs/application_list.html", {"applications": selectors.applications_of(request.user)})


@login_required
def application_detail(request, pk):
    application = _application_or_404(pk)
    require_view(application, request.user)
    return render(
        request,
        "programs/application_detail.html",
        {
            "application": application,
            "answers": selectors.application_answers(application),
            "changes": selectors.application_changes(application),
            "can_edit": can_edit_application(application, request.user) and application.is_editable,
        },
    )


def _base(request) -> dict | None:
    try:
        base = json.loads(request.POST.get(formspec.BASE_FIELD) or "null")
    except ValueError:
        return None
    return base if isinstance(base, dict) else None


def _render_form(request, application, errors=None, status=200):
    specs = list(application.program.fields.all())
    documents = {document.field_id: document for document in application.documents.all()}
    form = formspec.ApplicationForm(
        specs,
        data=formspec.stored_as_querydict(specs, application.data, json.dumps(application.data)),
        documents=documents,
    ).show_errors(errors or {})
    requested = [e for e in application.events.all() if e.to_status == Application.Status.INFO_REQUESTED]
    return render(
        request,
        "programs/application_form.html",
        {"application": application, "form": form, "request_comment": requested[-1] if requested else None},
        status=status,
    )


@login_required
def application_edit(request, pk):
    """The draft: "Save draft" keeps anything typed; "Submit" saves, then checks everything and locks it."""
    application = _application_or_404(pk)
    require_edit(application, request.user)
    if not application.is_editable:
        messages.info(request, _("This application is submitted and can no longer be changed."))
        return redirect(application)
    if request.method != "POST":
        return _render_form(request, application)
    arguments = {
        "application": application,
        "user": request.user,
        "values": formspec.raw_values(application.program.fields.all(), request.POST),
        "base": _base(request),
        "uploads": dict(request.FILES.items()),
    }
    try:
        if "submit" in request.POST:
            services.application_submit(**arguments)
            messages.success(request, _("The application is submitted. We will email you at every step."))
            return redirect(application)
        saved = services.application_save_draft(**arguments)
    except services.ApplicationIncomplete as error:
        messages.error(request, error.message)
        return _render_form(request, _application_or_404(pk), error.errors, status=400)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(application)
    if saved.errors:
        messages.warning(request, _("Your answers are saved, but a document was refused: see beside the field."))
        return _render_form(request, _application_or_404(pk), saved.errors, status=400)
    messages.success(request, _("Draft saved."))
    return redirect("programs:edit", pk=pk)


@login_required
@require_POST
def application_autosave(request, pk):
    """The draft page's script saves as the applicant types (answers only; documents go with the form)."""
    application = _application_or_404(pk)
    require_edit(application, request.user)
    try:
        saved = services.application_save_draft(
            application=application,
            user=request.user,
            values=formspec.raw_values(application.program.fields.all(), request.POST),
            base=_base(request),
        )
    except DomainError as error:
        return JsonResponse({"saved": False, "error": str(error.message)}, status=409)
    return JsonResponse({"saved": True, "changed": saved.changed, "base": saved.application.data})


@login_required
def application_summary(request, pk):
    """A printable summary of the application."""
    application = _application_or_404(pk)
    require_view(application, request.user)
    return render(
        request,
        "programs/application_summary.html",
        {"application": application, "answers": selectors.application_answers(application)},
    )


@login_required
def document_download(request, pk, document_pk):
    application = _application_or_404(pk)
    require_view(application, request.user)
    document = next((d for d in application.documents.all() if d.pk == document_pk), None)
    if document is None:
        raise Http404
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Cluster registry ------------------------------------------------------------------------------


def cluster_list(request):
    filterset, page = selectors.participant_page(request.GET, request.GET.get("page"))
    return render(request, "programs/cluster_list.html", {"filter": filterset, "page": page})
