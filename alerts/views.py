from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from alerts import selectors, services
from alerts.forms import SavedSearchSettingsForm, SaveSearchForm
from alerts.models import SavedSearch
from imoscow.errors import DomainError


def _own_or_404(user, pk) -> SavedSearch:
    try:
        return selectors.saved_search_of(user, pk)
    except SavedSearch.DoesNotExist:
        raise Http404 from None


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@login_required
def saved_search_list(request):
    rows = selectors.saved_searches_with_news(request.user)
    for row in rows:
        row.form = SavedSearchSettingsForm(
            initial={"frequency": row.saved_search.frequency, "is_subscribed": row.saved_search.is_subscribed},
            prefix=f"s{row.saved_search.pk}",
        )
    return render(request, "alerts/saved_search_list.html", {"rows": rows})


@login_required
@require_POST
def saved_search_create(request):
    form = SaveSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The search could not be saved; please try again."))
        return redirect(_safe_next(request, "alerts:index"))
    try:
        saved_search = services.saved_search_create(
            user=request.user,
            area=form.cleaned_data["area"],
            query=QueryDict(form.cleaned_data["query"]),
            frequency=form.cleaned_data["frequency"],
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_safe_next(request, "alerts:index"))
    messages.success(
        request,
        _("The search is saved. New results will come to %(email)s; manage your saved searches on your page.")
        % {"email": request.user.email},
    )
    return redirect(_safe_next(request, saved_search.search_path()))


@login_required
@require_POST
def saved_search_update(request, pk):
    saved_search = _own_or_404(request.user, pk)
    form = SavedSearchSettingsForm(request.POST, prefix=f"s{pk}")
    if form.is_valid():
        services.saved_search_update(saved_search=saved_search, user=request.user, **form.cleaned_data)
        messages.success(request, _("The saved search is updated."))
    else:
        messages.error(request, _("Choose how often to receive emails."))
    return redirect("alerts:index")


@login_required
@require_POST
def saved_search_delete(request, pk):
    saved_search = _own_or_404(request.user, pk)
    services.saved_search_delete(saved_search=saved_search, user=request.user)
    messages.success(request, _("The saved search is deleted."))
    return redirect("alerts:index")


@login_required
def saved_search_open(request, pk):
    """Open a saved search: its results page, and the "new since your last visit" count starts again."""
    saved_search = _own_or_404(request.user, pk)
    services.saved_search_mark_seen(saved_search=saved_search, user=request.user)
    return redirect(saved_search.search_path())


@csrf_exempt  # mail clients unsubscribe with a bare POST (RFC 8058); the signed token is the permission
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        saved_search = services.saved_search_unsubscribe(token=token)
    except DomainError as error:
        return render(request, "alerts/unsubscribe.html", {"error": error.message}, status=400)
    return render(request, "alerts/unsubscribe.html", {"saved_search": saved_search, "token": token})


@require_POST
def resubscribe(request, token):
    try:
        saved_search = services.saved_search_resubscribe(token=token)
    except DomainError as error:
        return render(request, "alerts/unsubscribe.html", {"error": error.message}, status=400)
    return render(
        request, "alerts/unsubscribe.html", {"saved_search": saved_search, "token": token, "resubscribed": True}
    )
