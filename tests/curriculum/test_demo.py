"""The demo curricula: one course per role, every requirement taught, every text translated."""

import pytest
from django.core.management import call_command
from django.db.models import Q

from competencies.models import JobRole
from competencies.search import LANGUAGE_CODES
from curriculum.content import load_curricula
from curriculum.models import Course, LearningOutcome, Module, Unit

pytestmark = pytest.mark.django_db


def test_content_files_are_valid():
    assert len(load_curricula()) == 5


def test_every_requirement_of_every_role_is_taught_by_a_learning_outcome(demo):
    for role in JobRole.objects.filter(framework__key="smart-city"):
        course = Course.objects.get(role=role)
        taught = set(
            LearningOutcome.objects.filter(unit__module__course=course).values_list(
                "competences__code", flat=True
            )
        )
        required = set(
            role.requirements.filter(competence__framework=role.framework).values_list(
                "competence__code", flat=True
            )
        )
        assert required - taught == set(), role.slug
        assert course.hours == sum(Unit.objects.filter(module__course=course).values_list("hours", flat=True))


def test_no_curriculum_text_is_left_untranslated(demo):
    for model, fields in (
        (Course, ("title", "description")),
        (Module, ("title", "description")),
        (Unit, ("title", "description")),
        (LearningOutcome, ("text",)),
    ):
        for field in fields:
            for code in LANGUAGE_CODES:
                name = f"{field}_{code}"
                assert not model.objects.filter(Q(**{f"{name}__isnull": True}) | Q(**{name: ""})).exists(), (
                    name
                )


def test_loading_again_changes_nothing(demo, capsys):
    capsys.readouterr()
    call_command("load_demo")
    assert "5 courses, 0 changed" in capsys.readouterr().out
