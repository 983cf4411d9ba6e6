"""PDF rendering of a role profile with WeasyPrint (DejaVu fonts cover Latin, Cyrillic, Greek)."""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string


def role_profile_pdf(*, request: HttpRequest, context: dict[str, Any]) -> bytes:
    from weasyprint import CSS, HTML  # imported here: loading Pango is only needed when a PDF is made

    html = render_to_string("competencies/role_profile.html", {**context, "for_pdf": True}, request=request)
    # The stylesheet is read from the static files on disk: nothing is fetched while rendering.
    stylesheet = finders.find("css/role_profile.css")
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=stylesheet)])
