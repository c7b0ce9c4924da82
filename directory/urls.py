from django.urls import path

from directory import views

app_name = "directory"

# Fixed paths come before "<slug>/"; services.RESERVED_SLUGS keeps organizations from taking them.
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("", views.organization_list, name="index"),
    path("map/", views.organization_map, name="map"),
    path("map.geojson", views.organization_map_geojson, name="map_geojson"),
    path("find-a-provider/", views.find_provider, name="find_provider"),
    path("register/", views.organization_register, name="register"),
    path("residency/<int:pk>/decide/", views.residency_decide, name="residency_decide"),
    path("residency/<int:pk>/withdraw/", views.residency_withdraw, name="residency_withdraw"),
    path("<slug:slug>/", views.organization_detail, name="detail"),
    path("<slug:slug>/edit/", views.organization_edit, name="edit"),
    path("<slug:slug>/residency/", views.residency_requests, name="residency_requests"),
    path("<slug:slug>/residency/apply/", views.residency_apply, name="residency_apply"),
    path("<slug:slug>/residency/end/", views.residency_end, name="residency_end"),
]
