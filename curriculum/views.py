"""Curriculum pages: open to everyone (published courses)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.generic import TemplateView

from curriculum import selectors


class CourseListView(TemplateView):
    template_name = "curriculum/course_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["courses"] = list(selectors.courses_published())
        return context


def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Course → modules → units with their learning outcomes and the competences they develop."""
    return render(request, "curriculum/course_detail.html", {"course": selectors.course_get(slug=slug)})
