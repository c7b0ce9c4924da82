from django.urls import path

from bookings import views

app_name = "bookings"

urlpatterns = [
    path("", views.index, name="index"),
    path("r/<int:pk>/", views.resource_detail, name="resource"),
    path("r/<int:pk>/book/", views.resource_book, name="book"),
    path("r/<int:pk>/edit/", views.resource_edit, name="resource_edit"),
    path("r/<int:pk>/blackouts/", views.resource_blackouts, name="blackouts"),
    path("r/<int:pk>/feed/reset/", views.resource_feed_reset, name="resource_feed_reset"),
    path("photos/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
    path("blackouts/<int:pk>/delete/", views.blackout_delete, name="blackout_delete"),
    path("b/<int:pk>/", views.booking_detail, name="booking"),
    path("b/<int:pk>/booking.ics", views.booking_ics, name="booking_ics"),
    path("b/<int:pk>/approve/", views.booking_approve, name="approve"),
    path("b/<int:pk>/reject/", views.booking_reject, name="reject"),
    path("b/<int:pk>/cancel/", views.booking_cancel, name="cancel"),
    path("series/<int:pk>/", views.series_detail, name="series"),
    path("series/<int:pk>/cancel/", views.series_cancel, name="series_cancel"),
    path("mine/", views.my_bookings, name="mine"),
    path("mine/feed/reset/", views.my_feed_reset, name="my_feed_reset"),
    path("org/<slug:slug>/", views.organization_console, name="console"),
    path("org/<slug:slug>/new/", views.resource_create, name="resource_create"),
    path("org/<slug:slug>/bookings/", views.organization_bookings, name="incoming"),
    path("org/<slug:slug>/bookings.csv", views.organization_bookings_csv, name="incoming_csv"),
    path("org/<slug:slug>/queue/", views.organization_queue, name="queue"),
    path("org/<slug:slug>/utilization/", views.organization_utilization, name="utilization"),
    path("feeds/user/<str:token>.ics", views.feed_user, name="feed_user"),
    path("feeds/resource/<str:token>.ics", views.feed_resource, name="feed_resource"),
]
