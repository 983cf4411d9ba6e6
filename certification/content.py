"""The demo certification schemes in ``certification/demo_content/schemes.yaml`` and their
validation (run before ``load_demo`` writes anything).

Check with ``python -m certification.content``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from competencies.content import ContentError, _require, _text, read_yaml

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"
RENEWALS = ("re_exam", "continuing_education")


def load_schemes(path: Path = CONTENT_DIR / "schemes.yaml") -> list[dict[str, Any]]:
    data = read_yaml(path)
    if not isinstance(data, list) or not data:
        raise ContentError(f"{path.name}: expected a list of schemes")
    slugs = {str(item.get("slug")) for item in data if isinstance(item, dict)}
    for index, item in enumerate(data, start=1):
        where = f"{path.name}: scheme {index}"
        for key in ("role", "slug", "exam"):
            _require(item, key, where)
        for key in ("min_score", "min_area_score", "validity_months", "renewal_hours"):
            value = _require(item, key, where)
            if not isinstance(value, int) or not 0 <= value <= 120:
                raise ContentError(f"{where}: {key} must be a whole number from 0 to 120")
        if _require(item, "renewal", where) not in RENEWALS:
            raise ContentError(f"{where}: renewal must be one of {', '.join(RENEWALS)}")
        if item.get("prerequisite") and item["prerequisite"] not in slugs:
            raise ContentError(f"{where}: prerequisite {item['prerequisite']!r} is not a scheme of this file")
        for key in ("title", "summary", "rules_text"):
            item[key] = _text(_require(item, key, where), f"{where}.{key}")
    return data


if __name__ == "__main__":
    try:
        schemes = load_schemes()
    except ContentError as error:
        sys.exit(str(error))
    print(f"{len(schemes)} schemes, six languages each")
