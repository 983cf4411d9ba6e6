from django.urls import path

from passport.api import views

urlpatterns = [
    path("me/passport/", views.PassportView.as_view(), name="me-passport"),
    path("me/self-assessment/", views.SelfAssessmentView.as_view(), name="me-self-assessment"),
    path("gaps/", views.GapView.as_view(), name="gaps"),
    path("organisations/<str:organisation_id>/needs/", views.NeedsView.as_view(), name="organisation-needs"),
    path(
        "organisations/<str:organisation_id>/staff/<str:user_id>/",
        views.StaffMemberView.as_view(),
        name="organisation-staff-member",
    ),
]
