from django.urls import path

from certification import views

app_name = "certification"

urlpatterns = [
    path("certification/", views.scheme_list, name="schemes"),
    path("certification/certified/", views.registry, name="registry"),
    path("certification/my/", views.DashboardView.as_view(), name="dashboard"),
    path("certification/my/certificates/<int:pk>/pdf/", views.certificate_pdf, name="pdf"),
    path(
        "certification/my/certificates/<int:pk>/credential/", views.certificate_credential, name="credential"
    ),
    path("certification/my/certificates/<int:pk>/listing/", views.certificate_listing, name="listing"),
    path("certification/validation/<int:pk>/", views.CaseView.as_view(), name="case"),
    path("certification/validation/evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("certification/<slug:slug>/", views.scheme_detail, name="scheme"),
    path("certification/<slug:slug>/validation/", views.CaseOpenView.as_view(), name="case_open"),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("certifier/candidates/", views.QueueView.as_view(), name="queue"),
    path("certifier/batches/<int:pk>/", views.BatchView.as_view(), name="batch"),
    path("certifier/certificates/", views.CertificateListView.as_view(), name="certificates"),
    path("certifier/certificates/<int:pk>/", views.CertificateView.as_view(), name="certificate"),
    path("certifier/validation/", views.CaseQueueView.as_view(), name="case_queue"),
    path("certifier/validation/<int:pk>/", views.CaseAssessView.as_view(), name="case_assess"),
]
