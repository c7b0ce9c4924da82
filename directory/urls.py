from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("", views.organization_list, name="list"),
    path("register/", views.organization_register, name="register"),
    path("<slug:slug>/", views.organization_detail, name="detail"),
    path("<slug:slug>/edit/", views.organization_edit, name="edit"),
]
