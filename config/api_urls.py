"""``/api/v1/``: every app's API under one version prefix."""

from django.urls import include, path

from core.api.views import ApiRootView

urlpatterns = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("", include("accounts.api.urls")),
    path("", include("competencies.api.urls")),
    path("", include("curriculum.api.urls")),
    path("", include("trainers.api.urls")),
    path("", include("certification.api.urls")),
    path("", include("passport.api.urls")),
]
