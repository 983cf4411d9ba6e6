"""Curriculum pages: open to everyone (published courses)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.models import User
from accounts.permissions import RoleRequiredMixin
from accounts.roles import Role
from core.errors import ApplicationError
from core.forms import apply_errors
from curriculum import selectors, services
from curriculum.downloads import attachment
from curriculum.forms import MaterialForm, RejectForm, VersionForm
from curriculum.guide import render_body
from curriculum.models import GuidePage, Material


class CourseListView(TemplateView):
    template_name = "curriculum/course_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["courses"] = list(selectors.courses_published())
        return context


def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Course → modules → units with their learning outcomes and the competences they develop."""
    return render(request, "curriculum/course_detail.html", {"course": selectors.course_get(slug=slug)})


# --- Learning materials: trainer workspace, review queue, download ----------------------------


class MyMaterialsView(RoleRequiredMixin, View):
    """Trainers: their materials, and a form to upload a new one."""

    required_roles = (Role.TRAINER,)
    template_name = "curriculum/my_materials.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, MaterialForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = MaterialForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            file = data.get("file")
            try:
                services.material_create(
                    unit=data["unit"],
                    uploader=cast(User, request.user),
                    title=data["title"],
                    language=data["language"],
                    description=data.get("description") or "",
                    url=data.get("url") or "",
                    upload=(file.name, file.size, file) if file else None,
                )
            except ApplicationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("The material is saved as a draft. Submit it for review when it is ready.")
                )
                return redirect("curriculum:my_materials")
        return self.page(request, form, status=400)

    def page(self, request: HttpRequest, form: MaterialForm, status: int = 200) -> HttpResponse:
        materials = selectors.materials_of_trainer(user=request.user)
        return render(request, self.template_name, {"form": form, "materials": materials}, status=status)


class MyMaterialView(RoleRequiredMixin, View):
    """Trainers: one of their materials: versions, a new file, submit, delete."""

    required_roles = (Role.TRAINER,)
    template_name = "curriculum/my_material.html"

    def material(self, request: HttpRequest, pk: int) -> Material:
        return get_object_or_404(selectors.materials_of_trainer(user=request.user), pk=pk)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, self.material(request, pk), VersionForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        material = self.material(request, pk)
        user = cast(User, request.user)
        action = request.POST.get("action")
        form = VersionForm()
        try:
            if action == "submit":
                services.material_submit(material=material, user=user)
                messages.success(request, _("The material is submitted for review."))
            elif action == "delete":
                services.material_delete(material=material, user=user)
                messages.success(request, _("The material is deleted."))
                return redirect("curriculum:my_materials")
            elif action == "version":
                form = VersionForm(request.POST, request.FILES)
                if not form.is_valid():
                    return self.page(request, material, form, status=400)
                file = form.cleaned_data["file"]
                services.material_add_version(
                    material=material, user=user, upload=(file.name, file.size, file)
                )
                messages.success(request, _("The new version is saved as a draft."))
            else:
                return HttpResponseBadRequest()
        except ApplicationError as error:
            apply_errors(form, error)
            return self.page(request, material, form, status=400)
        return redirect("curriculum:my_material", pk=material.pk)

    def page(
        self, request: HttpRequest, material: Material, form: VersionForm, status: int = 200
    ) -> HttpResponse:
        context = {"material": material, "versions": material.versions.all(), "form": form}
        return render(request, self.template_name, context, status=status)


class ReviewQueueView(RoleRequiredMixin, View):
    """Framework editors: materials waiting for review; approve, or reject with a reason."""

    required_roles = (Role.FRAMEWORK_EDITOR,)
    template_name = "curriculum/review_queue.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        material = get_object_or_404(
            selectors.materials_awaiting_review(), pk=request.POST.get("material") or 0
        )
        reviewer = cast(User, request.user)
        if request.POST.get("action") == "approve":
            services.material_approve(material=material, reviewer=reviewer)
            messages.success(request, _("“%(title)s” is approved.") % {"title": material.title})
            return redirect("curriculum:review_queue")
        form = RejectForm(request.POST)
        try:
            if not form.is_valid():
                raise ApplicationError(_("Say why the material is rejected."))
            services.material_reject(material=material, reviewer=reviewer, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            messages.error(request, str(error.message))
            return self.page(request, status=400)
        messages.success(request, _("“%(title)s” is rejected.") % {"title": material.title})
        return redirect("curriculum:review_queue")

    def page(self, request: HttpRequest, status: int = 200) -> HttpResponse:
        return render(
            request, self.template_name, {"materials": selectors.materials_awaiting_review()}, status=status
        )


@login_required
def material_download(request: HttpRequest, pk: int) -> FileResponse:
    """Signed-in users, for the materials they may see."""
    return attachment(selectors.material_get(user=request.user, material_id=pk), request.user)


# --- User guide (everyone) --------------------------------------------------------------------


def guide_index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    pages = list(selectors.guide_pages(query=query))
    groups = [
        (label, [page for page in pages if page.audience == value])
        for value, label in GuidePage.Audience.choices
    ]
    return render(
        request,
        "curriculum/guide_index.html",
        {"query": query, "pages": pages, "groups": [(label, items) for label, items in groups if items]},
    )


def guide_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.guide_page_get(slug=slug)
    return render(
        request,
        "curriculum/guide_page.html",
        {"page": page, "body": render_body(page.body), "pages": selectors.guide_pages()},
    )
