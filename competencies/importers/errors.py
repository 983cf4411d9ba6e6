"""The error an importer raises for bad input: it names the file, the line and the column."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.errors import ApplicationError


class ImportFileError(ApplicationError):
    def __init__(
        self, *, file: str, problem: str, line: int | None = None, column: str | None = None
    ) -> None:
        where = file
        if line is not None:
            where = _("%(file)s, line %(line)s") % {"file": file, "line": line}
        if column:
            where = _("%(where)s, column %(column)s") % {"where": where, "column": column}
        super().__init__(f"{where}: {problem}", field_errors={"file": [f"{where}: {problem}"]})
        self.file, self.line, self.column, self.problem = file, line, column, problem
