"""Pages live under a language prefix (``/en/…``, ``/bg/…``); the API and the language switch do not."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from certification.views import did_document
from core.views import HomeView, healthz

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path(".well-known/did.json", did_document, name="did_document"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the Content Security Policy allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]

urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("accounts/", include("accounts.urls")),
    path("", include("competencies.urls")),
    path("", include("curriculum.urls")),
    path("", include("trainers.urls")),
    path("", include("certification.urls")),
    path("", include("passport.urls")),
    path("admin/", admin.site.urls),
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

admin.site.site_header = "Skills4Cities"
admin.site.site_title = "Skills4Cities"
