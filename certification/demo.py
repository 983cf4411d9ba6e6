"""Demo content (``load_demo``): a published certification scheme for each of the five roles, and
learners in each state the certifier's and the learner's pages show. Everything goes through the
services, exams included: the demo learners sit the exams and answer them, and the demo certifier
issues, so what the pages show is what the rules give."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from accounts import services as account_services
from accounts.models import User
from accounts.roles import Role
from certification import services
from certification.content import load_schemes
from certification.models import Certificate, CertificationScheme, SchemeExam, ValidationCase
from competencies.models import JobRole
from competencies.services import translated, upsert
from core.errors import ApplicationError
from curriculum import attempts
from curriculum.models import AttemptQuestion, Test
from curriculum.question_format import Kind

CERTIFIER = "certifier@example.org"
#: email, name, language, role slug, share of questions answered right, what happens next
LEARNERS: list[tuple[str, str, str, str, float, str]] = [
    ("learner@example.org", "", "bg", "smart-city-technician", 1.0, "issue"),
    ("eleni.georgiou@example.org", "Ελένη Γεωργίου", "el", "smart-city-engineer", 1.0, "wait"),
    ("jonas.weber@example.org", "Jonas Weber", "de", "smart-city-engineer", 0.4, "wait"),
    ("andrei.popescu@example.org", "Andrei Popescu", "ro", "smart-city-technician", 1.0, "revoke"),
    ("lucia.martin@example.org", "Lucía Martín", "es", "smart-city-project-developer", 0.0, "validate"),
]


def load(*, password: str, log: Callable[[str], None]) -> None:
    roles = {
        role.slug: role
        for role in JobRole.objects.filter(framework__key="smart-city", framework__version="1.0")
    }
    schemes: dict[str, CertificationScheme] = {}
    for item in load_schemes():
        scheme, _changed = upsert(
            CertificationScheme,
            {"slug": item["slug"]},
            {
                "role": roles[item["role"]],
                "min_area_score": Decimal(item["min_area_score"]),
                "validation_allowed": item["validation_allowed"],
                "validity_months": item["validity_months"],
                "renewal": item["renewal"],
                "renewal_hours": item["renewal_hours"],
                "is_published": True,
                **translated("title", item["title"]),
                **translated("summary", item["summary"]),
                **translated("rules_text", item["rules_text"]),
            },
        )
        schemes[item["slug"]] = scheme
        upsert(
            SchemeExam,
            {"scheme": scheme, "test": Test.objects.get(slug=item["exam"])},
            {"min_score": Decimal(item["min_score"])},
        )
    for item in load_schemes():
        prerequisite = schemes[item["prerequisite"]] if item.get("prerequisite") else None
        upsert(CertificationScheme, {"slug": item["slug"]}, {"prerequisite": prerequisite})
    log(f"  {len(schemes)} certification schemes")

    certifier = User.objects.get(email=CERTIFIER)
    for email, name, language, role_slug, share, outcome in LEARNERS:
        learner = User.objects.filter(email=email).first()
        if learner is None:
            learner = account_services.user_create(
                email=email,
                full_name=name,
                password=password,
                preferred_language=language,
                roles=(Role.LEARNER,),
            )
        scheme = next(s for s in schemes.values() if s.role.slug == role_slug)
        if (
            Certificate.objects.filter(holder=learner, scheme=scheme).exists()
            or ValidationCase.objects.filter(learner=learner).exists()
        ):
            continue
        if outcome == "validate":
            validation_case_submit(
                learner,
                scheme,
                statement="Cuatro años como desarrolladora de proyectos del portal de datos abiertos de Valencia y de dos pilotos financiados por la UE.",
                evidence="Dirigí los talleres con las partes interesadas y redacté la propuesta del proyecto, aprobada por el ayuntamiento.",
            )
            continue
        exam = scheme.exams.select_related("test").get().test
        if not exam.attempts.filter(learner=learner).exists():
            sit_exam(exam, learner, share)
        if outcome in ("issue", "revoke"):
            certificate = services.certificate_issue(scheme=scheme, holder=learner, actor=certifier)
            if outcome == "issue":
                services.registry_listing_set(certificate=certificate, holder=learner, listed=True)
            if outcome == "revoke":
                services.certificate_revoke(
                    certificate=certificate,
                    actor=certifier,
                    reason="Die Prüfung wurde mit fremder Hilfe abgelegt (Demo).",
                )
    log(f"  {Certificate.objects.count()} certificates, {ValidationCase.objects.count()} validation cases")


def _right(item: AttemptQuestion) -> dict[str, Any] | None:
    choices = list(item.question.choices.all())
    kind = item.question.kind
    best = [c for c in choices if c.fraction > 0]
    if kind == Kind.SINGLE_CHOICE:
        return {"choice": max(choices, key=lambda c: c.fraction).pk}
    if kind == Kind.MULTIPLE_CHOICE:
        return {"choices": [c.pk for c in best]}
    if kind == Kind.TRUE_FALSE:
        return {"value": next(getattr(c, "text_en", c.text) for c in choices if c.fraction > 0) == "true"}
    if kind == Kind.SHORT_ANSWER:
        return {"text": getattr(best[0], "text_en", best[0].text)}
    if kind == Kind.NUMERIC:
        return {"value": str(best[0].number)}
    if kind == Kind.MATCHING:
        return {"pairs": {str(c.pk): c.pk for c in choices if getattr(c, "text_en", c.text)}}
    return None


def sit_exam(test: Test, learner: User, share: float) -> None:
    attempt = attempts.attempt_start(test=test, learner=learner)
    items = list(
        attempt.items.select_related("question").prefetch_related("question__choices").order_by("position")
    )
    for index, item in enumerate(items):
        response = _right(item) if index < round(share * len(items)) else None
        if response is not None:
            try:
                attempts.answer_save(attempt=attempt, question_id=item.question_id, response=response)
            except ApplicationError:
                continue
    attempts.attempt_submit(attempt=attempt)


def validation_case_submit(
    learner: User, scheme: CertificationScheme, *, statement: str, evidence: str
) -> ValidationCase:
    """A validation case for the first two competences of the scheme, each with the same written
    evidence, sent for assessment."""
    competences = services.competences_of(scheme)[:2]
    case = services.case_open(
        learner=learner, scheme=scheme, competence_ids=[c.pk for c in competences], statement=statement
    )
    for claim in case.claims.all():
        services.evidence_add(
            claim=claim,
            learner=learner,
            evidence=services.EvidenceInput(kind="description", description=evidence),
        )
    return services.case_submit(case=case, learner=learner)
