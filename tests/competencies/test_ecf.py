"""import_ecf: the 41 e-CF 4.0 competences in five areas."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from competencies.models import Competence, Framework
from tests.conftest import SHARED_DATA

OFFICIAL_INDEX = SHARED_DATA / "ecf" / "ecf4-index.csv"


def run(*args):
    out = StringIO()
    call_command("import_ecf", *args, stdout=out)
    return out.getvalue()


def test_platform_data_gives_41_competences_in_six_languages(demo):
    framework = Framework.objects.get(key="e-cf", version="4.0")
    assert framework.competences.filter(kind="area").count() == 5
    a6 = framework.competences.get(code="A.6")
    assert (a6.title_en, a6.min_level.code, a6.max_level.code, a6.parent.code) == (
        "Application Design",
        "e-1",
        "e-3",
        "A",
    )
    assert all(getattr(a6, f"title_{code}") for code in ("bg", "ro", "de", "es", "el"))
    assert "0 changes" in run()


def test_official_index_csv_matches_the_platform_data(demo):
    if not OFFICIAL_INDEX.exists():
        pytest.skip(f"the e-CF index is not at {OFFICIAL_INDEX} (third-party data kept outside the project)")
    output = run(str(OFFICIAL_INDEX))
    assert "41 competences, 0 changes" in output  # same codes, English titles and level ranges
    assert Competence.objects.filter(framework__key="e-cf", kind="competence").count() == 41


def test_a_bad_csv_names_line_and_column_and_changes_nothing(demo, tmp_path):
    bad = tmp_path / "ecf.csv"
    bad.write_text(
        "code,area,area_title,title,levels\nA.1,A,PLAN,Alignment,e-4|e-5\nA.2,A,PLAN,Service,e-9\n"
    )
    before = list(Competence.objects.filter(framework__key="e-cf").values_list("code", "title_en"))
    with pytest.raises(CommandError, match=r"ecf.csv, line 3, column levels"):
        run(str(bad))
    assert list(Competence.objects.filter(framework__key="e-cf").values_list("code", "title_en")) == before
