"""Reading ids from URLs: anything that is not a number is simply not found."""

from typing import Any

from django.http import Http404


def id_or_404(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None
