from django.urls import path

from bookings.equipment import views

app_name = "equipment"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<int:pk>/", views.item_detail, name="item"),
    path("<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("org/<slug:slug>/", views.owner, name="owner"),
    path("org/<slug:slug>/new/", views.item_create, name="item_create"),
    path("requests/", views.request_list, name="requests"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/mine/", views.my_requests, name="my_requests"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/cancel/", views.request_cancel, name="request_cancel"),
    path("requests/<int:pk>/offer/", views.offer_create, name="offer_create"),
    path("requests/<int:pk>/thread/<slug:slug>/", views.thread, name="thread"),
    path("offers/<int:pk>/accept/", views.offer_accept, name="offer_accept"),
    path("offers/<int:pk>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
]
