from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("", views.course_finder, name="index"),
    path("<int:pk>/", views.course_detail, name="detail"),
    path("<int:pk>/edit/", views.course_edit, name="edit"),
    path("<int:pk>/groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/enroll/", views.group_enroll, name="enroll"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/roster/", views.group_roster, name="roster"),
    path("groups/<int:pk>/roster.csv", views.group_roster_csv, name="roster_csv"),
    path("enrollments/<int:pk>/cancel/", views.enrollment_cancel, name="cancel"),
    path("children/", views.child_list, name="children"),
    path("children/add/", views.child_create, name="child_create"),
    path("children/<int:pk>/", views.child_detail, name="child_detail"),
    path("children/<int:pk>/edit/", views.child_edit, name="child_edit"),
    path("children/<int:pk>/delete/", views.child_delete, name="child_delete"),
    path("centre/<slug:slug>/", views.centre_courses, name="centre"),
    path("centre/<slug:slug>/new/", views.course_create, name="course_create"),
]
