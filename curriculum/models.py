"""The VET curriculum: a course per job role, made of modules and units; each unit states its
learning outcomes, each linked to the competences it develops and the level it reaches."""

from __future__ import annotations

import os
import secrets
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from competencies.models import Competence, JobRole, ProficiencyLevel
from curriculum.question_format import Kind


class PrivateStorage(FileSystemStorage):
    """Materials live in PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT: nothing serves them but the
    permission-checked download view. The location is read from the settings at each use."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL.")


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


def private_name(instance: Any, filename: str) -> str:
    """An unguessable name with a fixed, safe extension; the original name is kept in the row."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"materials/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}.{extension}"


class Course(models.Model):
    slug = models.SlugField(_("identifier"), max_length=100, unique=True)
    code = models.CharField(_("code"), max_length=32)
    #: The job role the course prepares for.
    role = models.ForeignKey(
        JobRole,
        verbose_name=_("job role"),
        related_name="courses",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    eqf_level = models.ForeignKey(
        ProficiencyLevel,
        verbose_name=_("EQF level"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    hours = models.PositiveIntegerField(_("hours"), validators=[MinValueValidator(1)])
    ecvet = models.DecimalField(_("ECVET credits"), max_digits=5, decimal_places=1)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ("code",)
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Module(models.Model):
    course = models.ForeignKey(Course, related_name="modules", on_delete=models.CASCADE)
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("course", "position")
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("course", "code"), name="curriculum_module_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Unit(models.Model):
    module = models.ForeignKey(Module, related_name="units", on_delete=models.CASCADE)
    code = models.CharField(_("code"), max_length=48)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    hours = models.PositiveIntegerField(_("hours"), validators=[MinValueValidator(1)])
    ecvet = models.DecimalField(_("ECVET credits"), max_digits=4, decimal_places=1)

    class Meta:
        ordering = ("module", "position")
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("module", "code"), name="curriculum_unit_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class LearningOutcome(models.Model):
    unit = models.ForeignKey(Unit, related_name="outcomes", on_delete=models.CASCADE)
    code = models.CharField(_("code"), max_length=56)
    #: What the learner can do at the end of the unit.
    text = models.TextField(_("learning outcome"))
    competences = models.ManyToManyField(
        Competence, verbose_name=_("competences"), related_name="learning_outcomes"
    )
    #: The proficiency level the outcome reaches in those competences.
    level = models.ForeignKey(
        ProficiencyLevel, verbose_name=_("level"), related_name="+", on_delete=models.PROTECT
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("unit", "position")
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("unit", "code"), name="curriculum_outcome_code_unique")
        ]

    def __str__(self) -> str:
        return self.code


class Material(models.Model):
    """A learning material attached to a unit: a file (kept in versions) or a link, reviewed
    before learners see it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), related_name="materials", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    #: The language the material is written in.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    #: For a link; empty for a file.
    url = models.URLField(_("link"), blank=True)
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploader"),
        related_name="materials",
        on_delete=models.PROTECT,
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    #: The version learners get: the last one an editor approved.
    approved_version = models.ForeignKey(
        "MaterialVersion", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("unit", "title", "id")
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.title


class MaterialVersion(models.Model):
    material = models.ForeignKey(Material, related_name="versions", on_delete=models.CASCADE)
    number = models.PositiveIntegerField(_("version"))
    #: Stored under a random name in the private storage.
    file = models.FileField(_("file"), storage=private_storage, upload_to=private_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("material", "-number")
        verbose_name = _("material version")
        verbose_name_plural = _("material versions")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("material", "number"), name="curriculum_material_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.material} v{self.number}"


class GuidePage(models.Model):
    """A page of the user guide for learners, trainers and city HR staff."""

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        LEARNERS = "learners", _("Learners")
        TRAINERS = "trainers", _("Trainers")
        HR_STAFF = "hr_staff", _("City HR staff")

    slug = models.SlugField(_("identifier"), max_length=100, unique=True)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=255)
    summary = models.CharField(_("summary"), max_length=500)
    #: Paragraphs separated by blank lines; "## " starts a heading, "- " a list item.
    body = models.TextField(_("text"))
    #: Every title, summary and text in every language, folded, for search (kept by the loader).
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ("position", "slug")
        verbose_name = _("user guide page")
        verbose_name_plural = _("user guide pages")

    def __str__(self) -> str:
        return self.title


# --- Question bank ----------------------------------------------------------------------------


class Question(models.Model):
    """A question of the bank, about one competence (and optionally one unit)."""

    Kind = Kind

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("In use")
        RETIRED = "retired", _("Retired")

    class Difficulty(models.IntegerChoices):
        EASY = 1, _("Easy")
        MEDIUM = 2, _("Medium")
        HARD = 3, _("Hard")

    competence = models.ForeignKey(
        Competence, verbose_name=_("competence"), related_name="questions", on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        related_name="questions",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    #: A short name for lists and files (GIFT ``::name::``).
    name = models.CharField(_("name"), max_length=200)
    text = models.TextField(_("question"))
    general_feedback = models.TextField(_("general feedback"), blank=True)
    points = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="questions",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    #: SHA-256 of the question's content: importing the same question again finds it.
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("competence", "id")
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.name


class Choice(models.Model):
    """One answer of a question: an option, an accepted short answer, a numeric value with its
    tolerance, or a matching pair. ``fraction`` is its share of the question's points."""

    question = models.ForeignKey(Question, related_name="choices", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("answer"), blank=True)
    #: Matching: the right-hand item.
    match_text = models.CharField(_("matches"), max_length=500, blank=True)
    fraction = models.DecimalField(
        _("share of the points"),
        max_digits=6,
        decimal_places=5,
        validators=[MinValueValidator(Decimal(-1)), MaxValueValidator(Decimal(1))],
    )
    feedback = models.TextField(_("feedback"), blank=True)
    number = models.DecimalField(_("value"), max_digits=24, decimal_places=8, null=True, blank=True)
    tolerance = models.DecimalField(_("tolerance"), max_digits=24, decimal_places=8, default=Decimal(0))

    class Meta:
        ordering = ("question", "position", "id")
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.text or self.match_text or str(self.number)


# --- Tests and attempts -----------------------------------------------------------------------


class Test(models.Model):
    """A practice test or an exam: which questions to draw (its blueprint rules) and the rules
    of taking it."""

    __test__ = False  # not a pytest test class

    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Practice test")
        EXAM = "exam", _("Exam")

    class FeedbackPolicy(models.TextChoices):
        NONE = "none", _("No feedback")
        AFTER_SUBMIT = "after_submit", _("After submitting")
        AFTER_WINDOW = "after_window", _("After the test closes")

    slug = models.SlugField(_("identifier"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    role = models.ForeignKey(
        JobRole,
        verbose_name=_("job role"),
        related_name="tests",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        related_name="tests",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    #: Empty: as many attempts as the learner likes.
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), null=True, blank=True)
    wait_minutes = models.PositiveIntegerField(_("wait between attempts (minutes)"), default=0)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_choices = models.BooleanField(_("shuffle answers"), default=True)
    feedback_policy = models.CharField(
        _("feedback"), max_length=16, choices=FeedbackPolicy.choices, default=FeedbackPolicy.AFTER_SUBMIT
    )
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ("kind", "slug")
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="curriculum_test_window_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class BlueprintRule(models.Model):
    """Draw ``count`` questions about a competence (or a unit), optionally of one difficulty."""

    test = models.ForeignKey(Test, related_name="rules", on_delete=models.CASCADE)
    competence = models.ForeignKey(
        Competence,
        verbose_name=_("competence"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), related_name="+", null=True, blank=True, on_delete=models.PROTECT
    )
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Question.Difficulty.choices, null=True, blank=True
    )
    count = models.PositiveSmallIntegerField(_("questions"), validators=[MinValueValidator(1)])
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("test", "position", "id")
        verbose_name = _("blueprint rule")
        verbose_name_plural = _("blueprint rules")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(competence__isnull=False, unit__isnull=True)
                | Q(competence__isnull=True, unit__isnull=False),
                name="curriculum_rule_competence_or_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.test}: {self.count}"


class Attempt(models.Model):
    """One learner's sitting of a test. The server sets the deadline; answers after it are refused
    and the attempt is finalised with what was saved."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        TIMED_OUT = "timed_out", _("Finished when time ran out")

    test = models.ForeignKey(Test, verbose_name=_("test"), related_name="attempts", on_delete=models.PROTECT)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), related_name="attempts", on_delete=models.CASCADE
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    #: The seed that drew and ordered the questions: the draw can be reproduced.
    seed = models.BigIntegerField(editable=False)
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("deadline"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.IN_PROGRESS)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        ordering = ("-started_at", "-id")
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("test", "learner", "number"), name="curriculum_attempt_number_unique"
            ),
            models.UniqueConstraint(
                fields=("test", "learner"),
                condition=Q(status="in_progress"),
                name="curriculum_attempt_one_in_progress",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=("status", "deadline"), name="curriculum_attempt_due")]

    def __str__(self) -> str:
        return f"{self.test} #{self.number} ({self.learner})"


class AttemptQuestion(models.Model):
    """A drawn question in its place in the attempt, with the learner's saved answer."""

    attempt = models.ForeignKey(Attempt, related_name="items", on_delete=models.CASCADE)
    question = models.ForeignKey(Question, related_name="+", on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField()
    #: Choice ids in the order shown to this learner.
    choice_order = models.JSONField(default=list)
    #: The question's points when drawn.
    points = models.DecimalField(max_digits=6, decimal_places=2)
    response = models.JSONField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    #: Points earned, set when the attempt is finalised.
    earned = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ("attempt", "position")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("attempt", "position"), name="curriculum_item_position_unique"),
            models.UniqueConstraint(fields=("attempt", "question"), name="curriculum_item_question_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} · {self.position}"


class CompetenceScore(models.Model):
    """An attempt's result in one competence: the basis of per-competence results and averages."""

    attempt = models.ForeignKey(Attempt, related_name="competence_scores", on_delete=models.CASCADE)
    competence = models.ForeignKey(Competence, related_name="+", on_delete=models.PROTECT)
    earned = models.DecimalField(max_digits=8, decimal_places=4)
    possible = models.DecimalField(max_digits=8, decimal_places=4)
    percent = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        ordering = ("attempt", "competence")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("attempt", "competence"), name="curriculum_score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} · {self.competence}: {self.percent}"
