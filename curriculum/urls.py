from django.urls import path

from curriculum import question_pages, result_pages, test_pages, views

app_name = "curriculum"

urlpatterns = [
    path("courses/", views.CourseListView.as_view(), name="course_list"),
    path("courses/<slug:slug>/", views.course_detail, name="course_detail"),
    path("guide/", views.guide_index, name="guide_index"),
    path("guide/<slug:slug>/", views.guide_page, name="guide_page"),
    path("trainer/materials/", views.MyMaterialsView.as_view(), name="my_materials"),
    path("trainer/materials/<int:pk>/", views.MyMaterialView.as_view(), name="my_material"),
    path("review/materials/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("materials/<int:pk>/download/", views.material_download, name="material_download"),
    path("trainer/questions/", question_pages.QuestionBankView.as_view(), name="question_bank"),
    path("trainer/questions/new/", question_pages.QuestionCreateView.as_view(), name="question_create"),
    path("trainer/questions/<int:pk>/", question_pages.QuestionDetailView.as_view(), name="question_detail"),
    path("results/", result_pages.ResultListView.as_view(), name="results"),
    path("results/<slug:slug>/", result_pages.ResultDetailView.as_view(), name="result_detail"),
    path("tests/", test_pages.test_list, name="test_list"),
    path("tests/<slug:slug>/", test_pages.test_detail, name="test_detail"),
    path("tests/<slug:slug>/start/", test_pages.test_start, name="test_start"),
    path("attempts/<int:pk>/", test_pages.attempt_page, name="attempt"),
]
