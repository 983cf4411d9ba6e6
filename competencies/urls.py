from django.urls import path

from competencies import views

app_name = "competencies"

urlpatterns = [
    path("frameworks/", views.FrameworkListView.as_view(), name="framework_list"),
    path("frameworks/<slug:slug>/", views.framework_detail, name="framework_detail"),
    path(
        "frameworks/<slug:slug>/nodes/<int:pk>/children/",
        views.competence_children,
        name="competence_children",
    ),
    path("competences/<int:pk>/", views.competence_detail, name="competence_detail"),
    path("roles/", views.RoleListView.as_view(), name="role_list"),
    path("roles/compare/", views.role_compare, name="role_compare"),
    path("roles/<slug:slug>/", views.role_detail, name="role_detail"),
    path("roles/<slug:slug>/profile/", views.role_profile, name="role_profile"),
    path("roles/<slug:slug>/profile.pdf", views.role_profile_pdf, name="role_profile_pdf"),
]
