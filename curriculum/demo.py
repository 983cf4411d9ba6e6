"""Demo content: a VET course for each of the five job roles, in six languages (``load_demo``)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from competencies.models import Competence, JobRole, ProficiencyLevel
from competencies.services import translated, upsert
from curriculum.content import load_curricula
from curriculum.models import Course, LearningOutcome, Module, Unit


def load(*, password: str, log: Callable[[str], None]) -> None:
    curricula = load_curricula()
    ecf = {level.rank: level for level in ProficiencyLevel.objects.filter(scale__slug="ecf")}
    eqf = {level.rank: level for level in ProficiencyLevel.objects.filter(scale__slug="eqf")}
    competences = {
        c.code: c for c in Competence.objects.filter(framework__key="smart-city", framework__version="1.0")
    }
    changes = 0
    for data in curricula:
        role = JobRole.objects.get(framework__key="smart-city", framework__version="1.0", slug=data["role"])
        course_data = data["course"]
        course, changed = upsert(
            Course,
            {"slug": data["role"]},
            {
                "code": course_data["code"],
                "role": role,
                "eqf_level": eqf[course_data["eqf"]],
                "hours": course_data["hours"],
                "ecvet": Decimal(str(course_data["ecvet"])),
                "is_published": True,
                **translated("title", course_data["title"]),
                **translated("description", course_data["description"]),
            },
        )
        changes += changed
        for m_position, module_data in enumerate(course_data["modules"], start=1):
            module, changed = upsert(
                Module,
                {"course": course, "code": module_data["code"]},
                {
                    "position": m_position,
                    **translated("title", module_data["title"]),
                    **translated("description", module_data["description"]),
                },
            )
            changes += changed
            for u_position, unit_data in enumerate(module_data["units"], start=1):
                unit, changed = upsert(
                    Unit,
                    {"module": module, "code": unit_data["code"]},
                    {
                        "position": u_position,
                        "hours": unit_data["hours"],
                        "ecvet": Decimal(str(unit_data["ecvet"])),
                        **translated("title", unit_data["title"]),
                        **translated("description", unit_data["description"]),
                    },
                )
                changes += changed
                for o_position, outcome_data in enumerate(unit_data["outcomes"], start=1):
                    outcome, changed = upsert(
                        LearningOutcome,
                        {"unit": unit, "code": outcome_data["code"]},
                        {
                            "position": o_position,
                            "level": ecf[outcome_data["level"]],
                            **translated("text", outcome_data["text"]),
                        },
                    )
                    wanted = {competences[code].pk for code in outcome_data["competences"]}
                    if set(outcome.competences.values_list("pk", flat=True)) != wanted:
                        outcome.competences.set(wanted)
                        changed = True
                    changes += changed
    log(f"  {len(curricula)} courses, {changes} changed")
