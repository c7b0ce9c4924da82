from django.urls import path, re_path

from api import views
from api.v1 import api

app_name = "api"

# The API's own paths (openapi.json, docs, every area's routes) sit directly in this namespace: "api:organizations".
urlpatterns = [
    path("", views.index, name="index"),
    *api.urls[0],
    re_path(r"^.+$", views.not_found),  # any other path under /api/v1/ answers in JSON too
]
