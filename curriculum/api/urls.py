from rest_framework.routers import SimpleRouter

from curriculum.api import materials, views

router = SimpleRouter()
router.register("courses", views.CourseViewSet, basename="course")
router.register("units", views.UnitViewSet, basename="unit")
router.register("materials", materials.MaterialViewSet, basename="material")
router.register("guide", views.GuideViewSet, basename="guide")

urlpatterns = router.urls
