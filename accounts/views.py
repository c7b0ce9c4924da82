from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.dashboard import panels_for


@login_required
def dashboard(request):
    """Everything of the signed-in user's: each app adds its panel (see accounts/dashboard.py)."""
    return render(request, "accounts/dashboard.html", {"panels": panels_for(request.user)})
