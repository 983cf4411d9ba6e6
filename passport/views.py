"""Pages of the skills passport.

- My passport, its PDF and Open Badges bundle, the share switches, self-assessment and gap
  analysis: signed-in users, for themselves.
- A shared passport: everyone who has the link, while its owner keeps it on.
- Organisation needs (with CSV), staff targets and a staff member's gap analysis: HR staff of that
  organisation and administrators. Other signed-in users get 403; HR of another organisation 404.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation, User
from accounts.roles import Role
from certification import badges
from certification.models import Certificate
from certification.pdf import render as render_pdf
from core.errors import ApplicationError
from passport import chart, selectors, services
from passport.cache import remembered
from passport.forms import StaffForm, ratings_from
from passport.models import StaffMember

PEOPLE_PER_PAGE = 50


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


# --- My passport ----------------------------------------------------------------------------------


@login_required
def passport(request: HttpRequest) -> HttpResponse:
    """Signed-in users: every competence they hold, strongest evidence first."""
    user = _user(request)
    own = selectors.passport_get(user)
    context = {
        "entries": selectors.passport_entries(user.pk),
        "passport": own,
        "share_url": request.build_absolute_uri(reverse("passport:shared", args=[own.share_token]))
        if own.share_token
        else "",
        "staff": selectors.staff_record(user),
        "roles": list(selectors.roles_available()),
    }
    return render(request, "passport/passport.html", context)


@login_required
@require_POST
def share(request: HttpRequest) -> HttpResponse:
    """Signed-in users: switch the public link of their passport on or off."""
    shared = request.POST.get("shared") == "1"
    services.passport_share_set(user=_user(request), shared=shared)
    messages.success(
        request,
        _("Your public link is on.")
        if shared
        else _("Your public link is off: the old link no longer works."),
    )
    return redirect("passport:mine")


@login_required
@require_POST
def consent(request: HttpRequest) -> HttpResponse:
    """Signed-in users: share their passport with the HR staff of their organisation, or stop."""
    given = request.POST.get("consent") == "1"
    try:
        services.consent_set(user=_user(request), consent=given)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("passport:mine")
    messages.success(
        request,
        _("HR staff of your organisation can now see your passport.")
        if given
        else _("HR staff of your organisation no longer see your passport."),
    )
    return redirect("passport:mine")


@login_required
def passport_pdf(request: HttpRequest) -> HttpResponse:
    """Signed-in users: their passport as a PDF, in the language of the page."""
    user = _user(request)
    html = render_to_string(
        "passport/passport_pdf.html",
        {"holder": user, "entries": selectors.passport_entries(user.pk), "today": timezone.localdate()},
        request=request,
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="skills-passport.pdf"'
    return response


@login_required
def badges_bundle(request: HttpRequest) -> HttpResponse:
    """Signed-in users: a ZIP of the signed Open Badges credentials of their certificates in force."""
    user = _user(request)
    certificates = list(
        Certificate.objects.current()
        .filter(holder=user)
        .select_related("scheme__role", "holder")
        .order_by("serial")
    )
    if not certificates:
        messages.error(request, _("You hold no certificate in force, so there is no credential to export."))
        return redirect("passport:mine")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for certificate in certificates:
            credential = badges.signed_credential(certificate)
            bundle.writestr(
                f"{certificate.serial}.json", json.dumps(credential, ensure_ascii=False, indent=2)
            )
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="open-badges.zip"'
    return response


def shared(request: HttpRequest, token: str) -> HttpResponse:
    """Everyone with the link, while its owner keeps it on: the passport, read-only."""
    owner = selectors.shared_passport_owner(token)
    context = {"holder": owner, "entries": selectors.passport_entries(owner.pk)}
    response = render(request, "passport/shared.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def self_assessment(request: HttpRequest, slug: str) -> HttpResponse:
    """Signed-in users: rate themselves on the competences of a role."""
    user = _user(request)
    role = selectors.role_for(slug)
    status = 200
    if request.method == "POST":
        try:
            services.self_assessment_save(user=user, ratings=ratings_from(request.POST))
        except ApplicationError as error:
            messages.error(request, str(error.message))
            status = 400
        else:
            messages.success(request, _("Your self-assessment is saved."))
            return redirect("passport:self_assessment", slug=slug)
    rows = selectors.self_assessment_rows(user=user, role=role)
    return render(request, "passport/self_assessment.html", {"role": role, "rows": rows}, status=status)


def _gap_context(user_id: int, role: Any) -> dict[str, Any]:
    analysis = selectors.gap_analysis(user_id=user_id, role=role)
    return {
        "analysis": analysis,
        "chart": chart.area_bars(analysis),
        "roles": list(selectors.roles_available()),
    }


@login_required
def gaps(request: HttpRequest, slug: str = "") -> HttpResponse:
    """Signed-in users: themselves against a role, requirement by requirement."""
    user = _user(request)
    chosen = request.GET.get("role", "") or slug
    if not chosen:
        record = selectors.staff_record(user)
        first = selectors.roles_available().first()
        target = record.target_role if record and record.target_role else first
        if target is None:
            raise Http404
        return redirect("passport:gaps", slug=target.slug)
    if chosen != slug:
        return redirect("passport:gaps", slug=chosen)
    context = _gap_context(user.pk, selectors.role_for(slug))
    context["person"] = user
    return render(request, "passport/gaps.html", context)


# --- HR -------------------------------------------------------------------------------------------


def _hr_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    if not request.user.is_authenticated:
        raise PermissionDenied
    user = _user(request)
    if not user.has_role(Role.HR_STAFF):
        raise PermissionDenied(_("Only HR staff may open this page."))
    return selectors.organisation_for_hr(user, organisation_id)


@login_required
def organisation_home(request: HttpRequest) -> HttpResponse:
    """HR staff: their organisation's needs."""
    user = _user(request)
    if not user.has_role(Role.HR_STAFF):
        raise PermissionDenied(_("Only HR staff may open this page."))
    if user.organisation_id is None:
        raise Http404
    return redirect("passport:needs", organisation_id=user.organisation_id)


HEAT_CELL = (
    '<td class="heat heat-{}" title="{}"><span aria-hidden="true">{}</span>'
    '<span class="visually-hidden">{}</span></td>'
)


def heat_cells(cells: list[selectors.Cell | None]) -> str:
    """The heat-map cells of one row. Written here rather than in the template: a page holds
    thousands of them, and the template engine took most of the page's time."""
    parts = []
    for cell in cells:
        if cell is None:
            parts.append("<td></td>")
            continue
        text = cell.text
        parts.append(format_html(HEAT_CELL, cell.status, text, cell.level.code if cell.level else "–", text))
    return mark_safe("".join(parts))  # noqa: S308 -- every piece escaped by format_html


def _filters(request: HttpRequest) -> tuple[str, str]:
    return request.GET.get("department", ""), request.GET.get("role", "")


def _needs_body(request: HttpRequest, organisation: Organisation, needs: selectors.Needs | None) -> str:
    department, role = _filters(request)
    context: dict[str, Any] = {
        "organisation": organisation,
        "needs": needs,
        "departments": needs.departments if needs else selectors.departments_of(organisation),
        "roles": needs.roles if needs else list(selectors.roles_available()),
        "query": urlencode({k: v for k, v in (("department", department), ("role", role)) if v}),
    }
    if needs is not None:
        page = Paginator(needs.people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
        context["page"] = page
        context["rows"] = [(row, heat_cells(row.cell_list(needs.columns))) for row in page.object_list]
    return render_to_string("passport/_needs_body.html", context, request=request)


@login_required
def needs(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """HR staff of the organisation: competence needs of the staff who consent to share."""
    organisation = _hr_organisation(request, organisation_id)
    department, role = _filters(request)

    def compute() -> str:
        result = selectors.organisation_needs(organisation, department=department, role=role)
        return _needs_body(request, organisation, result)

    try:
        body = remembered(organisation, f"page:{department}:{role}:{request.GET.get('page', '')}", compute)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        body = _needs_body(request, organisation, None)
        status = 400
    else:
        status = 200
    # The body is HTML our template rendered (and escaped) above, perhaps taken from the cache.
    context = {"organisation": organisation, "body": mark_safe(body)}  # noqa: S308
    return render(request, "passport/needs.html", context, status=status)


def ready_text(ready: bool | None) -> str:
    if ready is None:
        return "–"
    return _("Yes") if ready else _("No")


@login_required
def needs_csv(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """HR staff of the organisation: the heat map as a CSV file, with the page's filters."""
    organisation = _hr_organisation(request, organisation_id)
    department, role = _filters(request)
    try:
        result = selectors.organisation_needs(organisation, department=department, role=role)
    except ApplicationError as error:
        return HttpResponse(str(error.message), status=400, content_type="text/plain; charset=utf-8")
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheet programs then read UTF-8
    writer = csv.writer(buffer)
    writer.writerow(
        [_("Name"), _("Department"), _("Target role"), _("Ready"), _("Met"), _("Partly met"), _("Missing")]
        + [f"{c.code} {c.title}" for c in result.columns]
    )
    for row in result.people:
        counts = row.counts
        writer.writerow(
            [
                row.name,
                row.department.name if row.department else "",
                row.target_role.title if row.target_role else "",
                ready_text(row.ready),
                counts["met"],
                counts["partly"],
                counts["missing"],
            ]
            + [cell.text if cell else "" for cell in row.cell_list(result.columns)]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="competence-needs-{organisation.slug}.csv"'
    return response


@login_required
def staff(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """HR staff of the organisation: department and target role of each consenting member."""
    organisation = _hr_organisation(request, organisation_id)
    departments = selectors.departments_of(organisation)
    roles = list(selectors.roles_available())
    members = list(selectors.visible_staff(organisation))
    forms = [
        (
            member,
            StaffForm(departments=departments, roles=roles, instance=member, prefix=f"m{member.user_id}"),
        )
        for member in members
    ]
    return render(request, "passport/staff.html", {"organisation": organisation, "forms": forms})


@login_required
@require_POST
def staff_update(request: HttpRequest, organisation_id: int, user_id: int) -> HttpResponse:
    """HR staff of the organisation: save one member's department and target role."""
    organisation = _hr_organisation(request, organisation_id)
    member: StaffMember = selectors.staff_member_for_hr(organisation, user_id)
    form = StaffForm(
        request.POST,
        departments=selectors.departments_of(organisation),
        roles=list(selectors.roles_available()),
        instance=member,
        prefix=f"m{member.user_id}",
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{member.user.full_name}: {error}")
        return redirect("passport:staff", organisation_id=organisation.pk)
    services.staff_update(
        actor=_user(request),
        member=member,
        department=form.cleaned_data["department"],
        target_role=form.cleaned_data["target_role"],
    )
    messages.success(request, _("Saved for %(name)s.") % {"name": member.user.full_name})
    return redirect("passport:staff", organisation_id=organisation.pk)


@login_required
def staff_gaps(request: HttpRequest, organisation_id: int, user_id: int) -> HttpResponse:
    """HR staff of the organisation: a consenting member against their target role (or another)."""
    organisation = _hr_organisation(request, organisation_id)
    member = selectors.staff_member_for_hr(organisation, user_id)
    slug = request.GET.get("role", "") or (member.target_role.slug if member.target_role else "")
    role = selectors.role_for(slug) if slug else selectors.roles_available().first()
    if role is None:
        raise Http404
    context = _gap_context(member.user_id, role)
    context.update({"person": member.user, "organisation": organisation, "member": member})
    return render(request, "passport/gaps.html", context)
