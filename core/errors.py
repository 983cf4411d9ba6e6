"""The one exception type for business-rule violations.

Services raise :class:`ApplicationError`; the API exception handler turns it into a 400 JSON body
with a message per field, and forms show the same messages in the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.functional import Promise

#: A plain or a lazily translated message.
Message = str | Promise

NON_FIELD = "non_field_errors"


class ApplicationError(Exception):
    def __init__(
        self, message: Message, *, field_errors: Mapping[str, Sequence[Message]] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field_errors = {key: [str(m) for m in msgs] for key, msgs in (field_errors or {}).items()}

    def as_dict(self) -> dict[str, list[str]]:
        """Messages keyed by field; a message about no particular field goes under ``non_field_errors``."""
        if self.field_errors:
            return dict(self.field_errors)
        return {NON_FIELD: [str(self.message)]}
