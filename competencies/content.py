"""The demo content of the Smart City Competence Framework, as YAML files, and their validation.

The files live in ``competencies/demo_content/``: ``framework.yaml`` (the framework itself),
``scales.yaml`` (e-CF and EQF proficiency levels), one ``sc-<area>.yaml`` per area, and
``roles.yaml`` (the job roles and their requirements). Every text is given in all six languages.

This module imports nothing from Django, so content authors can check their files with
``python -m competencies.content``; ``load_demo`` validates with the same code before writing.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("en", "bg", "ro", "de", "es", "el")
CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"
ESCO_SKILL_URI = re.compile(r"^http://data\.europa\.eu/esco/skill/[0-9a-f-]{36}$")
ESCO_OCCUPATION_URI = re.compile(r"^http://data\.europa\.eu/esco/occupation/[0-9a-f-]{36}$")
ECF_CODE = re.compile(r"^[A-E]\.\d{1,2}$")
IMPORTANCE = ("essential", "optional")
CYRILLIC = re.compile("[\u0400-\u04ff]")
GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")


class ContentError(Exception):
    """The content files break a rule; the message names the file and the place."""


@dataclass
class Content:
    framework: dict[str, Any]
    scales: dict[str, Any]
    areas: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)

    def competences(self) -> list[dict[str, Any]]:
        return [competence for area in self.areas for competence in area["competences"]]


def _text(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ContentError(f"{where}: expected a mapping of the six languages, got {type(value).__name__}")
    missing = [lang for lang in LANGUAGES if not str(value.get(lang) or "").strip()]
    if missing:
        raise ContentError(f"{where}: missing or empty language(s): {', '.join(missing)}")
    extra = sorted(set(value) - set(LANGUAGES))
    if extra:
        raise ContentError(f"{where}: unknown language key(s): {', '.join(extra)}")
    english = value["en"].strip()
    for lang in LANGUAGES[1:]:
        if value[lang].strip() == english and len(english) > 12:
            raise ContentError(f"{where}.{lang}: identical to the English text (not translated)")
    if not CYRILLIC.search(value["bg"]):
        raise ContentError(f"{where}.bg: no Cyrillic letters: is it Bulgarian?")
    if not GREEK.search(value["el"]):
        raise ContentError(f"{where}.el: no Greek letters: is it Greek?")
    return {lang: str(value[lang]).strip() for lang in LANGUAGES}


def _require(mapping: dict[str, Any], key: str, where: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        raise ContentError(f"{where}: missing '{key}'")
    return mapping[key]


def read_yaml(path: Path) -> Any:
    """The YAML file, or a ContentError naming it."""
    if not path.exists():
        raise ContentError(f"{path.name}: the file is missing")
    try:
        # libyaml's safe loader when PyYAML has it: the content files are large.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    except yaml.YAMLError as error:
        raise ContentError(f"{path.name}: not valid YAML: {error}") from error


def _check_area(data: Any, name: str, codes: set[str]) -> dict[str, Any]:
    code = _require(data, "code", name)
    if not re.fullmatch(r"SC-[A-H]", str(code)):
        raise ContentError(f"{name}: area code {code!r} is not of the form SC-A … SC-H")
    data["title"] = _text(_require(data, "title", name), f"{name}: {code}.title")
    data["description"] = _text(_require(data, "description", name), f"{name}: {code}.description")
    competences = _require(data, "competences", name)
    if not isinstance(competences, list) or len(competences) < 4:
        raise ContentError(f"{name}: {code} needs at least 4 competences")
    for competence in competences:
        ccode = _require(competence, "code", name)
        where = f"{name}: {ccode}"
        if not str(ccode).startswith(f"{code}.") or ccode in codes:
            raise ContentError(f"{where}: code must start with {code}. and be unique")
        codes.add(ccode)
        competence["title"] = _text(_require(competence, "title", where), f"{where}.title")
        competence["description"] = _text(_require(competence, "description", where), f"{where}.description")
        levels = _require(competence, "levels", where)
        if not (isinstance(levels, list) and len(levels) == 2 and 1 <= levels[0] < levels[1] <= 5):
            raise ContentError(f"{where}.levels: expected [min, max] with 1 <= min < max <= 5")
        descriptors = _require(competence, "descriptors", where)
        wanted = set(range(levels[0], levels[1] + 1))
        if not isinstance(descriptors, dict) or set(descriptors) != wanted:
            raise ContentError(f"{where}.descriptors: need exactly the levels {sorted(wanted)}")
        competence["descriptors"] = {
            int(level): _text(text, f"{where}.descriptors.{level}") for level, text in descriptors.items()
        }
        for code_ in competence.get("ecf") or []:
            if not ECF_CODE.match(str(code_)):
                raise ContentError(f"{where}.ecf: {code_!r} is not an e-CF 4.0 code")
        for uri in competence.get("esco") or []:
            if not ESCO_SKILL_URI.match(str(uri)):
                raise ContentError(f"{where}.esco: {uri!r} is not an ESCO skill URI")
        for kind, letter in (("knowledge", "K"), ("skills", "S")):
            items = _require(competence, kind, where)
            if not isinstance(items, list) or len(items) < 2:
                raise ContentError(f"{where}.{kind}: at least 2 items")
            for number, item in enumerate(items, start=1):
                expected = f"{ccode}.{letter}{number}"
                if _require(item, "code", f"{where}.{kind}") != expected:
                    raise ContentError(f"{where}.{kind}: item {number} must have code {expected}")
                item["title"] = _text(_require(item, "title", expected), f"{name}: {expected}.title")
    return data


def _check_roles(data: Any, levels_by_code: dict[str, tuple[int, int]]) -> list[dict[str, Any]]:
    roles = _require(data, "roles", "roles.yaml")
    if not isinstance(roles, list) or len(roles) != 5:
        raise ContentError("roles.yaml: expected the five job roles")
    for role in roles:
        slug = _require(role, "slug", "roles.yaml")
        where = f"roles.yaml: {slug}"
        role["title"] = _text(_require(role, "title", where), f"{where}.title")
        role["description"] = _text(_require(role, "description", where), f"{where}.description")
        if not (isinstance(role.get("eqf"), int) and 1 <= role["eqf"] <= 8):
            raise ContentError(f"{where}.eqf: an EQF level 1..8")
        if not re.fullmatch(r"\d{4}", str(_require(role, "isco", where))):
            raise ContentError(f"{where}.isco: a four-digit ISCO-08 unit group code (quoted)")
        occupations = _require(role, "occupations", where)
        if not occupations:
            raise ContentError(f"{where}.occupations: at least one ESCO occupation")
        for occupation in occupations:
            if not ESCO_OCCUPATION_URI.match(str(_require(occupation, "uri", where))):
                raise ContentError(
                    f"{where}.occupations: {occupation['uri']!r} is not an ESCO occupation URI"
                )
            occupation["title"] = _text(_require(occupation, "title", where), f"{where}.occupations.title")
        requirements = _require(role, "requirements", where)
        if not isinstance(requirements, list) or len(requirements) < 12:
            raise ContentError(f"{where}.requirements: at least 12")
        seen = set()
        for requirement in requirements:
            code = _require(requirement, "competence", f"{where}.requirements")
            if code not in levels_by_code:
                raise ContentError(f"{where}.requirements: unknown competence {code}")
            if code in seen:
                raise ContentError(f"{where}.requirements: {code} twice")
            seen.add(code)
            low, high = levels_by_code[code]
            if not (low <= requirement.get("level", 0) <= high):
                raise ContentError(f"{where}.requirements: {code} level must be within {low}..{high}")
            if requirement.get("importance") not in IMPORTANCE:
                raise ContentError(f"{where}.requirements: {code} importance must be essential or optional")
        for mapping in role.get("ecf") or []:
            if (
                not ECF_CODE.match(str(_require(mapping, "code", where)))
                or not 1 <= mapping.get("level", 0) <= 5
            ):
                raise ContentError(f"{where}.ecf: {mapping} needs an e-CF code and a level 1..5")
    return roles


def _check_scales(data: Any) -> dict[str, Any]:
    for scale, count in (("ecf", 5), ("eqf", 8)):
        entry = _require(data, scale, "scales.yaml")
        entry["title"] = _text(
            _require(entry, "title", f"scales.yaml: {scale}"), f"scales.yaml: {scale}.title"
        )
        levels = _require(entry, "levels", f"scales.yaml: {scale}")
        if not isinstance(levels, dict) or set(levels) != set(range(1, count + 1)):
            raise ContentError(f"scales.yaml: {scale}.levels needs levels 1..{count}")
        for rank, level in levels.items():
            where = f"scales.yaml: {scale}.levels.{rank}"
            level["title"] = _text(_require(level, "title", where), f"{where}.title")
            level["description"] = _text(_require(level, "description", where), f"{where}.description")
    return data


def load_content(directory: Path = CONTENT_DIR) -> Content:
    framework = read_yaml(directory / "framework.yaml")
    for key in ("title", "description", "publisher"):
        framework[key] = _text(_require(framework, key, "framework.yaml"), f"framework.yaml: {key}")
    for key in ("slug", "version"):
        _require(framework, key, "framework.yaml")
    scales = _check_scales(read_yaml(directory / "scales.yaml"))
    codes: set[str] = set()
    areas = [_check_area(read_yaml(path), path.name, codes) for path in sorted(directory.glob("sc-*.yaml"))]
    if len(areas) < 8:
        raise ContentError(f"expected 8 area files sc-a.yaml … sc-h.yaml, found {len(areas)}")
    content = Content(framework=framework, scales=scales, areas=areas)
    if len(content.competences()) < 40:
        raise ContentError(f"at least 40 competences, found {len(content.competences())}")
    levels = {c["code"]: (c["levels"][0], c["levels"][1]) for c in content.competences()}
    content.roles = _check_roles(read_yaml(directory / "roles.yaml"), levels)
    return content


def check_files(paths: list[Path]) -> None:
    """Check single files (for authors working on one part)."""
    codes: set[str] = set()
    for path in paths:
        if path.name.startswith("sc-"):
            _check_area(read_yaml(path), path.name, codes)
        elif path.name == "scales.yaml":
            _check_scales(read_yaml(path))
        else:
            raise ContentError(f"{path.name}: check it with the whole folder (no arguments)")


if __name__ == "__main__":
    try:
        if len(sys.argv) > 1:
            check_files([Path(arg) for arg in sys.argv[1:]])
            print("ok:", ", ".join(sys.argv[1:]))
        else:
            loaded = load_content()
            print(
                f"ok: {len(loaded.areas)} areas, {len(loaded.competences())} competences, {len(loaded.roles)} roles"
            )
    except ContentError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
