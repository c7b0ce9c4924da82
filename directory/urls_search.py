"""The portal-wide search page, at /search/ (included from imoscow/urls.py; the URL name is "search")."""

from django.urls import path

from directory import views

urlpatterns = [path("", views.site_search, name="search")]
