"""Importing question files into the bank and exporting the bank to them.

An import reads the whole file first (a file that cannot be read imports nothing), then writes
every question it can hold in one transaction and reports each question of the file: imported,
already in the bank (the same content was imported before: re-importing never duplicates), or
skipped with the reason. Categories name competences by code (``$CATEGORY: SC-A.1`` or Moodle's
``$course$/top/SC-A.1``); a competence the trainer picks instead applies to every question.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from competencies.models import Competence, Framework
from core.errors import ApplicationError
from curriculum import gift, moodlexml
from curriculum.models import Choice, Question
from curriculum.question_format import Answer, Item, Kind, Skipped

FORMATS = ("gift", "moodlexml")
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@dataclass
class ReportRow:
    #: Line (GIFT) or question number (Moodle XML) in the file.
    position: int
    name: str
    outcome: str  # "imported", "duplicate" or "skipped"
    reason: str = ""
    question_id: int | None = None


@dataclass
class ImportReport:
    rows: list[ReportRow] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def imported(self) -> int:
        return self.count("imported")

    @property
    def duplicates(self) -> int:
        return self.count("duplicate")

    @property
    def skipped(self) -> int:
        return self.count("skipped")


def fingerprint(item: Item) -> str:
    """The same question, however it was written in the file, gives the same fingerprint."""
    content = {
        "kind": str(item.kind),
        "text": item.text,
        "answers": [
            {key: str(value) if isinstance(value, Decimal) else value for key, value in asdict(a).items()}
            for a in item.answers
        ],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def read_file(data: bytes, fmt: str) -> list[Item | Skipped]:
    """The file's questions, or an :class:`ApplicationError` saying why the file cannot be read."""
    if fmt not in FORMATS:
        raise ApplicationError(
            _("Choose GIFT or Moodle XML."), field_errors={"file_format": [_("Choose GIFT or Moodle XML.")]}
        )
    if not data.strip():
        raise ApplicationError(_("The file is empty."))
    if fmt == "moodlexml":
        try:
            items, _categories = moodlexml.parse(data)
        except moodlexml.MoodleXmlError as error:
            raise ApplicationError(str(error)) from None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ApplicationError(_("The file is not UTF-8 text; save it as UTF-8 and try again.")) from None
        items, _categories = gift.parse(text)
    if not items:
        raise ApplicationError(_("The file holds no questions."))
    return items


def _category_code(category: str) -> str:
    return category.rstrip("/").rsplit("/", 1)[-1].strip()


def questions_import(
    *,
    data: bytes,
    fmt: str,
    author: User,
    framework: Framework,
    competence: Competence | None = None,
    language: str = "en",
    activate: bool = False,
) -> ImportReport:
    if not (author.has_role(Role.TRAINER) or author.is_superuser):
        raise PermissionDenied(_("Only trainers keep question banks."))
    if language not in LANGUAGE_CODES:
        raise ApplicationError(_("Choose one of the offered languages."))
    if competence is not None and competence.framework_id != framework.pk:
        raise ApplicationError(_("The competence is not part of this framework."))
    items = read_file(data, fmt)
    by_code = {c.code.lower(): c for c in Competence.objects.filter(framework=framework).only("id", "code")}
    report = ImportReport()
    with transaction.atomic():
        for item in items:
            if isinstance(item, Skipped):
                report.rows.append(ReportRow(item.line, item.name, "skipped", item.reason))
                continue
            target = competence or by_code.get(_category_code(item.category).lower())
            if target is None:
                reason = (
                    _(
                        "The category “%(category)s” is not a competence code; choose a competence for the file."
                    )
                    % {"category": item.category}
                    if item.category
                    else _("No category names a competence; choose a competence for the file.")
                )
                report.rows.append(ReportRow(item.line, item.name, "skipped", reason))
                continue
            print_ = fingerprint(item)
            existing = Question.objects.filter(fingerprint=print_).values_list("pk", flat=True).first()
            if existing:
                report.rows.append(
                    ReportRow(item.line, item.name, "duplicate", _("Already in the bank."), existing)
                )
                continue
            question = _create(item, target, author, language, print_, activate)
            report.rows.append(ReportRow(item.line, item.name, "imported", question_id=question.pk))
    return report


def _choice_texts(item: Item, answer: Answer, language: str) -> dict[str, str]:
    # True/false answers are the codes "true" and "false", kept in the English field whatever
    # the file's language; pages name them in the reader's language.
    text_language = "en" if item.kind == Kind.TRUE_FALSE else language
    texts = {f"text_{text_language}": answer.text, f"feedback_{language}": answer.feedback}
    if answer.match:
        # The right-hand item of a matching pair also identifies it when grading (in English).
        texts[f"match_text_{language}"] = answer.match
        texts["match_text_en"] = texts.get("match_text_en") or answer.match
    return texts


def _create(
    item: Item, competence: Competence, author: User, language: str, print_: str, activate: bool
) -> Question:
    question = Question.objects.create(
        competence=competence,
        kind=item.kind,
        name=item.name[:200],
        points=item.points,
        status=Question.Status.ACTIVE if activate else Question.Status.DRAFT,
        author=author,
        fingerprint=print_,
        **{f"text_{language}": item.text, f"general_feedback_{language}": item.general_feedback},
    )
    Choice.objects.bulk_create(
        Choice(
            question=question,
            position=position,
            fraction=answer.fraction,
            number=answer.number,
            tolerance=answer.tolerance,
            **_choice_texts(item, answer, language),
        )
        for position, answer in enumerate(item.answers, start=1)
    )
    return question


def item_of(question: Question, language: str) -> Item:
    """The question as an exchange record, in one language (English where it lacks one)."""

    def text(obj: Any, name: str) -> str:
        return getattr(obj, f"{name}_{language}") or getattr(obj, f"{name}_en") or ""

    return Item(
        line=0,
        name=question.name,
        text=text(question, "text"),
        kind=question.kind,
        category=question.competence.code,
        general_feedback=text(question, "general_feedback"),
        points=question.points,
        answers=[
            Answer(
                text=text(choice, "text"),
                fraction=choice.fraction.normalize(),
                feedback=text(choice, "feedback"),
                match=text(choice, "match_text"),
                number=None if choice.number is None else choice.number.normalize(),
                tolerance=choice.tolerance.normalize(),
            )
            for choice in question.choices.all()
        ],
    )


def questions_export(*, questions: Any, fmt: str, language: str = "en") -> bytes:
    """GIFT or Moodle XML for the questions (a queryset or list), in one language."""
    items = [item_of(q, language) for q in questions]
    if fmt == "gift":
        return gift.write(items).encode("utf-8")
    if fmt == "moodlexml":
        return moodlexml.write(items)
    raise ApplicationError(_("Choose GIFT or Moodle XML."))


# --- Authoring ----------------------------------------------------------------------------------


def _require_author(user: User) -> None:
    if not (user.has_role(Role.TRAINER) or user.is_superuser):
        raise PermissionDenied(_("Only trainers keep question banks."))


def check_item(item: Item) -> None:
    """The rules every question of the bank follows, whatever way it comes in."""
    errors: dict[str, list[str]] = {}

    def fail(field_name: str, message: str) -> None:
        errors.setdefault(field_name, []).append(message)

    if not item.text.strip():
        fail("text", _("Write the question."))
    if item.points <= 0:
        fail("points", _("Points must be more than zero."))
    answers = item.answers
    if any(not Decimal(-1) <= a.fraction <= Decimal(1) for a in answers):
        fail("choices", _("A weight is outside -100% to 100%."))
    right = [a for a in answers if a.fraction > 0]
    if item.kind == Kind.SINGLE_CHOICE and (
        len(answers) < 2 or sum(1 for a in answers if a.fraction == 1) != 1
    ):
        fail("choices", _("A single-choice question needs two or more answers, exactly one of them right."))
    if item.kind == Kind.MULTIPLE_CHOICE and (len(answers) < 2 or sum(a.fraction for a in right) != 1):
        fail("choices", _("The weights of the right answers do not add up to 100%."))
    if item.kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE, Kind.SHORT_ANSWER) and any(
        not a.text.strip() for a in answers
    ):
        fail("choices", _("An answer has no text."))
    if item.kind == Kind.TRUE_FALSE and sorted(a.text for a in answers) != ["false", "true"]:
        fail("choices", _("A true/false question needs the answers true and false."))
    if item.kind in (Kind.SHORT_ANSWER, Kind.NUMERIC, Kind.TRUE_FALSE) and not any(
        a.fraction == 1 for a in answers
    ):
        fail("choices", _("No answer is marked right."))
    if item.kind == Kind.NUMERIC and any(a.number is None and a.text != "*" for a in answers):
        fail("choices", _("Give each numeric answer a value."))
    if item.kind == Kind.MATCHING and (
        sum(1 for a in answers if a.text) < 2 or any(not a.match for a in answers)
    ):
        fail("choices", _("A matching question needs at least two pairs."))
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], field_errors=errors)


@transaction.atomic
def question_create(
    *,
    author: User,
    item: Item,
    competence: Competence,
    language: str,
    difficulty: int = 2,
    activate: bool = False,
) -> Question:
    _require_author(author)
    if language not in LANGUAGE_CODES:
        raise ApplicationError(_("Choose one of the offered languages."))
    check_item(item)
    print_ = fingerprint(item)
    if Question.objects.filter(fingerprint=print_).exists():
        raise ApplicationError(_("The same question is already in the bank."))
    question = _create(item, competence, author, language, print_, activate)
    if difficulty != question.difficulty:
        question.difficulty = difficulty
        question.save(update_fields=["difficulty"])
    return question


def question_set_status(*, question: Question, user: User, status: str) -> Question:
    """Put a question in use or retire it. Trainers change their own questions; framework
    editors also those of the platform's bank (which have no author)."""
    if question.author_id:
        _require_author(user)
        if question.author_id != user.pk and not user.is_superuser:
            raise PermissionDenied(_("Only the trainer who wrote this question may change it."))
    elif not (user.has_role(Role.FRAMEWORK_EDITOR) or user.is_superuser):
        raise PermissionDenied(_("Only framework editors change the platform's own questions."))
    if status not in Question.Status.values:
        raise ApplicationError(_("Unknown status."))
    if question.status != status:
        question.status = status
        question.save(update_fields=["status", "updated_at"])
    return question


# --- Uploads -----------------------------------------------------------------------------------

#: Largest question file accepted (bytes).
MAX_FILE = 5 * 1024 * 1024


def smart_city_framework() -> Framework:
    framework = (
        Framework.objects.filter(key="smart-city", status=Framework.Status.PUBLISHED)
        .order_by("-published_at")
        .first()
    )
    if framework is None:
        raise ApplicationError(_("No published competence framework to file questions under."))
    return framework


def import_upload(
    *, user: User, upload: Any, fmt: str, competence_code: str, language: str, activate: bool
) -> ImportReport:
    """An uploaded file (pages and API) through the importer, filed under the published Smart City
    framework's competences."""
    if upload.size > MAX_FILE:
        raise ApplicationError(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_FILE // (1024 * 1024)},
            field_errors={
                "file": [_("The file is larger than %(limit)s MB.") % {"limit": MAX_FILE // (1024 * 1024)}]
            },
        )
    framework = smart_city_framework()
    competence = None
    if competence_code:
        competence = Competence.objects.filter(
            framework=framework, code__iexact=competence_code.strip()
        ).first()
        if competence is None:
            message = _("There is no competence “%(code)s”.") % {"code": competence_code}
            raise ApplicationError(message, field_errors={"competence": [message]})
    return questions_import(
        data=upload.read(), fmt=fmt, author=user, framework=framework, competence=competence,
        language=language, activate=activate,
    )  # fmt: skip
