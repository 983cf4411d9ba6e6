"""Framework browser pages. Everyone may read published frameworks and roles; framework editors
also see drafts."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.roles import Role
from competencies import hooks, selectors
from competencies import pdf as pdf_rendering
from competencies.forms import CompetenceFilterForm
from competencies.models import Competence

RESULTS_PER_PAGE = 25
CHILDREN_PER_PAGE = 100
MAX_COMPARED_ROLES = 3


def _editor(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.has_role(Role.FRAMEWORK_EDITOR))  # type: ignore[union-attr]


class FrameworkListView(TemplateView):
    template_name = "competencies/framework_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["frameworks"] = list(selectors.frameworks_visible(include_drafts=_editor(self.request)))
        return context


def framework_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The area → competence tree, and search with filters. ``?partial=results`` answers only
    the result list (search as you type)."""
    framework = selectors.framework_get(slug=slug, include_drafts=_editor(request))
    form = CompetenceFilterForm(request.GET or None, framework=framework)
    filters = form.filters()
    context: dict[str, Any] = {"framework": framework, "form": form, "filters": filters}
    if not filters.active:
        # Lazy: a published framework's tree is drawn from the cache and costs no query.
        context["roots"] = selectors.competence_roots(framework=framework)
    else:
        paginator = Paginator(
            selectors.competence_search(filters=filters, framework=framework), RESULTS_PER_PAGE
        )
        context["page"] = paginator.get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("partial", None)
        context["query_string"] = query.urlencode()
    if request.GET.get("partial") == "results":
        return render(request, "competencies/includes/search_results.html", context)
    return render(request, "competencies/framework_detail.html", context)


def competence_children(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The children of one tree node, for the tree's on-demand loading."""
    framework = selectors.framework_get(slug=slug, include_drafts=_editor(request))
    parent = get_object_or_404(Competence, pk=pk, framework=framework)
    paginator = Paginator(selectors.competence_children(parent=parent), CHILDREN_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "competencies/includes/tree_children.html",
        {"framework": framework, "parent": parent, "page": page, "nodes": page.object_list},
    )


def competence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    competence = selectors.competence_detail(competence_id=pk, include_drafts=_editor(request))
    children = list(competence.children.all())
    return render(
        request,
        "competencies/competence_detail.html",
        {
            "competence": competence,
            "framework": competence.framework,
            "ancestors": selectors.competence_ancestors(competence=competence),
            "knowledge": [c for c in children if c.kind == Competence.Kind.KNOWLEDGE],
            "skills": [c for c in children if c.kind == Competence.Kind.SKILL],
            "other_children": [
                c for c in children if c.kind not in (Competence.Kind.KNOWLEDGE, Competence.Kind.SKILL)
            ],
        },
    )


class RoleListView(TemplateView):
    template_name = "competencies/role_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["roles"] = list(selectors.roles_list())
        return context


def _role_context(request: HttpRequest, slug: str, framework_slug: str | None = None) -> dict[str, Any]:
    role = selectors.role_get(slug=slug, framework_slug=framework_slug or request.GET.get("framework"))
    groups, external = selectors.role_requirement_groups(role=role)
    return {"role": role, "groups": groups, "external": external, "framework": role.framework}


def role_detail(request: HttpRequest, slug: str) -> HttpResponse:
    summary = selectors.role_summary(slug=slug, framework_slug=request.GET.get("framework"))

    def page_data() -> dict[str, Any]:
        data = _role_context(request, slug, framework_slug=summary.framework.slug)
        data["other_roles"] = [
            r for r in selectors.framework_roles(framework=data["framework"]) if r.pk != summary.pk
        ]
        return data

    # Roles belong to published frameworks, which never change: the page body is cached per
    # language, and the queries behind it run only when the cache misses.
    context = {"summary": summary, "data": SimpleLazyObject(page_data), "links": hooks.role_links(summary)}
    return render(request, "competencies/role_detail.html", context)


def role_profile(request: HttpRequest, slug: str) -> HttpResponse:
    """Print-friendly profile of a role."""
    return render(request, "competencies/role_profile.html", _role_context(request, slug))


def role_profile_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    context = _role_context(request, slug)
    pdf = pdf_rendering.role_profile_pdf(request=request, context=context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{context["role"].slug}-{request.LANGUAGE_CODE}.pdf"'
    )
    return response


def role_compare(request: HttpRequest) -> HttpResponse:
    """Two or three roles side by side: every competence any of them needs, with each role's level."""
    slugs = [s for s in request.GET.getlist("roles") if s][: MAX_COMPARED_ROLES + 1]
    all_roles = list(selectors.roles_list())
    error = ""
    rows: list[dict[str, Any]] = []
    roles = []
    if slugs:
        if not 2 <= len(set(slugs)) <= MAX_COMPARED_ROLES:
            error = _("Choose two or three different roles to compare.")
        else:
            roles = selectors.roles_for_comparison(slugs=slugs)
            rows = _comparison_rows(roles)
    return render(
        request,
        "competencies/role_compare.html",
        {"roles": roles, "rows": rows, "all_roles": all_roles, "selected": slugs, "error": error},
    )


def _comparison_rows(roles: list) -> list[dict[str, Any]]:
    by_competence: dict[int, dict[str, Any]] = {}
    for index, role in enumerate(roles):
        for requirement in role.requirements.all():
            row = by_competence.setdefault(
                requirement.competence_id,
                {"competence": requirement.competence, "cells": [None] * len(roles)},
            )
            row["cells"][index] = requirement
    return sorted(
        by_competence.values(),
        key=lambda row: (
            row["competence"].framework_id != roles[0].framework_id,
            row["competence"].area.position if row["competence"].area else 0,
            row["competence"].code,
        ),
    )
