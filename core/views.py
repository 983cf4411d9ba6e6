"""Public pages that belong to no single app."""

from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from accounts.roles import Role


class HomeView(TemplateView):
    """Home page: what the platform is and what each kind of user does here. Open to everyone."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        held = user.role_names if user.is_authenticated else frozenset()  # type: ignore[union-attr]
        context["user_role_labels"] = [role.label for role in Role if role.value in held]
        return context


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers and compose health checks: the process answers and reaches its
    database. Open to everyone; says nothing else."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
