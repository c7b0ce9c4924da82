from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.saved_search_list, name="index"),
    path("save/", views.saved_search_create, name="create"),
    path("<int:pk>/", views.saved_search_update, name="update"),
    path("<int:pk>/delete/", views.saved_search_delete, name="delete"),
    path("<int:pk>/open/", views.saved_search_open, name="open"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("resubscribe/<str:token>/", views.resubscribe, name="resubscribe"),
]
