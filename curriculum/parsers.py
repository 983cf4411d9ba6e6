"""Multipart parsing that keeps a refused file name visible.

Django reduces an uploaded file's name to its last path component, so "../../evil.pdf" would
arrive as "evil.pdf" and pass unnoticed. This parser replaces such a name with one the upload
check refuses with its "path in the name" message, so the user learns why nothing was stored.
"""

from __future__ import annotations

from django.http.multipartparser import MultiPartParser as DjangoMultiPartParser
from rest_framework.parsers import MultiPartParser

#: The upload check refuses any name containing "..".
PATH_IN_NAME = "..path-in-file-name"


class PathRefusingDjangoParser(DjangoMultiPartParser):
    def sanitize_file_name(self, file_name: str) -> str | None:
        if any(part in file_name for part in ("/", "\\", "..")):
            return PATH_IN_NAME
        return super().sanitize_file_name(file_name)


class PathRefusingMultiPartParser(MultiPartParser):
    """DRF's multipart parser on top of :class:`PathRefusingDjangoParser`."""

    def parse(self, stream, media_type=None, parser_context=None):  # type: ignore[no-untyped-def]
        from django.conf import settings
        from django.http.multipartparser import MultiPartParserError
        from rest_framework.exceptions import ParseError
        from rest_framework.parsers import DataAndFiles

        parser_context = parser_context or {}
        request = parser_context["request"]
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        meta = request.META.copy()
        meta["CONTENT_TYPE"] = media_type
        try:
            parser = PathRefusingDjangoParser(meta, stream, request.upload_handlers, encoding)
            data, files = parser.parse()
            return DataAndFiles(data, files)
        except MultiPartParserError as exc:
            raise ParseError(f"Multipart form parse error - {exc}") from exc
