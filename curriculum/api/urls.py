from rest_framework.routers import SimpleRouter

from curriculum.api import assessment, materials, questions, views

router = SimpleRouter()
router.register("courses", views.CourseViewSet, basename="course")
router.register("units", views.UnitViewSet, basename="unit")
router.register("materials", materials.MaterialViewSet, basename="material")
router.register("guide", views.GuideViewSet, basename="guide")
router.register("questions", questions.QuestionViewSet, basename="question")
router.register("tests", assessment.TestViewSet, basename="test")
router.register("attempts", assessment.AttemptViewSet, basename="attempt")

urlpatterns = router.urls
