"""The demo: published criteria in six languages, trainers in every state, loaded idempotently."""

from io import StringIO

import pytest
from django.core.management import call_command

from competencies.content import ContentError
from trainers.content import load_criteria, load_trainers
from trainers.models import Accreditation, QualityCriterion

pytestmark = pytest.mark.django_db

LANGS = ("en", "bg", "ro", "de", "es", "el")


def test_content_files_are_valid():
    criteria = load_criteria()
    assert {c["applies_to"] for c in criteria} == {"trainer", "organisation"}
    assert len(load_trainers()["trainers"]) == 5


def test_a_criterion_missing_a_language_is_refused(tmp_path):
    broken = tmp_path / "quality_criteria.yaml"
    broken.write_text(
        "- code: T1\n  applies_to: trainer\n  title: {en: Subject expertise}\n  description: {en: Text}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="missing or empty language"):
        load_criteria(broken)


def test_demo_registry_and_queue(client, demo_password):
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())  # idempotent
    assert Accreditation.objects.count() == 8
    for criterion in QualityCriterion.objects.all():
        assert all(getattr(criterion, f"title_{lang}") for lang in LANGS)
        assert all(getattr(criterion, f"description_{lang}") for lang in LANGS)
    listed = {row["full_name"] for row in client.get("/api/v1/trainers/").json()["results"]}
    # The expired (Jürgen Weber) and the pending (Carmen López) applicants are not listed.
    assert listed == {"Nikos Papadopoulos", "Ivan Georgiev", "Ana Ionescu"}
    assert [o["name"] for o in client.get("/api/v1/organisations/").json()["results"]] == [
        "Smart City Training Academy Patras (demo)"
    ]
    waiting = Accreditation.objects.filter(status="applied")
    assert [a.trainer.user.full_name for a in waiting] == ["Carmen López"]
    greek = client.get("/el/trainers/").content.decode()
    assert "Νίκος" not in greek  # names are not translated …
    assert "Ηλεκτρολόγου Μηχανικού" in greek  # … but the qualifications are
