from django.urls import path

from api import views
from api.v1 import api

app_name = "api"

# The API's own paths (openapi.json, docs, every area's routes) sit directly in this namespace: "api:organizations".
urlpatterns = [
    path("", views.index, name="index"),
    *api.urls[0],
]
