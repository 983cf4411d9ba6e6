from rest_framework.routers import SimpleRouter

from trainers.api import views

router = SimpleRouter()
router.register("trainers", views.TrainerViewSet, basename="trainer")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("quality-criteria", views.QualityCriterionViewSet, basename="quality-criterion")
router.register("accreditations", views.AccreditationViewSet, basename="accreditation")

urlpatterns = router.urls
