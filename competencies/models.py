"""Competence frameworks and the reference framework of job roles.

A :class:`Framework` is one version of a competence framework (our Smart City framework, ESCO,
e-CF, DigComp). Its :class:`Competence` nodes form a tree (areas, competences, knowledge, skills,
occupations, groups), with level descriptors on a :class:`ProficiencyScale`, typed
:class:`Association` links across frameworks (CASE CFAssociation), and :class:`JobRole` profiles
whose :class:`RoleRequirement` say which competence a role needs, at which level.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProficiencyScale(models.Model):
    #: "ecf" (e-1 … e-5) or "eqf" (1 … 8).
    slug = models.SlugField(_("identifier"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ("slug",)
        verbose_name = _("proficiency scale")
        verbose_name_plural = _("proficiency scales")

    def __str__(self) -> str:
        return self.title


class ProficiencyLevel(models.Model):
    scale = models.ForeignKey(ProficiencyScale, related_name="levels", on_delete=models.CASCADE)
    #: Position on the scale, 1 = lowest.
    rank = models.PositiveSmallIntegerField(_("rank"))
    #: Short label as written in the standard, e.g. "e-3" or "EQF 6".
    code = models.CharField(_("code"), max_length=16)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ("scale", "rank")
        verbose_name = _("proficiency level")
        verbose_name_plural = _("proficiency levels")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("scale", "rank"), name="competencies_level_rank_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Framework(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    #: Unique per version, used in URLs: "smart-city-1-0", "esco-1-1-1".
    slug = models.SlugField(_("identifier"), max_length=100, unique=True)
    #: The same for every version of one framework: "smart-city", "esco".
    key = models.SlugField(_("framework key"), max_length=80)
    version = models.CharField(_("version"), max_length=32)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    #: The scale its level descriptors and role requirements use.
    scale = models.ForeignKey(
        ProficiencyScale, verbose_name=_("proficiency scale"), null=True, blank=True, on_delete=models.PROTECT
    )
    source_uri = models.CharField(_("source URI"), max_length=255, blank=True)
    #: The published version a draft was started from.
    derived_from = models.ForeignKey(
        "self", verbose_name=_("derived from"), null=True, blank=True, on_delete=models.SET_NULL
    )
    #: CASE CFDocument identifier (a UUID), kept stable across export and import.
    case_identifier = models.UUIDField(_("CASE identifier"), null=True, blank=True, unique=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ("title", "version")
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("key", "version"), name="competencies_framework_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class Competence(models.Model):
    class Kind(models.TextChoices):
        AREA = "area", _("Area")
        COMPETENCE = "competence", _("Competence")
        KNOWLEDGE = "knowledge", _("Knowledge")
        SKILL = "skill", _("Skill")
        ATTITUDE = "attitude", _("Attitude")
        OCCUPATION = "occupation", _("Occupation")
        OCCUPATION_GROUP = "occupation_group", _("Occupation group")
        SKILL_GROUP = "skill_group", _("Skill group")

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), related_name="competences", on_delete=models.CASCADE
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        related_name="children",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    #: The top-level node this one sits under (itself for a top-level node): filters by area in one join.
    area = models.ForeignKey(
        "self", verbose_name=_("area"), related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    #: Human coding scheme: "SC-A.2", "A.6", an ESCO or ISCO code.
    code = models.CharField(_("code"), max_length=64, blank=True)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    #: Alternative labels, one per line (ESCO altLabels).
    alt_labels = models.TextField(_("alternative labels"), blank=True)
    #: External concept URI, e.g. an ESCO URI.
    uri = models.CharField(_("URI"), max_length=255, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    min_level = models.ForeignKey(
        ProficiencyLevel,
        verbose_name=_("lowest level"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    max_level = models.ForeignKey(
        ProficiencyLevel,
        verbose_name=_("highest level"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    #: Every label in every language, case- and accent-folded, for search (kept by the services).
    search_text = models.TextField(blank=True, editable=False)
    #: CASE CFItem identifier (a UUID), kept stable across export and import.
    case_identifier = models.UUIDField(_("CASE identifier"), null=True, blank=True)

    class Meta:
        ordering = ("position", "code", "id")
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        indexes: ClassVar = [
            models.Index(fields=("framework", "parent", "position"), name="competence_tree_idx"),
            models.Index(fields=("framework", "kind"), name="competence_kind_idx"),
            models.Index(fields=("uri",), name="competence_uri_idx"),
            models.Index(fields=("framework", "code"), name="competence_code_idx"),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("framework", "uri"), condition=~Q(uri=""), name="competencies_competence_uri_unique"
            ),
            models.UniqueConstraint(
                fields=("framework", "case_identifier"),
                condition=Q(case_identifier__isnull=False),
                name="competencies_competence_case_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class LevelDescriptor(models.Model):
    competence = models.ForeignKey(Competence, related_name="descriptors", on_delete=models.CASCADE)
    level = models.ForeignKey(
        ProficiencyLevel, verbose_name=_("level"), related_name="+", on_delete=models.PROTECT
    )
    description = models.TextField(_("description"))

    class Meta:
        ordering = ("competence", "level__rank")
        verbose_name = _("level descriptor")
        verbose_name_plural = _("level descriptors")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("competence", "level"), name="competencies_descriptor_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.competence.code} @ {self.level.code}"


class Association(models.Model):
    """A typed link between two competences, in the same or another framework (CASE CFAssociation).

    When the target is not on the platform (an ESCO skill before ESCO is imported), ``target`` is
    empty and ``target_uri`` names it.
    """

    class Kind(models.TextChoices):
        EXACT_MATCH = "exactMatchOf", _("exact match of")
        RELATED = "isRelatedTo", _("related to")
        CHILD_OF = "isChildOf", _("narrower than")
        PART_OF = "isPartOf", _("part of")
        PEER = "isPeerOf", _("peer of")
        PRECEDES = "precedes", _("precedes")
        REPLACED_BY = "replacedBy", _("replaced by")
        EXEMPLAR = "exemplar", _("exemplar")
        HAS_SKILL_LEVEL = "hasSkillLevel", _("has skill level")
        ESSENTIAL_FOR = "essentialFor", _("essential for")
        OPTIONAL_FOR = "optionalFor", _("optional for")

    source = models.ForeignKey(Competence, related_name="associations_out", on_delete=models.CASCADE)
    target = models.ForeignKey(
        Competence, related_name="associations_in", null=True, blank=True, on_delete=models.CASCADE
    )
    target_uri = models.CharField(_("target URI"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        indexes: ClassVar = [models.Index(fields=("target_uri",), name="association_target_uri_idx")]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("source", "target", "kind"),
                condition=Q(target__isnull=False),
                name="competencies_association_unique",
            ),
            models.UniqueConstraint(
                fields=("source", "target_uri", "kind"),
                condition=Q(target__isnull=True),
                name="competencies_association_uri_unique",
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=False) | ~Q(target_uri=""),
                name="competencies_association_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id or self.target_uri}"


isco_code_validator = RegexValidator(r"^\d{4}$", _("An ISCO-08 unit group code has four digits."))


class JobRole(models.Model):
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), related_name="roles", on_delete=models.CASCADE
    )
    slug = models.SlugField(_("identifier"), max_length=100)
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
    isco_code = models.CharField(
        _("ISCO-08 code"), max_length=4, blank=True, validators=[isco_code_validator]
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("position", "slug")
        verbose_name = _("job role")
        verbose_name_plural = _("job roles")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("framework", "slug"), name="competencies_role_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class RoleOccupation(models.Model):
    """An ESCO occupation a job role corresponds to."""

    role = models.ForeignKey(JobRole, related_name="occupations", on_delete=models.CASCADE)
    uri = models.CharField(_("URI"), max_length=255)
    title = models.CharField(_("title"), max_length=255)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("role", "position")
        verbose_name = _("ESCO occupation")
        verbose_name_plural = _("ESCO occupations")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("role", "uri"), name="competencies_role_occupation_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class RoleRequirement(models.Model):
    class Importance(models.TextChoices):
        ESSENTIAL = "essential", _("Essential")
        OPTIONAL = "optional", _("Optional")

    role = models.ForeignKey(JobRole, related_name="requirements", on_delete=models.CASCADE)
    competence = models.ForeignKey(
        Competence, verbose_name=_("competence"), related_name="requirements", on_delete=models.CASCADE
    )
    level = models.ForeignKey(
        ProficiencyLevel, verbose_name=_("target level"), related_name="+", on_delete=models.PROTECT
    )
    importance = models.CharField(_("importance"), max_length=16, choices=Importance.choices)

    class Meta:
        ordering = ("role", "competence__code")
        verbose_name = _("role requirement")
        verbose_name_plural = _("role requirements")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("role", "competence"), name="competencies_requirement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.role} → {self.competence} ({self.level.code})"
