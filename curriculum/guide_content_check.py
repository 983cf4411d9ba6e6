"""The user guide's pages as YAML files in ``curriculum/guide_content/``, and their validation.

Check with ``python -m curriculum.guide_content_check [FILE …]``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from competencies.content import LANGUAGES, ContentError, _require, _text, read_yaml

GUIDE_DIR = Path(__file__).resolve().parent / "guide_content"
AUDIENCES = ("everyone", "learners", "trainers", "hr_staff")


def check_page(data: Any, name: str) -> dict[str, Any]:
    for key in ("slug", "audience", "position"):
        _require(data, key, name)
    if data["audience"] not in AUDIENCES:
        raise ContentError(f"{name}: audience must be one of {', '.join(AUDIENCES)}")
    for key in ("title", "summary", "body"):
        data[key] = _text(_require(data, key, name), f"{name}: {key}")
    shape = None
    for lang in LANGUAGES:
        blocks = [
            block.strip().splitlines()[0][:3] for block in data["body"][lang].split("\n\n") if block.strip()
        ]
        kinds = ["h" if b.startswith("## ") else "l" if b.startswith("- ") else "p" for b in blocks]
        if shape is None:
            shape = kinds
        elif kinds != shape:
            raise ContentError(
                f"{name}: body.{lang} has not the same headings, lists and paragraphs as body.en"
            )
    return data


def load_pages(directory: Path = GUIDE_DIR) -> list[dict[str, Any]]:
    pages = []
    for path in sorted(directory.glob("*.yaml")):
        pages.append(check_page(read_yaml(path), path.name))
    slugs = [page["slug"] for page in pages]
    if len(set(slugs)) != len(slugs):
        raise ContentError("two guide pages have the same slug")
    return pages


if __name__ == "__main__":
    try:
        if len(sys.argv) > 1:
            for arg in sys.argv[1:]:
                check_page(read_yaml(Path(arg)), Path(arg).name)
            print("ok:", ", ".join(sys.argv[1:]))
        else:
            print(f"ok: {len(load_pages())} pages")
    except ContentError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
