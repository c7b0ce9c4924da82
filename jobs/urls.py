from django.urls import path

from imoscow.views import coming_soon

app_name = "jobs"

urlpatterns = [
    path("", coming_soon, {"area": app_name}, name="index"),
]
