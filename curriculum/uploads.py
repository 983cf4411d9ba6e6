"""Checks on uploaded learning materials: what a file really is, by its first bytes, whatever its
name says. Only documents, images, video and zip archives are accepted, each with an extension
that matches its content; anything else is refused with the reason."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import ApplicationError


@dataclass(frozen=True)
class FileType:
    mime: str
    extensions: tuple[str, ...]


PDF = FileType("application/pdf", ("pdf",))
PNG = FileType("image/png", ("png",))
JPEG = FileType("image/jpeg", ("jpg", "jpeg"))
GIF = FileType("image/gif", ("gif",))
WEBP = FileType("image/webp", ("webp",))
MP4 = FileType("video/mp4", ("mp4", "m4v"))
WEBM = FileType("video/webm", ("webm",))
OLE = FileType("application/vnd.ms-office", ("doc", "xls", "ppt"))
ZIP = FileType("application/zip", ("zip",))
OOXML = {
    "word/": FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)),
    "xl/": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
    "ppt/": FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation", ("pptx",)),
}
ODF = {
    "application/vnd.oasis.opendocument.text": FileType("application/vnd.oasis.opendocument.text", ("odt",)),
    "application/vnd.oasis.opendocument.spreadsheet": FileType(
        "application/vnd.oasis.opendocument.spreadsheet", ("ods",)
    ),
    "application/vnd.oasis.opendocument.presentation": FileType(
        "application/vnd.oasis.opendocument.presentation", ("odp",)
    ),
}
SAFE_NAME = re.compile(r"^[\w\-. ()]+$", re.UNICODE)


def max_upload_bytes() -> int:
    return settings.MATERIAL_MAX_UPLOAD_MB * 1024 * 1024


def _sniff_zip(handle: IO[bytes]) -> FileType:
    try:
        with zipfile.ZipFile(handle) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                if declared in ODF:
                    return ODF[declared]
            for prefix, kind in OOXML.items():
                if any(name.startswith(prefix) for name in names):
                    return kind
    except zipfile.BadZipFile:
        raise ApplicationError(
            _("The file is damaged: it starts like a zip archive but is not one.")
        ) from None
    return ZIP


def sniff(handle: IO[bytes]) -> FileType | None:
    """The type of the file's content, or None when it is not one we accept."""
    handle.seek(0)
    head = handle.read(64)
    handle.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp":
        return MP4
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return WEBM
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(handle)
    return None


def check_upload(*, name: str, size: int, handle: IO[bytes]) -> FileType:
    """Refuse, with the reason, anything but an accepted type of a sane size and name."""
    if "/" in name or "\\" in name or ".." in name or "\x00" in name:
        message = _(
            "The file name may not contain a path (“/”, “\\” or “..”): rename the file and try again."
        )
        raise ApplicationError(message, field_errors={"file": [message]})
    if not name.strip() or not SAFE_NAME.match(name):
        message = _("The file name may contain only letters, digits, spaces, dots, dashes and underscores.")
        raise ApplicationError(message, field_errors={"file": [message]})
    if size == 0:
        raise ApplicationError(_("The file is empty."), field_errors={"file": [_("The file is empty.")]})
    if size > max_upload_bytes():
        message = _("The file is larger than the limit of %(limit)s MB.") % {
            "limit": settings.MATERIAL_MAX_UPLOAD_MB
        }
        raise ApplicationError(message, field_errors={"file": [message]})
    kind = sniff(handle)
    if kind is None:
        message = _(
            "This type of file is not accepted: upload a PDF, an office document, an image, a video or a zip archive."
        )
        raise ApplicationError(message, field_errors={"file": [message]})
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in kind.extensions:
        message = _("The file's content is %(type)s but its name ends in “.%(extension)s”.") % {
            "type": kind.extensions[0].upper(),
            "extension": extension,
        }
        raise ApplicationError(message, field_errors={"file": [message]})
    return kind
