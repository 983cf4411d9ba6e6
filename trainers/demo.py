"""Demo content (``load_demo``): the published quality criteria, a training organisation and five
trainers with accreditations in each state the registry and the certifier's queue show."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from accounts import services as account_services
from accounts.models import Organisation, User
from accounts.roles import Role
from competencies.models import JobRole
from competencies.services import translated, upsert
from trainers.content import load_criteria, load_trainers
from trainers.models import (
    Accreditation,
    CriterionAssessment,
    QualityCriterion,
    TrainerProfile,
    TrainingOrganisation,
    today,
)

CERTIFIER = "certifier@example.org"
ORGANISATION_APPLICANT = "trainer@example.org"


def load(*, password: str, log: Callable[[str], None]) -> None:
    criteria_data = load_criteria()
    demo = load_trainers()
    changes = 0
    for position, item in enumerate(criteria_data, start=1):
        _criterion, changed = upsert(
            QualityCriterion,
            {"code": item["code"]},
            {
                "applies_to": item["applies_to"],
                "position": position,
                "is_published": True,
                **translated("title", item["title"]),
                **translated("description", item["description"]),
            },
        )
        changes += changed
    log(f"  {len(criteria_data)} quality criteria, {changes} changed")

    roles = {
        role.slug: role
        for role in JobRole.objects.filter(framework__key="smart-city", framework__version="1.0")
    }
    certifier = User.objects.get(email=CERTIFIER)
    # The demo trainer applied for his organisation.
    organisation_applicant = User.objects.get(email=ORGANISATION_APPLICANT)
    accreditations = 0
    for item in demo["organisations"]:
        training, _changed = upsert(
            TrainingOrganisation,
            {"organisation": Organisation.objects.get(slug=item["organisation"])},
            {
                "website": item.get("website", ""),
                "contact_email": item.get("contact_email", ""),
                "languages": item["languages"],
                **translated("description", item["description"]),
            },
        )
        for entry in item.get("accreditations", []):
            accreditations += _accreditation(
                entry,
                roles[entry["role"]],
                certifier,
                organisation=training,
                applied_by=organisation_applicant,
            )
    for item in demo["trainers"]:
        user = User.objects.filter(email=item["email"]).first()
        if user is None:
            user = account_services.user_create(
                email=item["email"],
                full_name=item["full_name"],
                password=password,
                preferred_language=item["language"],
                roles=(Role.TRAINER,),
            )
        organisation = (
            TrainingOrganisation.objects.get(organisation=user.organisation)
            if item.get("organisation") and user.organisation
            else None
        )
        profile, _changed = upsert(
            TrainerProfile,
            {"user": user},
            {
                "country": item["country"],
                "languages": item["languages"],
                "organisation": organisation,
                **translated("qualifications", item["qualifications"]),
                **translated("bio", item["bio"]),
            },
        )
        for entry in item.get("accreditations", []):
            accreditations += _accreditation(
                entry, roles[entry["role"]], certifier, trainer=profile, applied_by=user
            )
    log(f"  {len(demo['trainers'])} trainers, {accreditations} accreditations added")


def _accreditation(
    entry: dict[str, Any], role: JobRole, certifier: User, *, applied_by: User, **applicant: Any
) -> int:
    """Add the accreditation unless the applicant already has one for the role (then it is left as
    people may have changed it)."""
    if Accreditation.objects.filter(role=role, **applicant).exists():
        return 0
    accredited = entry["status"] == "accredited"
    valid_until = today() + datetime.timedelta(days=entry["valid_for_days"]) if accredited else None
    now = datetime.datetime.now(tz=datetime.UTC)
    # Accredited for three years: applied a little before the three years began.
    applied_at = now - datetime.timedelta(days=3 * 365 + 20 - entry["valid_for_days"]) if accredited else now
    accreditation = Accreditation.objects.create(
        role=role,
        applied_by=applied_by,
        applied_at=applied_at,
        status=Accreditation.Status.ACCREDITED if accredited else Accreditation.Status.APPLIED,
        valid_until=valid_until,
        decided_by=certifier if accredited else None,
        decided_at=applied_at + datetime.timedelta(days=14) if accredited else None,
        **applicant,
    )
    applies_to = (
        QualityCriterion.AppliesTo.TRAINER
        if "trainer" in applicant
        else QualityCriterion.AppliesTo.ORGANISATION
    )
    CriterionAssessment.objects.bulk_create(
        CriterionAssessment(
            accreditation=accreditation,
            criterion=criterion,
            evidence=EVIDENCE[criterion.code],
            decision=CriterionAssessment.Decision.MET if accredited else CriterionAssessment.Decision.PENDING,
        )
        for criterion in QualityCriterion.objects.filter(applies_to=applies_to, is_published=True)
    )
    return 1


#: The applicants' evidence, as an applicant writes it (in English, the language of the demo
#: applications); what a certifier reads next to each criterion.
EVIDENCE = {
    "T1": "Degree certificate and a list of smart-city projects of the last five years.",
    "T2": "Adult-training certificate; 240 hours of courses delivered since 2023.",
    "T3": "Peer-review workshops run with two city administrations; participants' feedback attached.",
    "T4": "Completed the platform's assessor briefing; sample formative tests attached.",
    "T5": "C2 certificates for each language of instruction.",
    "T6": "24 hours of professional development last year (conference and online courses).",
    "O1": "Registered training provider; ISO 21001 certificate valid until 2028.",
    "O2": "All trainers of the role's courses are accredited on this platform.",
    "O3": "Course plan mapping every unit and learning outcome of the curriculum.",
    "O4": "Sensor laboratory and learning management system open to all learners.",
    "O5": "Feedback survey after every course; yearly improvement report.",
    "O6": "GDPR policy and accessibility statement of the organisation.",
}
