"""load_demo brings the Smart City framework, e-CF and the roles, fully translated, idempotently."""

import pytest
from django.core.management import call_command
from django.db.models import Q

from competencies.models import (
    Association,
    Competence,
    Framework,
    JobRole,
    LevelDescriptor,
    ProficiencyLevel,
    ProficiencyScale,
    RoleOccupation,
    RoleRequirement,
)
from competencies.search import LANGUAGE_CODES

pytestmark = pytest.mark.django_db

TRANSLATED = {
    ProficiencyScale: ("title",),
    ProficiencyLevel: ("title", "description"),
    Framework: ("title", "description", "publisher"),
    Competence: ("title",),
    LevelDescriptor: ("description",),
    JobRole: ("title", "description"),
    RoleOccupation: ("title",),
}


def empty_translation_fields() -> dict[str, int]:
    """How many translation fields are empty, per model and field, in every language."""
    counts = {}
    for model, fields in TRANSLATED.items():
        for field in fields:
            for code in LANGUAGE_CODES:
                name = f"{field}_{code}"
                empty = model.objects.filter(Q(**{f"{name}__isnull": True}) | Q(**{name: ""})).count()
                if empty:
                    counts[f"{model.__name__}.{name}"] = empty
    return counts


def test_demo_framework_has_no_untranslated_text(demo_password):
    call_command("load_demo")
    assert empty_translation_fields() == {}
    # Descriptions of the competences and areas of our own framework, too.
    own = Competence.objects.filter(framework__key="smart-city", kind__in=["area", "competence"])
    for code in LANGUAGE_CODES:
        assert not own.filter(
            Q(**{f"description_{code}__isnull": True}) | Q(**{f"description_{code}": ""})
        ).exists()


def test_demo_framework_shape(demo_password):
    call_command("load_demo")
    framework = Framework.objects.get(key="smart-city")
    assert framework.status == Framework.Status.PUBLISHED
    areas = framework.competences.filter(kind="area")
    competences = framework.competences.filter(kind="competence")
    assert areas.count() >= 8
    assert competences.count() >= 40
    for competence in competences.prefetch_related("children", "descriptors"):
        kinds = {child.kind for child in competence.children.all()}
        assert {"knowledge", "skill"} <= kinds, competence.code
        ranks = sorted(d.level.rank for d in competence.descriptors.all())
        assert ranks == list(range(competence.min_level.rank, competence.max_level.rank + 1)), competence.code
    roles = JobRole.objects.filter(framework=framework)
    assert roles.count() == 5
    for role in roles:
        assert role.eqf_level is not None and len(role.isco_code) == 4
        assert role.occupations.filter(uri__startswith="http://data.europa.eu/esco/occupation/").exists()
        assert role.requirements.filter(competence__framework=framework).count() >= 12
        assert role.requirements.filter(competence__framework__key="e-cf").exists()
    assert Association.objects.filter(source__framework=framework, target__framework__key="e-cf").exists()
    assert Association.objects.filter(
        source__framework=framework, target_uri__startswith="http://data.europa.eu/esco/skill/"
    ).exists()
    assert Framework.objects.get(key="e-cf").competences.filter(kind="competence").count() == 41


def framework_rows() -> dict[str, list]:
    """Every row of the framework tables, but for the time of the last change."""
    models = (Framework, Competence, LevelDescriptor, Association, JobRole, RoleOccupation, RoleRequirement)
    return {
        model.__name__: sorted(
            model.objects.values_list(
                *[f.attname for f in model._meta.concrete_fields if f.attname != "updated_at"]
            )
        )
        for model in models
    }


def test_demo_is_idempotent(demo_password):
    call_command("load_demo")
    before = framework_rows()
    call_command("load_demo")
    assert framework_rows() == before


def test_every_role_requirement_is_within_the_competence_levels(demo_password):
    call_command("load_demo")
    for requirement in RoleRequirement.objects.select_related(
        "competence__min_level", "competence__max_level", "level"
    ):
        competence = requirement.competence
        assert competence.min_level.rank <= requirement.level.rank <= competence.max_level.rank, str(
            requirement
        )
