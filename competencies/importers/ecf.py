"""e-CF 4.0 (EN 16234-1:2019): 41 competences in five areas, each spanning some of the levels e-1 … e-5.

Two inputs: the platform's own ``competencies/data/ecf4.yaml`` (titles in the six languages; the
default) or an e-CF index CSV with the columns code, area, area_title, title, levels (English).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competencies import services
from competencies.importers.errors import ImportFileError
from competencies.models import Competence, Framework, ProficiencyScale
from competencies.search import LANGUAGE_CODES

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "data" / "ecf4.yaml"
ECF_KEY, ECF_VERSION = "e-cf", "4.0"
PUBLISHER = {
    "en": "European Committee for Standardization (CEN)",
    "bg": "Европейски комитет по стандартизация (CEN)",
    "ro": "Comitetul European de Standardizare (CEN)",
    "de": "Europäisches Komitee für Normung (CEN)",
    "es": "Comité Europeo de Normalización (CEN)",
    "el": "Ευρωπαϊκή Επιτροπή Τυποποίησης (CEN)",
}
DESCRIPTION = {
    "en": "The European e-Competence Framework: 41 ICT competences in five areas (Plan, Build, Run, "
    "Enable, Manage), each described at some of the proficiency levels e-1 to e-5.",
    "bg": "Европейската рамка за е-компетентности: 41 компетентности в областта на ИКТ в пет области "
    "(Планиране, Изграждане, Експлоатация, Осигуряване, Управление), всяка описана на някои от нивата "
    "на владеене от e-1 до e-5.",
    "ro": "Cadrul european al competențelor electronice: 41 de competențe TIC în cinci domenii (Planificare, "
    "Construire, Operare, Facilitare, Management), fiecare descrisă la unele dintre nivelurile de "
    "competență e-1 – e-5.",
    "de": "Der Europäische e-Kompetenzrahmen: 41 IKT-Kompetenzen in fünf Bereichen (Planen, Entwickeln, "
    "Betreiben, Ermöglichen, Managen), jede auf einigen der Kompetenzniveaus e-1 bis e-5 beschrieben.",
    "es": "El Marco Europeo de Competencias Digitales: 41 competencias TIC en cinco áreas (Planificar, "
    "Construir, Operar, Facilitar, Gestionar), cada una descrita en algunos de los niveles de dominio "
    "e-1 a e-5.",
    "el": "Το Ευρωπαϊκό Πλαίσιο e-Ικανοτήτων: 41 ικανότητες ΤΠΕ σε πέντε τομείς (Σχεδιασμός, Ανάπτυξη, "
    "Λειτουργία, Υποστήριξη, Διαχείριση), καθεμία περιγραφόμενη σε ορισμένα από τα επίπεδα επάρκειας "
    "e-1 έως e-5.",
}
CODE = re.compile(r"^[A-E]\.\d{1,2}$")
LEVEL = re.compile(r"^e-([1-5])$")


@dataclass
class EcfArea:
    code: str
    title: dict[str, str]


@dataclass
class EcfCompetence:
    code: str
    area: str
    title: dict[str, str]
    levels: tuple[int, int]


@dataclass
class EcfData:
    areas: list[EcfArea] = field(default_factory=list)
    competences: list[EcfCompetence] = field(default_factory=list)


def read_yaml(path: Path) -> EcfData:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ImportFileError(file=path.name, problem=str(error)) from error
    data = EcfData()
    for area in raw.get("areas", []):
        data.areas.append(
            EcfArea(code=area["code"], title={k: v for k, v in area["title"].items() if k in LANGUAGE_CODES})
        )
    for item in raw.get("competences", []):
        low, high = item["levels"]
        data.competences.append(
            EcfCompetence(
                code=item["code"], area=item["area"], title=dict(item["title"]), levels=(int(low), int(high))
            )
        )
    _check(data, path.name)
    return data


def read_csv(path: Path) -> EcfData:
    data = EcfData()
    areas: dict[str, EcfArea] = {}
    required = ("code", "area", "area_title", "title", "levels")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise ImportFileError(
                    file=path.name,
                    line=1,
                    problem=_("missing columns: %(columns)s") % {"columns": ", ".join(missing)},
                )
            for row in reader:
                line = reader.line_num
                code = (row["code"] or "").strip()
                if not CODE.match(code):
                    raise ImportFileError(
                        file=path.name,
                        line=line,
                        column="code",
                        problem=_("%(value)r is not an e-CF code") % {"value": code},
                    )
                ranks = []
                for part in (row["levels"] or "").split("|"):
                    match = LEVEL.match(part.strip())
                    if not match:
                        raise ImportFileError(
                            file=path.name,
                            line=line,
                            column="levels",
                            problem=_("%(value)r is not a level e-1 … e-5") % {"value": part},
                        )
                    ranks.append(int(match.group(1)))
                title = (row["title"] or "").strip()
                if not title:
                    raise ImportFileError(
                        file=path.name, line=line, column="title", problem=_("the title is empty")
                    )
                area_code = (row["area"] or "").strip()
                if area_code not in areas:
                    areas[area_code] = EcfArea(
                        code=area_code, title={"en": (row["area_title"] or "").strip().capitalize()}
                    )
                data.competences.append(
                    EcfCompetence(
                        code=code, area=area_code, title={"en": title}, levels=(min(ranks), max(ranks))
                    )
                )
    except UnicodeDecodeError as error:
        raise ImportFileError(file=path.name, problem=_("not UTF-8 text")) from error
    data.areas = list(areas.values())
    _check(data, path.name)
    return data


def _check(data: EcfData, name: str) -> None:
    area_codes = {area.code for area in data.areas}
    codes = [c.code for c in data.competences]
    if len(set(codes)) != len(codes):
        raise ImportFileError(file=name, problem=_("a competence code appears twice"))
    for competence in data.competences:
        if competence.area not in area_codes or not competence.code.startswith(f"{competence.area}."):
            raise ImportFileError(
                file=name, problem=_("%(code)s is not in a known area") % {"code": competence.code}
            )
        if not (1 <= competence.levels[0] <= competence.levels[1] <= 5):
            raise ImportFileError(
                file=name, problem=_("%(code)s has an impossible level range") % {"code": competence.code}
            )


@transaction.atomic
def ecf_import(data: EcfData, *, log: Callable[[str], None] = lambda _m: None) -> tuple[Framework, int]:
    """Create or update the e-CF 4.0 framework; returns it and the number of rows changed."""
    scale = ProficiencyScale.objects.get(slug="ecf")
    levels = services.level_by_rank(scale)
    changes = 0
    framework, changed = services.upsert(
        Framework,
        {"key": ECF_KEY, "version": ECF_VERSION},
        {
            "slug": services.framework_slug(ECF_KEY, ECF_VERSION),
            "scale": scale,
            "status": Framework.Status.PUBLISHED,
            **services.translated("title", dict.fromkeys(LANGUAGE_CODES, "e-CF 4.0 (EN 16234-1:2019)")),
            **services.translated("publisher", PUBLISHER),
            **services.translated("description", DESCRIPTION),
        },
    )
    changes += changed
    if framework.published_at is None:
        framework.published_at = timezone.now()
        framework.save(update_fields=["published_at"])
    area_nodes = {}
    for position, area in enumerate(data.areas, start=1):
        node, changed = _upsert_node(
            framework, area.code, None, Competence.Kind.AREA, area.title, position, None, None
        )
        area_nodes[area.code] = node
        changes += changed
    for position, item in enumerate(data.competences, start=1):
        _node, changed = _upsert_node(
            framework,
            item.code,
            area_nodes[item.area],
            Competence.Kind.COMPETENCE,
            item.title,
            position,
            levels[item.levels[0]],
            levels[item.levels[1]],
        )
        changes += changed
    if changes:
        services.framework_touch(framework)
    log(f"e-CF 4.0: {len(data.competences)} competences, {changes} changed")
    return framework, changes


def _upsert_node(framework, code, parent, kind, title, position, low, high) -> tuple[Competence, bool]:
    node, changed = services.upsert(
        Competence,
        {"framework": framework, "code": code},
        {
            "parent": parent,
            "kind": kind,
            "position": position,
            "min_level": low,
            "max_level": high,
            **services.translated("title", title),
        },
    )
    before = node.search_text
    services.competence_refresh_search_text(node)
    if node.search_text != before:
        node.save(update_fields=["search_text"])
        changed = True
    changed = services.competence_place(node, parent) or changed
    return node, changed
