from django.urls import path

from programs import views

app_name = "programs"

urlpatterns = [
    path("", views.index, name="index"),
    path("measures/", views.measure_list, name="measures"),
    path("measures/<slug:slug>/", views.measure_detail, name="measure"),
    path("finder/", views.finder, name="finder"),
    path("cluster/", views.cluster_list, name="cluster"),
    path("p/<slug:slug>/", views.program_detail, name="program"),
    path("p/<slug:slug>/apply/", views.program_apply, name="apply"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/edit/", views.application_edit, name="edit"),
    path("applications/<int:pk>/autosave/", views.application_autosave, name="autosave"),
    path("applications/<int:pk>/summary/", views.application_summary, name="summary"),
    path("applications/<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
]
