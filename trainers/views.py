"""Pages of the trainers app.

- Registry of accredited trainers and organisations, quality criteria: everyone.
- My accreditation (profile, applications, decisions): trainers.
- Accreditation queue and decisions: certifiers.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.models import User
from accounts.permissions import RoleRequiredMixin
from accounts.roles import Role
from core.errors import ApplicationError
from core.forms import apply_errors
from trainers import selectors, services
from trainers.forms import (
    ApplicationForm,
    DecisionForm,
    NoteForm,
    OrganisationProfileForm,
    RegistryFilterForm,
    TrainerProfileForm,
)
from trainers.models import Accreditation, QualityCriterion


def registry(request: HttpRequest) -> HttpResponse:
    """Public: accredited trainers and training organisations, filtered by role, country, language."""
    roles = list(selectors.registry_roles())
    form = RegistryFilterForm(request.GET or None, roles=roles)
    filters: dict[str, Any] = {}
    status = 200
    if form.is_bound:
        if form.is_valid():
            filters = {key: value for key, value in form.cleaned_data.items() if value}
        else:
            status = 400
    context = {
        "form": form,
        "filters": filters,
        "trainers": list(selectors.registry_trainers(**filters)) if status == 200 else [],
        "organisations": list(selectors.registry_organisations(**filters)) if status == 200 else [],
    }
    return render(request, "trainers/registry.html", context, status=status)


def quality_criteria(request: HttpRequest) -> HttpResponse:
    """Public: the published quality criteria for trainers and for training organisations."""
    criteria = list(selectors.criteria_published())
    groups = [
        (label, [c for c in criteria if c.applies_to == value])
        for value, label in QualityCriterion.AppliesTo.choices
    ]
    return render(request, "trainers/quality_criteria.html", {"groups": groups})


class MyAccreditationView(RoleRequiredMixin, View):
    """Trainers: their profile, their (and their organisation's) applications and decisions, and
    forms to apply."""

    required_roles = (Role.TRAINER,)
    template_name = "trainers/my_accreditation.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        user = cast(User, request.user)
        action = request.POST.get("action")
        forms: dict[str, Any] = {}
        form: TrainerProfileForm | OrganisationProfileForm | ApplicationForm
        try:
            if action == "profile":
                form = TrainerProfileForm(request.POST)
                forms["profile_form"] = form
                if not form.is_valid():
                    return self.page(request, status=400, **forms)
                services.trainer_profile_save(user=user, **form.cleaned_data)
                messages.success(request, _("Your trainer profile is saved."))
            elif action == "organisation":
                form = OrganisationProfileForm(request.POST)
                forms["organisation_profile_form"] = form
                if not form.is_valid():
                    return self.page(request, status=400, **forms)
                services.training_organisation_save(user=user, **form.cleaned_data)
                messages.success(request, _("The organisation's profile is saved."))
            elif action in ("apply_trainer", "apply_organisation"):
                for_organisation = action == "apply_organisation"
                key = "organisation_form" if for_organisation else "trainer_form"
                application = self.application_form(request, for_organisation, data=request.POST)
                forms[key] = form = application
                if not application.is_valid():
                    return self.page(request, status=400, **forms)
                services.accreditation_apply(
                    user=user,
                    role=application.cleaned_data["role"],
                    evidence=application.evidence(),
                    for_organisation=for_organisation,
                )
                messages.success(request, _("Your application is sent. A certifier will decide on it."))
            else:
                return HttpResponseBadRequest()
        except ApplicationError as error:
            apply_errors(form, error)
            return self.page(request, status=400, **forms)
        return redirect("trainers:my_accreditation")

    def application_form(
        self, request: HttpRequest, for_organisation: bool, data: Any = None
    ) -> ApplicationForm:
        applies_to = (
            QualityCriterion.AppliesTo.ORGANISATION
            if for_organisation
            else QualityCriterion.AppliesTo.TRAINER
        )
        criteria = list(selectors.criteria_published(applies_to=applies_to))
        return ApplicationForm(data, criteria=criteria, prefix="org" if for_organisation else "trainer")

    def page(self, request: HttpRequest, status: int = 200, **forms: Any) -> HttpResponse:
        user = cast(User, request.user)
        profile = selectors.trainer_profile_of(user=user)
        training_organisation = services.training_organisation_of(user)
        if "profile_form" not in forms:
            initial: dict[str, Any] = {"join_organisation": True}
            if profile:
                initial = {
                    "country": profile.country,
                    "languages": profile.languages,
                    "bio": profile.bio,
                    "qualifications": profile.qualifications,
                    "join_organisation": profile.organisation_id is not None,
                }
            elif user.organisation:
                initial["country"] = user.organisation.country
            forms["profile_form"] = TrainerProfileForm(initial=initial)
        forms.setdefault("trainer_form", self.application_form(request, False))
        if training_organisation is not None:
            forms.setdefault("organisation_form", self.application_form(request, True))
            forms.setdefault(
                "organisation_profile_form",
                OrganisationProfileForm(
                    initial={
                        "languages": training_organisation.languages,
                        "website": training_organisation.website,
                        "contact_email": training_organisation.contact_email,
                        "description": training_organisation.description,
                    }
                ),
            )
        else:
            forms.pop("organisation_form", None)
            forms.pop("organisation_profile_form", None)
        context = {
            "profile": profile,
            "training_organisation": training_organisation,
            "accreditations": list(selectors.accreditations_visible_to(user=user)),
            **forms,
        }
        return render(request, self.template_name, context, status=status)


class AccreditationQueueView(RoleRequiredMixin, View):
    """Certifiers: applications waiting for a decision, and accreditations in force."""

    required_roles = (Role.CERTIFIER,)

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {
            "waiting": list(selectors.accreditations_awaiting_decision()),
            "in_force": list(selectors.accreditations_in_force()),
        }
        return render(request, "trainers/accreditation_queue.html", context)


class AccreditationDecideView(RoleRequiredMixin, View):
    """Certifiers: one application with its evidence; decide it, or suspend / reinstate."""

    required_roles = (Role.CERTIFIER,)
    template_name = "trainers/accreditation_decide.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, self.accreditation(request, pk))

    def accreditation(self, request: HttpRequest, pk: int) -> Accreditation:
        return selectors.accreditation_get(user=request.user, accreditation_id=pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        accreditation = self.accreditation(request, pk)
        certifier = cast(User, request.user)
        action = request.POST.get("action")
        form: DecisionForm | NoteForm
        try:
            if action == "decide":
                form = DecisionForm(request.POST, assessments=accreditation.assessments.all())
                if not form.is_valid():
                    return self.page(request, accreditation, decision_form=form, status=400)
                data = form.cleaned_data
                services.accreditation_decide(
                    accreditation=accreditation,
                    certifier=certifier,
                    decisions=form.decisions(),
                    accredit=data["outcome"] == "accredit",
                    valid_until=data.get("valid_until"),
                    note=data.get("note") or "",
                )
                messages.success(request, _("The decision is recorded."))
                return redirect("trainers:accreditation_queue")
            if action == "suspend":
                form = NoteForm(request.POST)
                if not form.is_valid():
                    return self.page(request, accreditation, note_form=form, status=400)
                services.accreditation_suspend(
                    accreditation=accreditation, certifier=certifier, reason=form.cleaned_data["note"]
                )
                messages.success(request, _("The accreditation is suspended."))
            elif action == "reinstate":
                form = NoteForm()
                services.accreditation_reinstate(accreditation=accreditation, certifier=certifier)
                messages.success(request, _("The accreditation is reinstated."))
            else:
                return HttpResponseBadRequest()
        except ApplicationError as error:
            apply_errors(form, error)
            key = "decision_form" if isinstance(form, DecisionForm) else "note_form"
            return self.page(request, accreditation, status=400, **{key: form})
        except PermissionDenied as error:
            messages.error(request, str(error))
            return self.page(request, accreditation, status=403)
        return redirect("trainers:accreditation_decide", pk=accreditation.pk)

    def page(
        self, request: HttpRequest, accreditation: Accreditation, status: int = 200, **forms: Any
    ) -> HttpResponse:
        assessments = list(accreditation.assessments.all())
        forms.setdefault("decision_form", DecisionForm(assessments=assessments))
        forms.setdefault("note_form", NoteForm())
        context = {"accreditation": accreditation, "assessments": assessments, **forms}
        return render(request, self.template_name, context, status=status)
