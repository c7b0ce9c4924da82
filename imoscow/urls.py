from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from imoscow import views

# The admin signs people in through allauth, so its rate limits and verification apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "iMoscow"
admin.site.site_title = "iMoscow"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("api.urls")),
    path("", include("api.urls_root")),  # robots.txt, sitemap.xml
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("directory/", include("directory.urls")),
    path("search/", include("directory.urls_search")),
    path("spaces/", include("bookings.urls")),
    path("jobs/", include("jobs.urls")),
    path("alerts/", include("alerts.urls")),
    path("programs/", include("programs.urls")),
    path("courses/", include("courses.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
