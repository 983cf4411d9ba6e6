from rest_framework.routers import SimpleRouter

from curriculum.api import views

router = SimpleRouter()
router.register("courses", views.CourseViewSet, basename="course")
router.register("units", views.UnitViewSet, basename="unit")

urlpatterns = router.urls
