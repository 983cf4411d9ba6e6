"""CASE 1.0: export validates against the official schema, real packages import, round trips are stable."""

import json
from io import StringIO

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from certification.models import Certificate, CertificationScheme, ValidationCase
from competencies.models import Association, Competence, Framework
from curriculum.models import Attempt, BlueprintRule, Question
from tests.conftest import SHARED_DATA
from trainers.models import Accreditation

CASE_DIR = SHARED_DATA / "case"


def official_schema():
    path = CASE_DIR / "case-v1p0-cfpackage-schema.json"
    if not path.exists():
        pytest.skip(f"the CASE schema is not at {path} (third-party data kept outside the project)")
    return json.loads(path.read_text())


def export(slug, language="en"):
    out = StringIO()
    call_command("export_case", slug, "--language", language, stdout=out)
    return json.loads(out.getvalue())


def test_api_export_validates_against_the_official_schema(demo):
    schema = official_schema()
    response = APIClient().get("/api/v1/frameworks/smart-city-1-0/case/", HTTP_ACCEPT_LANGUAGE="el")
    assert response.status_code == 200
    package = response.json()
    jsonschema.validate(package, schema)
    assert package["CFDocument"]["language"] == "el"
    items = {item["humanCodingScheme"]: item for item in package["CFItems"] if "humanCodingScheme" in item}
    assert {"SC-A", "SC-A.1", "SC-A.1.K1", "SC-H.5"} <= set(items)
    assert items["SC-A.1"]["CFItemType"] == "Competence"
    kinds = {a["associationType"] for a in package["CFAssociations"]}
    assert kinds == {"isChildOf", "isRelatedTo"}
    assert APIClient().get("/api/v1/frameworks/nothing/case/").status_code == 404


@pytest.mark.parametrize(
    "sample", ["SmartLevelFramework.json", "ItemTypeTestFramework.json", "Utf8TestFramework.json"]
)
def test_real_case_packages_import_and_reimport_with_no_change(db, sample):
    path = CASE_DIR / sample
    if not path.exists():
        pytest.skip(f"{path} is absent (third-party data kept outside the project)")
    package = json.loads(path.read_text())
    out = StringIO()
    call_command("import_case", str(path), stdout=out)
    framework = Framework.objects.get(case_identifier=package["CFDocument"]["identifier"])
    assert framework.title_en == package["CFDocument"]["title"]
    assert framework.competences.count() == len(package["CFItems"])
    children = sum(1 for a in package["CFAssociations"] if a["associationType"] == "isChildOf")
    assert framework.competences.filter(parent__isnull=False).count() + framework.competences.filter(
        parent__isnull=True
    ).count() == len(package["CFItems"])
    assert children >= framework.competences.filter(parent__isnull=False).count()
    out = StringIO()
    call_command("import_case", str(path), stdout=out)
    assert ": 0 changes" in out.getvalue()


def test_export_import_export_is_stable(demo, tmp_path):
    schema = official_schema()
    first = export("smart-city-1-0")
    path = tmp_path / "package.json"
    path.write_text(json.dumps(first))
    # Import into a platform that does not have it. Records that higher layers keep about the
    # framework protect it from deletion, so they go first.
    Accreditation.objects.all().delete()
    Certificate.objects.all().delete()
    ValidationCase.objects.all().delete()
    CertificationScheme.objects.filter(prerequisite__isnull=False).delete()
    CertificationScheme.objects.all().delete()
    Attempt.objects.all().delete()
    BlueprintRule.objects.all().delete()
    Question.objects.all().delete()
    Framework.objects.filter(key="smart-city").delete()
    call_command("import_case", str(path), stdout=StringIO())
    imported = Framework.objects.get(case_identifier=first["CFDocument"]["identifier"])
    assert imported.competences.count() == len(first["CFItems"])
    second = export(imported.slug)
    jsonschema.validate(second, schema)
    assert second == first, _debug_diff(first, second)


def test_a_broken_package_is_refused_and_writes_nothing(db, tmp_path):
    package = {
        "CFDocument": {
            "identifier": "d0000000-0000-0000-0000-00000000000a",
            "uri": "https://x.example/d",
            "creator": "me",
            "title": "Broken",
            "lastChangeDateTime": "2024-01-01T00:00:00+00:00",
        },
        "CFItems": [
            {
                "identifier": "00000000-0000-0000-0000-0000000000a1",
                "uri": "https://x.example/1",
                "fullStatement": "One",
                "lastChangeDateTime": "2024-01-01T00:00:00+00:00",
            },
            {
                "identifier": "not-a-uuid",
                "uri": "https://x.example/2",
                "fullStatement": "Two",
                "lastChangeDateTime": "2024-01-01T00:00:00+00:00",
            },
        ],
    }
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(package))
    with pytest.raises(
        CommandError, match=r"broken.json: CFItems\[1\].identifier: 'not-a-uuid' is not a UUID"
    ):
        call_command("import_case", str(path), stdout=StringIO())
    assert not Framework.objects.exists() and not Competence.objects.exists()
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not a JSON document"):
        call_command("import_case", str(path), stdout=StringIO())


def test_a_cycle_is_refused(db, tmp_path):
    def item(n):
        return {
            "identifier": f"00000000-0000-0000-0000-00000000000{n}",
            "uri": f"https://x.example/{n}",
            "fullStatement": f"Item {n}",
            "lastChangeDateTime": "2024-01-01T00:00:00+00:00",
        }

    def link(a, b):
        return {
            "identifier": f"a0000000-0000-0000-0000-00000000000{a}",
            "uri": f"https://x.example/a{a}",
            "associationType": "isChildOf",
            "lastChangeDateTime": "2024-01-01T00:00:00+00:00",
            "originNodeURI": {
                "title": "x",
                "identifier": f"00000000-0000-0000-0000-00000000000{a}",
                "uri": "https://x.example",
            },
            "destinationNodeURI": {
                "title": "y",
                "identifier": f"00000000-0000-0000-0000-00000000000{b}",
                "uri": "https://x.example",
            },
        }

    package = {
        "CFDocument": {
            "identifier": "d0000000-0000-0000-0000-00000000000b",
            "uri": "https://x.example/d",
            "creator": "me",
            "title": "Cycle",
            "lastChangeDateTime": "2024-01-01T00:00:00+00:00",
        },
        "CFItems": [item(1), item(2)],
        "CFAssociations": [link(1, 2), link(2, 1)],
    }
    path = tmp_path / "cycle.json"
    path.write_text(json.dumps(package))
    with pytest.raises(CommandError, match="cycle"):
        call_command("import_case", str(path), stdout=StringIO())
    assert not Association.objects.exists() and not Framework.objects.exists()


def _debug_diff(a, b):
    for i, (x, y) in enumerate(zip(a["CFAssociations"], b["CFAssociations"], strict=False)):
        if x != y:
            return i, x, y
    return len(a["CFAssociations"]), len(b["CFAssociations"])
