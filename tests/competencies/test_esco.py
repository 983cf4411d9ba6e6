"""import_esco: complete, idempotent, atomic, multilingual."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from competencies.models import Association, Competence, Framework
from tests.conftest import SHARED_DATA

SMALL = Path(__file__).parent / "fixtures" / "esco_small"
OFFICIAL = SHARED_DATA / "esco-v1.1.1"
B = "http://data.europa.eu/esco/"


def run(folder, *args):
    out = StringIO()
    call_command("import_esco", str(folder), *args, stdout=out)
    return out.getvalue()


def snapshot():
    return (
        sorted(
            Competence.objects.values_list(
                "uri", "kind", "code", "title_en", "title_bg", "parent__uri", "area__uri", "alt_labels_en"
            )
        ),
        sorted(Association.objects.values_list("source__uri", "target__uri", "target_uri", "kind")),
    )


@pytest.mark.django_db
def test_small_export_imports_with_tree_relations_and_digcomp():
    output = run(SMALL, "--esco-version", "9.9")
    assert "4 changes" not in output and "relations added" in output
    esco = Framework.objects.get(key="esco", version="9.9")
    occupation = esco.competences.get(uri=B + "occupation/00000000-0000-4000-8000-000000000001")
    assert occupation.kind == "occupation" and occupation.code == "1219.9"
    assert occupation.parent.uri == B + "isco/C12" and occupation.area.uri == B + "isco/C1"
    assert occupation.alt_labels_en == "urban innovation project lead\nsmart city programme lead"
    skill = esco.competences.get(uri=B + "skill/00000000-0000-4000-8000-0000000000b3")
    assert skill.parent.title_en == "management skills" and skill.area.code == "S"
    # A second broader concept becomes an isChildOf association.
    assert Association.objects.filter(
        source=skill, kind="isChildOf", target__title_en="manage budgets"
    ).exists()
    assert set(Association.objects.filter(target=occupation).values_list("source__title_en", "kind")) == {
        ("data analytics", "essentialFor"),
        ("manage budgets", "essentialFor"),
        ("engage with stakeholders", "optionalFor"),
    }
    digcomp = Framework.objects.get(key="digcomp-esco")
    area = digcomp.competences.get(kind="area")
    assert area.title_en == "information and data literacy"
    assert digcomp.competences.get(kind="competence").parent == area
    assert Association.objects.filter(source=area, kind="exactMatchOf", target__framework=esco).exists()


@pytest.mark.django_db
def test_rerun_changes_nothing_and_a_second_language_adds_labels():
    run(SMALL, "--esco-version", "9.9")
    before = snapshot()
    assert "0 changes" in run(SMALL, "--esco-version", "9.9")
    assert snapshot() == before
    run(SMALL, "--esco-version", "9.9", "--language", "bg")
    esco = Framework.objects.get(key="esco")
    knowledge = esco.competences.get(uri=B + "skill/00000000-0000-4000-8000-0000000000b1")
    assert (knowledge.title_en, knowledge.title_bg) == ("data analytics", "анализ на данни")
    assert esco.competences.count() == len(before[0]) - 2  # the DigComp framework holds the other two
    assert "анализ на данни" in knowledge.search_text and "analysis of data" in knowledge.search_text
    assert "0 changes" in run(SMALL, "--esco-version", "9.9", "--language", "bg")


@pytest.mark.django_db
def test_a_newer_file_updates_labels(tmp_path):
    run(SMALL, "--esco-version", "9.9")
    newer = tmp_path / "esco"
    shutil.copytree(SMALL, newer)
    skills = newer / "skills_en.csv"
    skills.write_text(skills.read_text().replace("manage budgets", "manage public budgets"))
    output = run(newer, "--esco-version", "9.9")
    assert "1 changes (0 created, 1 updated" in output
    assert Competence.objects.filter(title_en="manage public budgets").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "skills_en.csv",
            B + "skill/00000000-0000-4000-8000-0000000000b2",
            "not-a-uri",
            "skills_en.csv, line 3, column conceptUri",
        ),
        (
            "occupationSkillRelations.csv",
            "optional",
            "maybe",
            "occupationSkillRelations.csv, line 4, column relationType",
        ),
        (
            "occupations_en.csv",
            "smart city project manager",
            "",
            "occupations_en.csv, line 2, column preferredLabel",
        ),
        ("skillGroups_en.csv", "conceptUri", "conceptURI", "skillGroups_en.csv, line 1"),
    ],
)
def test_a_bad_file_is_refused_naming_file_line_and_column_and_nothing_is_written(
    tmp_path, file, old, new, expected
):
    run(SMALL, "--esco-version", "9.9")
    before = snapshot()
    broken = tmp_path / "esco"
    shutil.copytree(SMALL, broken)
    path = broken / file
    path.write_text(path.read_text().replace(old, new, 1))
    # A legitimate change elsewhere must not be written either.
    other = broken / "ISCOGroups_en.csv"
    other.write_text(other.read_text().replace("Managers", "Senior managers"))
    with pytest.raises(CommandError) as error:
        run(broken, "--esco-version", "9.9")
    assert expected in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_missing_file_is_named(tmp_path):
    broken = tmp_path / "esco"
    shutil.copytree(SMALL, broken)
    (broken / "skills_en.csv").unlink()
    with pytest.raises(CommandError, match="skills_en.csv: the file is missing"):
        run(broken, "--esco-version", "9.9")
    assert not Framework.objects.exists()


@pytest.mark.django_db
def test_binary_garbage_is_refused(tmp_path):
    broken = tmp_path / "esco"
    shutil.copytree(SMALL, broken)
    (broken / "skills_en.csv").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CommandError, match="skills_en.csv"):
        run(broken, "--esco-version", "9.9")
    assert not Competence.objects.exists()


@pytest.mark.slow
@pytest.mark.django_db
def test_official_esco_v1_1_1_imports_completely_and_reruns_with_no_change(tmp_path):
    if not OFFICIAL.exists():
        pytest.skip(
            f"the official ESCO export is not at {OFFICIAL} (it is third-party data kept outside the project)"
        )
    if connection.vendor != "postgresql":
        pytest.skip("the full ESCO import is tested on PostgreSQL")
    output = run(OFFICIAL)
    esco = Framework.objects.get(key="esco", version="1.1.1")
    nodes = esco.competences
    assert nodes.filter(kind__in=["skill", "knowledge"]).count() == 13_896
    assert nodes.filter(kind="occupation").count() == 3_007
    assert (
        Association.objects.filter(source__framework=esco, kind__in=["essentialFor", "optionalFor"]).count()
        == 123_855
    )
    assert Association.objects.filter(source__framework=esco, kind="essentialFor").count() == 64_946
    assert Framework.objects.get(key="digcomp-esco").competences.count() == 26
    assert "references point to concepts missing from the export" in output
    assert "0 changes" in run(OFFICIAL)

    # A corrupted copy is refused, naming the place, and changes nothing.
    before = nodes.count(), Association.objects.count()
    broken = tmp_path / "esco-v1.1.1"
    shutil.copytree(OFFICIAL, broken)
    lines = (broken / "occupationSkillRelations.csv").read_text().splitlines(keepends=True)
    lines[5000] = lines[5000].replace("essential", "crucial").replace("optional", "crucial")
    (broken / "occupationSkillRelations.csv").write_text("".join(lines))
    with pytest.raises(CommandError, match="occupationSkillRelations.csv, line 5001, column relationType"):
        run(broken)
    assert (nodes.count(), Association.objects.count()) == before
