from django.urls import path

from passport import views

app_name = "passport"

urlpatterns = [
    path("passport/", views.passport, name="mine"),
    path("passport/share/", views.share, name="share"),
    path("passport/consent/", views.consent, name="consent"),
    path("passport/pdf/", views.passport_pdf, name="pdf"),
    path("passport/open-badges.zip", views.badges_bundle, name="badges"),
    path("passport/shared/<str:token>/", views.shared, name="shared"),
    path("passport/self-assessment/<slug:slug>/", views.self_assessment, name="self_assessment"),
    path("passport/gaps/", views.gaps, name="gaps_start"),
    path("passport/gaps/<slug:slug>/", views.gaps, name="gaps"),
    path("organisation/", views.organisation_home, name="organisation"),
    path("organisations/<int:organisation_id>/needs/", views.needs, name="needs"),
    path("organisations/<int:organisation_id>/needs.csv", views.needs_csv, name="needs_csv"),
    path("organisations/<int:organisation_id>/staff/", views.staff, name="staff"),
    path("organisations/<int:organisation_id>/staff/<int:user_id>/", views.staff_update, name="staff_update"),
    path(
        "organisations/<int:organisation_id>/staff/<int:user_id>/gaps/", views.staff_gaps, name="staff_gaps"
    ),
]
