"""Downloads of learning materials and question files: always an attachment, never rendered by
the browser."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from curriculum import question_bank, selectors
from curriculum.models import Material


def attachment(material: Material, user: Any) -> FileResponse:
    version = selectors.material_download_version(user=user, material=material)
    if version is None:
        raise Http404
    response = FileResponse(version.file.open("rb"), as_attachment=True, filename=version.original_name)
    response["Content-Type"] = version.content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def question_file(*, questions: Any, fmt: str, language: str) -> HttpResponse:
    if fmt not in question_bank.FORMATS:
        raise ApplicationError(
            _("Choose GIFT or Moodle XML."), field_errors={"file_format": [_("Choose GIFT or Moodle XML.")]}
        )
    if language not in question_bank.LANGUAGE_CODES:
        language = "en"
    body = question_bank.questions_export(questions=questions, fmt=fmt, language=language)
    extension, content_type = (
        ("gift", "text/plain; charset=utf-8") if fmt == "gift" else ("xml", "application/xml")
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="questions-{language}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
