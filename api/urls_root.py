"""Files crawlers look for at the site's root: robots.txt and the sitemap (outside the language prefix)."""

from django.urls import path

from api import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
]
