from django.urls import path

from curriculum import views

app_name = "curriculum"

urlpatterns = [
    path("courses/", views.CourseListView.as_view(), name="course_list"),
    path("courses/<slug:slug>/", views.course_detail, name="course_detail"),
]
