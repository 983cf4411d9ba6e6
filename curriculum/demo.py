"""Demo content: a VET course for each of the five job roles, in six languages (``load_demo``)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from competencies.models import Competence, JobRole, ProficiencyLevel
from competencies.search import LANGUAGE_CODES, search_text_for
from competencies.services import translated, upsert
from curriculum.content import load_curricula
from curriculum.guide_content_check import load_pages
from curriculum.models import (
    BlueprintRule,
    Choice,
    Course,
    GuidePage,
    LearningOutcome,
    Module,
    Question,
    Test,
    Unit,
)
from curriculum.question_bank import fingerprint
from curriculum.question_content import item_of, load_questions


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
    load_question_bank(log=log)
    load_tests(log=log)


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


def load_question_bank(*, log: Callable[[str], None]) -> None:
    """Eight questions per competence of the demo framework, in six languages, in use."""
    blocks = load_questions()
    competences = {
        c.code: c for c in Competence.objects.filter(framework__key="smart-city", framework__version="1.0")
    }
    existing = dict(Question.objects.values_list("fingerprint", "pk"))
    new: list[tuple[Question, list[dict]]] = []
    changed = 0
    for block in blocks:
        for data in block["questions"]:
            item = item_of(data, block["competence"])
            texts = {**translated("text", data["text"]), **translated("general_feedback", data["feedback"])}
            print_ = fingerprint(item)
            if print_ in existing:
                _question, was_changed = upsert(Question, {"pk": existing[print_]}, texts)
                changed += was_changed
                continue
            question = Question(
                competence=competences[block["competence"]],
                kind=data["kind"],
                name=data["text"]["en"][:80],
                difficulty=data["difficulty"],
                status=Question.Status.ACTIVE,
                fingerprint=print_,
                **texts,
            )
            new.append((question, data["answers"]))
    Question.objects.bulk_create([question for question, _answers in new])
    Choice.objects.bulk_create(
        Choice(
            question=question,
            position=position,
            fraction=answer["fraction"],
            number=answer.get("number"),
            tolerance=answer.get("tolerance", 0),
            **translated("text", answer.get("text", {})),
            **translated("match_text", answer.get("match", {})),
        )
        for question, answers in new
        for position, answer in enumerate(answers, start=1)
    )
    total = sum(len(block["questions"]) for block in blocks)
    log(f"  {total} questions in the bank, {len(new)} added, {changed} changed")


#: Titles of the demo tests, per language; {role} is the role's title in that language.
TEST_TITLES: dict[str, dict[str, str]] = {
    Test.Kind.PRACTICE: {
        "en": "Practice test: {role}",
        "bg": "Тренировъчен тест: {role}",
        "ro": "Test de exersare: {role}",
        "de": "Übungstest: {role}",
        "es": "Prueba de práctica: {role}",
        "el": "Τεστ εξάσκησης: {role}",
    },
    Test.Kind.EXAM: {
        "en": "Exam: {role}",
        "bg": "Изпит: {role}",
        "ro": "Examen: {role}",
        "de": "Prüfung: {role}",
        "es": "Examen: {role}",
        "el": "Εξέταση: {role}",
    },
}
TEST_DESCRIPTIONS: dict[str, dict[str, str]] = {
    Test.Kind.PRACTICE: {
        "en": "One question on each competence the role requires. Take it as often as you like; you see the right answers and explanations after handing it in.",
        "bg": "По един въпрос за всяка компетентност, която ролята изисква. Можете да го решавате колкото пъти искате; след предаване виждате верните отговори и обясненията.",
        "ro": "O întrebare pentru fiecare competență cerută de rol. Îl puteți susține de câte ori doriți; după predare vedeți răspunsurile corecte și explicațiile.",
        "de": "Eine Frage zu jeder Kompetenz, die die Rolle verlangt. Beliebig oft wiederholbar; nach der Abgabe sehen Sie die richtigen Antworten und Erklärungen.",
        "es": "Una pregunta sobre cada competencia que exige el perfil. Puede hacerla tantas veces como quiera; al entregarla verá las respuestas correctas y las explicaciones.",
        "el": "Μία ερώτηση για κάθε ικανότητα που απαιτεί ο ρόλος. Μπορείτε να το δώσετε όσες φορές θέλετε· μετά την υποβολή βλέπετε τις σωστές απαντήσεις και τις εξηγήσεις.",
    },
    Test.Kind.EXAM: {
        "en": "Two questions on each competence the role requires. Three attempts, at least a day apart; it counts towards certification. You see your score per competence, not the answers.",
        "bg": "По два въпроса за всяка компетентност, която ролята изисква. Три опита, поне един ден един от друг; изпитът се зачита за сертифициране. Виждате резултата си по компетентности, но не и отговорите.",
        "ro": "Două întrebări pentru fiecare competență cerută de rol. Trei încercări, la cel puțin o zi distanță; examenul contează pentru certificare. Vedeți scorul pe competențe, nu și răspunsurile.",
        "de": "Zwei Fragen zu jeder Kompetenz, die die Rolle verlangt. Drei Versuche im Abstand von mindestens einem Tag; die Prüfung zählt für die Zertifizierung. Sie sehen Ihr Ergebnis je Kompetenz, nicht die Antworten.",
        "es": "Dos preguntas sobre cada competencia que exige el perfil. Tres intentos, con al menos un día entre ellos; cuenta para la certificación. Verá su puntuación por competencia, no las respuestas.",
        "el": "Δύο ερωτήσεις για κάθε ικανότητα που απαιτεί ο ρόλος. Τρεις προσπάθειες, με απόσταση τουλάχιστον μίας ημέρας· μετρά για την πιστοποίηση. Βλέπετε τη βαθμολογία σας ανά ικανότητα, όχι τις απαντήσεις.",
    },
}
TEST_RULES: dict[str, dict[str, Any]] = {
    Test.Kind.PRACTICE: {"per_competence": 1, "time_limit_minutes": 30, "pass_mark": 60, "attempts_allowed": None,
                         "wait_minutes": 0, "feedback_policy": Test.FeedbackPolicy.AFTER_SUBMIT},
    Test.Kind.EXAM: {"per_competence": 2, "time_limit_minutes": 60, "pass_mark": 66, "attempts_allowed": 3,
                     "wait_minutes": 24 * 60, "feedback_policy": Test.FeedbackPolicy.NONE},
}  # fmt: skip


def load_tests(*, log: Callable[[str], None]) -> None:
    """A practice test and an exam per role, drawing from the competences the role requires."""
    roles = JobRole.objects.filter(framework__key="smart-city", framework__version="1.0").order_by("position")
    changes = 0
    for role in roles:
        competences = list(
            Competence.objects.filter(requirements__role=role, framework=role.framework)
            .order_by("code")
            .distinct()
        )
        for kind, rules in TEST_RULES.items():
            fields = {key: value for key, value in rules.items() if key != "per_competence"}
            titles = {
                code: text.format(role=getattr(role, f"title_{code}"))
                for code, text in TEST_TITLES[kind].items()
            }
            test, changed = upsert(
                Test,
                {"slug": f"{role.slug}-{kind}"},
                {
                    "kind": kind,
                    "role": role,
                    "course": Course.objects.filter(role=role).first(),
                    "is_published": True,
                    **fields,
                    **translated("title", titles),
                    **translated("description", TEST_DESCRIPTIONS[kind]),
                },
            )
            changes += changed
            wanted = [(c.pk, rules["per_competence"]) for c in competences]
            if list(test.rules.order_by("position").values_list("competence_id", "count")) != wanted:
                test.rules.all().delete()
                BlueprintRule.objects.bulk_create(
                    BlueprintRule(test=test, competence_id=pk, count=count, position=position)
                    for position, (pk, count) in enumerate(wanted)
                )
                changes += 1
    log(f"  {2 * len(roles)} tests, {changes} changed")
