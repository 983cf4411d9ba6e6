from rest_framework.routers import SimpleRouter

from competencies.api import views

router = SimpleRouter()
router.register("frameworks", views.FrameworkViewSet, basename="framework")
router.register("competences", views.CompetenceViewSet, basename="competence")
router.register("roles", views.RoleViewSet, basename="role")

urlpatterns = router.urls
