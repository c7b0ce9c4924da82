from django.urls import path, re_path

from jobs import views
from jobs.feeds import VacancySearchFeed

app_name = "jobs"

urlpatterns = [
    path("", views.vacancy_search, name="index"),
    path("feed/", VacancySearchFeed(), name="feed"),
    path("<int:pk>/", views.vacancy_detail, name="detail"),
    path("<int:pk>/apply/", views.vacancy_apply, name="apply"),
    path("<int:pk>/edit/", views.vacancy_edit, name="edit"),
    path("<int:pk>/applications/", views.vacancy_applications, name="applications"),
    re_path(r"^(?P<pk>[0-9]+)/(?P<action>submit|close|extend|reopen)/$", views.vacancy_action, name="action"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/status/", views.application_status, name="application_status"),
    path("applications/<int:pk>/resume/", views.resume_download, name="resume"),
    path("company/<slug:slug>/", views.company_vacancies, name="company"),
    path("company/<slug:slug>/new/", views.vacancy_create, name="create"),
]
