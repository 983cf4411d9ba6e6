"""The demo VET curricula, one YAML file per job role in ``curriculum/demo_content/``, and their
validation (the same code checks authors' files and runs before ``load_demo`` writes).

Check with ``python -m curriculum.content [FILE …]``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from competencies.content import ContentError, _require, _text, load_content, read_yaml

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"


def check_curriculum(
    data: Any, name: str, requirements: dict[str, dict[str, int]], levels: dict[str, tuple[int, int]]
) -> dict[str, Any]:
    """``requirements``: role slug → {competence code: target level}; ``levels``: code → (min, max)."""
    role = _require(data, "role", name)
    if role not in requirements:
        raise ContentError(f"{name}: unknown role {role!r}")
    course = _require(data, "course", name)
    where = f"{name}: course"
    course["title"] = _text(_require(course, "title", where), f"{where}.title")
    course["description"] = _text(_require(course, "description", where), f"{where}.description")
    code = _require(course, "code", where)
    for key, low, high in (("eqf", 1, 8), ("hours", 1, 2000), ("ecvet", 1, 120)):
        value = _require(course, key, where)
        if not isinstance(value, int) or not low <= value <= high:
            raise ContentError(f"{where}.{key}: a whole number from {low} to {high}")
    modules = _require(course, "modules", where)
    if not isinstance(modules, list) or len(modules) < 3:
        raise ContentError(f"{where}: at least 3 modules")
    taught: set[str] = set()
    hours = ecvet = 0
    codes: set[str] = set()
    for m_index, module in enumerate(modules, start=1):
        m_code = f"{code}-M{m_index}"
        if _require(module, "code", where) != m_code:
            raise ContentError(f"{where}: module {m_index} must have code {m_code}")
        module["title"] = _text(_require(module, "title", m_code), f"{name}: {m_code}.title")
        module["description"] = _text(
            _require(module, "description", m_code), f"{name}: {m_code}.description"
        )
        units = _require(module, "units", m_code)
        if not isinstance(units, list) or len(units) < 2:
            raise ContentError(f"{name}: {m_code}: at least 2 units")
        for u_index, unit in enumerate(units, start=1):
            u_code = f"{m_code}-U{u_index}"
            if _require(unit, "code", m_code) != u_code:
                raise ContentError(f"{name}: {m_code}: unit {u_index} must have code {u_code}")
            unit["title"] = _text(_require(unit, "title", u_code), f"{name}: {u_code}.title")
            unit["description"] = _text(
                _require(unit, "description", u_code), f"{name}: {u_code}.description"
            )
            for key in ("hours", "ecvet"):
                value = _require(unit, key, u_code)
                if not isinstance(value, int | float) or value <= 0:
                    raise ContentError(f"{name}: {u_code}.{key}: a positive number")
            hours += unit["hours"]
            ecvet += unit["ecvet"]
            outcomes = _require(unit, "outcomes", u_code)
            if not isinstance(outcomes, list) or len(outcomes) < 2:
                raise ContentError(f"{name}: {u_code}: at least 2 learning outcomes")
            for o_index, outcome in enumerate(outcomes, start=1):
                o_code = f"{u_code}-LO{o_index}"
                if _require(outcome, "code", u_code) != o_code or o_code in codes:
                    raise ContentError(f"{name}: {u_code}: outcome {o_index} must have code {o_code}")
                codes.add(o_code)
                outcome["text"] = _text(_require(outcome, "text", o_code), f"{name}: {o_code}.text")
                level = _require(outcome, "level", o_code)
                competences = _require(outcome, "competences", o_code)
                if not isinstance(competences, list) or not competences:
                    raise ContentError(f"{name}: {o_code}.competences: at least one competence code")
                for competence in competences:
                    if competence not in levels:
                        raise ContentError(f"{name}: {o_code}: unknown competence {competence}")
                    low, high = levels[competence]
                    if not isinstance(level, int) or not low <= level <= high:
                        raise ContentError(
                            f"{name}: {o_code}: level {level} is outside {competence}'s range {low}..{high}"
                        )
                    taught.add(competence)
    if hours != course["hours"]:
        raise ContentError(f"{where}.hours is {course['hours']} but the units add up to {hours}")
    if abs(ecvet - course["ecvet"]) > 0.01:
        raise ContentError(f"{where}.ecvet is {course['ecvet']} but the units add up to {ecvet}")
    missing = sorted(set(requirements[role]) - taught)
    if missing:
        raise ContentError(
            f"{name}: requirements of {role} taught by no learning outcome: {', '.join(missing)}"
        )
    return data


def requirement_map() -> tuple[dict[str, dict[str, int]], dict[str, tuple[int, int]]]:
    framework = load_content()
    levels = {c["code"]: (c["levels"][0], c["levels"][1]) for c in framework.competences()}
    requirements = {
        role["slug"]: {r["competence"]: r["level"] for r in role["requirements"]} for role in framework.roles
    }
    return requirements, levels


def load_curricula(directory: Path = CONTENT_DIR) -> list[dict[str, Any]]:
    requirements, levels = requirement_map()
    curricula = [
        check_curriculum(read_yaml(path), path.name, requirements, levels)
        for path in sorted(directory.glob("*.yaml"))
    ]
    roles = {c["role"] for c in curricula}
    if roles != set(requirements):
        raise ContentError(f"a curriculum is missing for: {', '.join(sorted(set(requirements) - roles))}")
    return curricula


if __name__ == "__main__":
    try:
        if len(sys.argv) > 1:
            requirement_maps = requirement_map()
            for arg in sys.argv[1:]:
                check_curriculum(read_yaml(Path(arg)), Path(arg).name, *requirement_maps)
            print("ok:", ", ".join(sys.argv[1:]))
        else:
            print(f"ok: {len(load_curricula())} curricula")
    except ContentError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
