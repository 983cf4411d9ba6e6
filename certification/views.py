"""Pages of certification.

- Schemes and their published rules, the registry of certified roles, verification: everyone.
- My certification (eligibility, certificates, validation cases): learners.
- Certificate PDF and credential downloads: the holder, certifiers and admins.
- Candidate queue, batches, certificates, validation assessment: certifiers.
"""

from __future__ import annotations

import json
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import RoleRequiredMixin
from accounts.roles import Role
from certification import badges, eligibility, selectors, services, verification
from certification.forms import (
    AssessForm,
    CaseOpenForm,
    EvidenceForm,
    IssueForm,
    ReissueForm,
    RenewForm,
    RevokeForm,
    VerifyForm,
)
from certification.models import Certificate, CertificateBatch, CertificationScheme, ValidationCase
from competencies.models import ProficiencyLevel
from core.errors import ApplicationError
from core.forms import apply_errors
from curriculum.guide import render_body

# --- Public ---------------------------------------------------------------------------------------


def scheme_list(request: HttpRequest) -> HttpResponse:
    """Everyone: the published certification schemes."""
    return render(request, "certification/scheme_list.html", {"schemes": list(selectors.schemes_published())})


def scheme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Everyone: the Rules for Certification of one scheme, drawn from its rules and editorial text."""
    scheme = selectors.scheme_get(slug)
    context = {
        "scheme": scheme,
        "requirements": selectors.scheme_requirements(scheme),
        "rules_text": render_body(scheme.rules_text),
    }
    return render(request, "certification/scheme_detail.html", context)


def registry(request: HttpRequest) -> HttpResponse:
    """Everyone: certified roles, how many hold each, and the holders who chose to be listed."""
    return render(request, "certification/registry.html", {"rows": selectors.registry()})


def verify_form(request: HttpRequest) -> HttpResponse:
    """Everyone: check a code, or upload a PDF or credential file."""
    client = verification.client_of(request)
    form = VerifyForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    if request.method != "POST":
        code = request.GET.get("code", "").strip()
        if code and verification.CODE.match(code):
            return redirect("certification:verify", code=code)
        if code:
            verification.record_miss(client)
            return render(
                request, "certification/verify_form.html", {"form": form, "unknown": True}, status=404
            )
        return render(request, "certification/verify_form.html", context)
    if verification.guessing_blocked(client):
        return render(request, "certification/verify_form.html", {**context, "blocked": True}, status=429)
    if not form.is_valid():
        return render(request, "certification/verify_form.html", context, status=400)
    upload = form.cleaned_data.get("file")
    if upload is not None:
        check = verification.check_file(upload, upload.size)
        if not check.genuine:
            verification.record_miss(client)
        context["check"] = check
        if check.certificate is not None:
            context["facts"] = verification.public_facts(check.certificate)
        return render(
            request, "certification/verify_form.html", context, status=200 if check.genuine else 400
        )
    return redirect("certification:verify", code=form.cleaned_data["code"].strip())


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Everyone: the status of the certificate with this code. Unknown codes answer 404 and count
    towards the guessing limit (429 once reached)."""
    client = verification.client_of(request)
    if verification.guessing_blocked(client):
        return render(request, "certification/verify.html", {"blocked": True}, status=429)
    certificate = verification.by_code(code)
    if certificate is None:
        verification.record_miss(client)
        return render(
            request, "certification/verify.html", {"unknown": True, "form": VerifyForm()}, status=404
        )
    context = {
        "facts": verification.public_facts(certificate),
        "renewals": verification.renewals(certificate),
        "form": VerifyForm(),
    }
    return render(request, "certification/verify.html", context)


# --- Learners ---------------------------------------------------------------------------------------


class DashboardView(RoleRequiredMixin, View):
    """Learners: for each scheme whether every rule is met and, if not, why; their certificates and
    their validation cases."""

    required_roles = (Role.LEARNER,)

    def get(self, request: HttpRequest) -> HttpResponse:
        user = cast(User, request.user)
        schemes = list(selectors.schemes_published())
        held = list(selectors.certificates_of(user))
        held_schemes = {c.scheme_id for c in held if c.status == Certificate.Status.VALID}
        rows = [
            (scheme, eligibility.eligibility(scheme, user.pk) if scheme.pk not in held_schemes else None)
            for scheme in schemes
        ]
        context = {"rows": rows, "certificates": held, "cases": list(selectors.cases_of(user))}
        return render(request, "certification/dashboard.html", context)


def _downloadable(request: HttpRequest, pk: int) -> Certificate:
    return selectors.certificate_get(user=request.user, certificate_id=pk)


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The holder, certifiers and admins (404 for anyone else)."""
    certificate = _downloadable(request, pk)
    if certificate.pdf_status != Certificate.Pdf.READY or not certificate.pdf:
        raise Http404
    response = FileResponse(
        certificate.pdf.open("rb"), as_attachment=True, filename=f"{certificate.serial}.pdf"
    )
    response["Content-Type"] = "application/pdf"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def certificate_credential(request: HttpRequest, pk: int) -> HttpResponse:
    """The holder, certifiers and admins: the signed Open Badges 3.0 credential."""
    certificate = _downloadable(request, pk)
    body = json.dumps(badges.signed_credential(certificate), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{certificate.serial}-v{certificate.version}.json"'
    )
    return response


@login_required
@require_POST
def certificate_listing(request: HttpRequest, pk: int) -> HttpResponse:
    """The holder: show or hide their name in the public registry."""
    certificate = _downloadable(request, pk)
    if certificate.holder_id != request.user.pk:
        raise Http404
    listed = request.POST.get("listed") == "1"
    services.registry_listing_set(certificate=certificate, holder=cast(User, request.user), listed=listed)
    messages.success(
        request,
        _("Your name is listed in the public registry.") if listed else _("Your name is no longer listed."),
    )
    return redirect("certification:dashboard")


class CaseOpenView(RoleRequiredMixin, View):
    """Learners: identification, the first phase of a validation case."""

    required_roles = (Role.LEARNER,)

    def scheme(self, slug: str) -> CertificationScheme:
        scheme = selectors.scheme_get(slug)
        if not scheme.validation_allowed:
            raise Http404
        return scheme

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        scheme = self.scheme(slug)
        form = CaseOpenForm(competences=services.competences_of(scheme))
        return render(request, "certification/case_open.html", {"scheme": scheme, "form": form})

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        scheme = self.scheme(slug)
        form = CaseOpenForm(request.POST, competences=services.competences_of(scheme))
        if form.is_valid():
            try:
                case = services.case_open(
                    learner=cast(User, request.user),
                    scheme=scheme,
                    competence_ids=[c.pk for c in form.cleaned_data["competences"]],
                    statement=form.cleaned_data["statement"],
                )
            except ApplicationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("Your validation case is open. Add evidence for each competence.")
                )
                return redirect("certification:case", pk=case.pk)
        return render(request, "certification/case_open.html", {"scheme": scheme, "form": form}, status=400)


class CaseView(RoleRequiredMixin, View):
    """The learner who owns the case (documentation, submission) and certifiers (reading)."""

    required_roles = (Role.LEARNER, Role.CERTIFIER)

    def page(
        self, request: HttpRequest, case: ValidationCase, form: EvidenceForm | None = None, status: int = 200
    ):
        claims = list(case.claims.all())
        mine = case.learner_id == request.user.pk
        if form is None and mine:
            form = EvidenceForm(claims=claims)
        context = {"case": case, "claims": claims, "form": form if mine else None, "mine": mine}
        return render(request, "certification/case.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, selectors.case_get(user=request.user, case_id=pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = selectors.case_get(user=request.user, case_id=pk)
        learner = cast(User, request.user)
        if case.learner_id != learner.pk:
            raise Http404
        claims = {claim.pk: claim for claim in case.claims.all()}
        if request.POST.get("action") == "submit":
            try:
                services.case_submit(case=case, learner=learner)
            except ApplicationError as error:
                messages.error(request, str(error.message))
                return self.page(request, case, status=400)
            messages.success(request, _("Your case is submitted for assessment."))
            return redirect("certification:case", pk=case.pk)
        form = EvidenceForm(request.POST, request.FILES, claims=list(claims.values()))
        if not form.is_valid():
            return self.page(request, case, form, status=400)
        data = form.cleaned_data
        upload = data.get("file")
        try:
            services.evidence_add(
                claim=claims[data["claim"]],
                learner=learner,
                evidence=services.EvidenceInput(
                    kind=data["kind"],
                    description=data["description"],
                    url=data["url"].strip(),
                    name=upload.name if upload else "",
                    size=upload.size if upload else 0,
                    handle=upload.file if upload else None,
                ),
            )
        except ApplicationError as error:
            apply_errors(form, error)
            return self.page(request, case, form, status=400)
        messages.success(request, _("The evidence is added."))
        return redirect("certification:case", pk=case.pk)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """The learner who added it and certifiers."""
    evidence = selectors.evidence_get(user=request.user, evidence_id=pk)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)
    response["Content-Type"] = evidence.mime_type or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Certifiers ---------------------------------------------------------------------------------------


class QueueView(RoleRequiredMixin, View):
    """Certifiers: the candidates of a scheme, whether each is eligible and why not; issue one or
    a batch."""

    required_roles = (Role.CERTIFIER,)

    def scheme(self, request: HttpRequest) -> CertificationScheme | None:
        schemes = list(selectors.schemes_published())
        slug = request.GET.get("scheme") or request.POST.get("scheme") or (schemes[0].slug if schemes else "")
        return next((s for s in schemes if s.slug == slug), None)

    def page(self, request: HttpRequest, form: IssueForm | None = None, status: int = 200) -> HttpResponse:
        scheme = self.scheme(request)
        if scheme is None:
            raise Http404
        candidate_ids = eligibility.candidate_ids(scheme)
        outcomes = eligibility.eligibility_for(scheme, candidate_ids)
        people = User.objects.in_bulk(candidate_ids)
        rows = [(people[pk], outcomes[pk]) for pk in candidate_ids]
        eligible = [(pk, people[pk].full_name) for pk in candidate_ids if outcomes[pk].eligible]
        context = {
            "scheme": scheme,
            "schemes": list(selectors.schemes_published()),
            "rows": rows,
            "form": form or IssueForm(candidates=eligible),
            "batches": list(CertificateBatch.objects.filter(scheme=scheme).select_related("created_by")[:5]),
        }
        return render(request, "certification/queue.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        scheme = self.scheme(request)
        if scheme is None:
            raise Http404
        candidates = [(pk, str(pk)) for pk in eligibility.candidate_ids(scheme)]
        form = IssueForm(request.POST, candidates=candidates)
        if not form.is_valid():
            return self.page(request, form, status=400)
        holder_ids = [int(pk) for pk in form.cleaned_data["holders"]]
        actor = cast(User, request.user)
        try:
            if len(holder_ids) == 1:
                certificate = services.certificate_issue(
                    scheme=scheme, holder=User.objects.get(pk=holder_ids[0]), actor=actor
                )
                messages.success(
                    request, _("Certificate %(serial)s is issued.") % {"serial": certificate.serial}
                )
                return redirect("certification:certificate", pk=certificate.pk)
            batch = services.batch_start(scheme=scheme, holder_ids=holder_ids, actor=actor)
        except ApplicationError as error:
            apply_errors(form, error)
            return self.page(request, form, status=400)
        return redirect("certification:batch", pk=batch.pk)


class BatchView(RoleRequiredMixin, View):
    """Certifiers: a batch's progress (the page refreshes itself until it is finished; ``?format=json``
    answers the figures)."""

    required_roles = (Role.CERTIFIER,)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = CertificateBatch.objects.select_related("scheme", "created_by").filter(pk=pk).first()
        if batch is None:
            raise Http404
        if request.GET.get("format") == "json":
            return JsonResponse(
                {
                    "status": batch.status,
                    "total": batch.total,
                    "issued": batch.issued,
                    "refused": batch.refused,
                }
            )
        return render(request, "certification/batch.html", {"batch": batch})


class CertificateListView(RoleRequiredMixin, View):
    """Certifiers: certificates with their status and PDF status, filtered."""

    required_roles = (Role.CERTIFIER,)

    def get(self, request: HttpRequest) -> HttpResponse:
        status = request.GET.get("status", "")
        pdf = request.GET.get("pdf", "")
        if status not in {"", *Certificate.Status.values} or pdf not in {"", *Certificate.Pdf.values}:
            return HttpResponseBadRequest(_("Unknown filter."))
        query = request.GET.get("q", "").strip()[:100]
        certificates = list(selectors.certificates_for_certifier(status=status, pdf=pdf, query=query)[:200])
        context = {
            "certificates": certificates,
            "status": status,
            "pdf": pdf,
            "q": query,
            "statuses": Certificate.Status.choices,
            "pdf_statuses": Certificate.Pdf.choices,
        }
        return render(request, "certification/certificate_list.html", context)


class CertificateView(RoleRequiredMixin, View):
    """Certifiers: one certificate, its versions and history; revoke, renew, re-issue, retry the PDF."""

    required_roles = (Role.CERTIFIER,)
    FORMS = {"revoke": RevokeForm, "renew": RenewForm, "reissue": ReissueForm}

    def page(
        self, request: HttpRequest, certificate: Certificate, status: int = 200, **forms: Any
    ) -> HttpResponse:
        for name, form_class in self.FORMS.items():
            forms.setdefault(f"{name}_form", form_class(prefix=name))
        context = {
            "certificate": certificate,
            "history": selectors.history(certificate),
            "versions": selectors.versions(certificate),
            "verify_url": reverse("certification:verify", args=[certificate.code]),
            **forms,
        }
        return render(request, "certification/certificate.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, selectors.certificate_get(user=request.user, certificate_id=pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        certificate = selectors.certificate_get(user=request.user, certificate_id=pk)
        actor = cast(User, request.user)
        action = request.POST.get("action", "")
        if action == "retry":
            try:
                services.pdf_retry(certificate=certificate, actor=actor)
            except ApplicationError as error:
                messages.error(request, str(error.message))
                return self.page(request, certificate, status=400)
            messages.success(request, _("The PDF is queued again."))
            return redirect("certification:certificate", pk=certificate.pk)
        if action not in self.FORMS:
            return HttpResponseBadRequest(_("Unknown action."))
        form = self.FORMS[action](request.POST, prefix=action)
        if not form.is_valid():
            return self.page(request, certificate, status=400, **{f"{action}_form": form})
        data = form.cleaned_data
        try:
            if action == "revoke":
                result = services.certificate_revoke(
                    certificate=certificate, actor=actor, reason=data["reason"]
                )
                messages.success(request, _("The certificate is revoked."))
            elif action == "renew":
                result = services.certificate_renew(
                    certificate=certificate, actor=actor, evidence=data["evidence"], hours=data["hours"] or 0
                )
                messages.success(
                    request, _("The certificate is renewed until %(date)s.") % {"date": result.valid_until}
                )
            else:
                result = services.certificate_reissue(
                    certificate=certificate,
                    actor=actor,
                    correction=data["correction"],
                    holder_name=data["holder_name"],
                    language=data["language"],
                )
                messages.success(request, _("Version %(version)s is issued.") % {"version": result.version})
        except ApplicationError as error:
            apply_errors(form, error)
            return self.page(request, certificate, status=400, **{f"{action}_form": form})
        return redirect("certification:certificate", pk=result.pk)


class CaseQueueView(RoleRequiredMixin, View):
    """Certifiers: validation cases waiting for assessment."""

    required_roles = (Role.CERTIFIER,)

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request, "certification/case_queue.html", {"cases": list(selectors.cases_awaiting_assessment())}
        )


class CaseAssessView(RoleRequiredMixin, View):
    """Certifiers: decide each claimed competence of a case."""

    required_roles = (Role.CERTIFIER,)

    def form(self, case: ValidationCase, data: Any = None) -> AssessForm:
        levels = list(
            ProficiencyLevel.objects.filter(scale_id=case.scheme.role.framework.scale_id).order_by("rank")
        )
        return AssessForm(data, claims=list(case.claims.all()), levels=levels)

    def page(
        self, request: HttpRequest, case: ValidationCase, form: AssessForm, status: int = 200
    ) -> HttpResponse:
        return render(request, "certification/case_assess.html", {"case": case, "form": form}, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = selectors.case_get(user=request.user, case_id=pk)
        return self.page(request, case, self.form(case))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = selectors.case_get(user=request.user, case_id=pk)
        form = self.form(case, request.POST)
        if form.is_valid():
            try:
                services.case_assess(case=case, assessor=cast(User, request.user), decisions=form.decisions())
            except ApplicationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The decisions are saved."))
                return redirect("certification:case_queue")
        return self.page(request, case, form, status=400)


def did_document(request: HttpRequest) -> JsonResponse:
    """Everyone: the issuer's did:web document with the public key that signs credentials."""
    return JsonResponse(badges.did_document(), json_dumps_params={"indent": 2})
