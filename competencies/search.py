"""Search folding: the same text matches whatever its case or accents (Greek tonos included).

Every label of a competence in every language is folded into ``Competence.search_text``; a query
is folded the same way and matched with a plain substring test, which PostgreSQL serves from a
trigram index.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

from django.conf import settings

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ς", "σ")


def search_text_for(*, code: str, labels: Iterable[str | None]) -> str:
    """One line per distinct label, folded, the code first."""
    seen: dict[str, None] = {fold(code): None} if code else {}
    for label in labels:
        for line in (label or "").splitlines():
            line = line.strip()
            if line:
                seen.setdefault(fold(line), None)
    return "\n".join(seen)


def competence_labels(values: Mapping[str, object]) -> list[str | None]:
    """The translated titles and alternative labels among ``values`` (a row or a model's __dict__)."""
    labels: list[str | None] = []
    for field in ("title", "alt_labels"):
        for code in LANGUAGE_CODES:
            value = values.get(f"{field}_{code}")
            labels.append(str(value) if value else None)
    return labels
