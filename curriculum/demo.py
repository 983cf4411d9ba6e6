"""Demo content: a VET course for each of the five job roles, in six languages (``load_demo``)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from competencies.models import Competence, JobRole, ProficiencyLevel
from competencies.search import LANGUAGE_CODES, search_text_for
from competencies.services import translated, upsert
from curriculum.content import load_curricula
from curriculum.guide_content_check import load_pages
from curriculum.models import Course, GuidePage, LearningOutcome, Module, Unit


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
    load_guide(log=log)


def load_guide(*, log: Callable[[str], None]) -> None:
    pages = load_pages()
    changes = 0
    for page in pages:
        texts = [page[field][code] for field in ("title", "summary", "body") for code in LANGUAGE_CODES]
        _page, changed = upsert(
            GuidePage,
            {"slug": page["slug"]},
            {
                "audience": page["audience"],
                "position": page["position"],
                "search_text": search_text_for(code="", labels=texts),
                **translated("title", page["title"]),
                **translated("summary", page["summary"]),
                **translated("body", page["body"]),
            },
        )
        changes += changed
    log(f"  {len(pages)} user guide pages, {changes} changed")
