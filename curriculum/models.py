"""The VET curriculum: a course per job role, made of modules and units; each unit states its
learning outcomes, each linked to the competences it develops and the level it reaches."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from competencies.models import Competence, JobRole, ProficiencyLevel


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
