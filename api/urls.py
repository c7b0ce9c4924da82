from django.urls import path
from django.views.generic import RedirectView

app_name = "api"

urlpatterns = [
    path("", RedirectView.as_view(url="/"), name="index"),
]
