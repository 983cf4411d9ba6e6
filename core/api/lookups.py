"""Reading ids and slugs from URLs: anything that cannot be one is simply not found.

Checking the shape first also keeps values the database refuses (PostgreSQL rejects a NUL
character in a query) from turning into a server error.
"""

import re
from typing import Any

from django.http import Http404

#: What a slug may contain (Django's ``SlugField``): the ``lookup_value_regex`` of slug routes.
SLUG_PATTERN = r"[-a-zA-Z0-9_]+"
_SLUG = re.compile(rf"\A{SLUG_PATTERN}\Z")


def id_or_404(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def is_slug(value: str) -> bool:
    return bool(_SLUG.match(value))


def without_nul(value: str) -> str:
    """Free text from a query string, without the NUL characters no stored text contains."""
    return value.replace("\x00", "")
