"""Downloads of learning materials: always an attachment, never rendered by the browser."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404

from curriculum import selectors
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
