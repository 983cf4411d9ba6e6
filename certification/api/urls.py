from django.urls import path
from rest_framework.routers import SimpleRouter

from certification.api import views

router = SimpleRouter()
router.register("schemes", views.SchemeViewSet, basename="scheme")
router.register("certificates", views.CertificateViewSet, basename="certificate")

urlpatterns = [
    path("verify/<str:code>/", views.VerifyView.as_view(), name="verify"),
    path("credentials/status/<int:number>/", views.StatusListView.as_view(), name="credential-status"),
    path("me/eligibility/", views.EligibilityView.as_view(), name="me-eligibility"),
    *router.urls,
]
