"""The published quality criteria and the demo trainers, in ``trainers/demo_content/``, and their
validation (run before ``load_demo`` writes anything).

Check with ``python -m trainers.content``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from accounts.countries import Country
from competencies.content import LANGUAGES, ContentError, _require, _text, read_yaml

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"
APPLIES_TO = ("trainer", "organisation")
STATUSES = ("accredited", "applied")


def load_criteria(path: Path = CONTENT_DIR / "quality_criteria.yaml") -> list[dict[str, Any]]:
    data = read_yaml(path)
    if not isinstance(data, list) or not data:
        raise ContentError(f"{path.name}: expected a list of criteria")
    codes: set[str] = set()
    for index, item in enumerate(data, start=1):
        where = f"{path.name}: criterion {index}"
        code = str(_require(item, "code", where))
        if not re.fullmatch(r"[A-Z][0-9]{1,2}", code) or code in codes:
            raise ContentError(f"{where}: code {code!r} must be a letter and a number, and unique")
        codes.add(code)
        if _require(item, "applies_to", where) not in APPLIES_TO:
            raise ContentError(f"{where}: applies_to must be one of {', '.join(APPLIES_TO)}")
        for key in ("title", "description"):
            item[key] = _text(_require(item, key, where), f"{where}.{key}")
    for kind in APPLIES_TO:
        if not any(item["applies_to"] == kind for item in data):
            raise ContentError(f"{path.name}: no criterion for {kind}s")
    return data


def _check_accreditations(items: Any, where: str) -> None:
    if not isinstance(items, list):
        raise ContentError(f"{where}: accreditations must be a list")
    for item in items:
        _require(item, "role", where)
        if _require(item, "status", where) not in STATUSES:
            raise ContentError(f"{where}: status must be one of {', '.join(STATUSES)}")
        if item["status"] == "accredited" and not isinstance(item.get("valid_for_days"), int):
            raise ContentError(f"{where}: an accredited entry needs valid_for_days (a whole number)")


def _check_languages(value: Any, where: str) -> None:
    if not isinstance(value, list) or not value or set(value) - set(LANGUAGES):
        raise ContentError(f"{where}: languages must be a non-empty list of {', '.join(LANGUAGES)}")


def load_trainers(path: Path = CONTENT_DIR / "trainers.yaml") -> dict[str, Any]:
    data = read_yaml(path)
    for index, item in enumerate(_require(data, "organisations", path.name), start=1):
        where = f"{path.name}: organisation {index}"
        _require(item, "organisation", where)
        _check_languages(_require(item, "languages", where), where)
        item["description"] = _text(_require(item, "description", where), f"{where}.description")
        _check_accreditations(item.get("accreditations", []), where)
    for index, item in enumerate(_require(data, "trainers", path.name), start=1):
        where = f"{path.name}: trainer {index}"
        _require(item, "email", where)
        if _require(item, "country", where) not in Country.values:
            raise ContentError(f"{where}: unknown country {item['country']!r}")
        _check_languages(_require(item, "languages", where), where)
        for key in ("qualifications", "bio"):
            item[key] = _text(_require(item, key, where), f"{where}.{key}")
        _check_accreditations(item.get("accreditations", []), where)
    return data


if __name__ == "__main__":  # pragma: no cover
    import django

    django.setup()
    try:
        criteria = load_criteria()
        demo = load_trainers()
    except ContentError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
    print(f"{len(criteria)} criteria, {len(demo['trainers'])} trainers: OK")
