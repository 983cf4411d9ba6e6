from django.urls import path

from trainers import views

app_name = "trainers"

urlpatterns = [
    path("trainers/", views.registry, name="registry"),
    path("trainers/quality-criteria/", views.quality_criteria, name="quality_criteria"),
    path("trainer/accreditation/", views.MyAccreditationView.as_view(), name="my_accreditation"),
    path("certifier/accreditations/", views.AccreditationQueueView.as_view(), name="accreditation_queue"),
    path(
        "certifier/accreditations/<int:pk>/",
        views.AccreditationDecideView.as_view(),
        name="accreditation_decide",
    ),
]
