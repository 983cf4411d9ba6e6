"""Every write to the curriculum's learning materials goes through here.

Materials move draft → submitted → approved or rejected (with a reason). Only the trainer who
uploaded a material changes it; a new file makes a new version (the old ones are kept) and sends
the material back to draft; framework editors review. A file is checked by its content before
anything is stored, and a failed write removes the file it stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from core.errors import ApplicationError
from curriculum.models import Material, MaterialVersion, Unit, private_storage
from curriculum.uploads import check_upload

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
#: (original file name, size in bytes, binary handle)
Upload = tuple[str, int, IO[bytes]]
T = TypeVar("T")


# Who may act is a permission (403), not a rule about the input (400).


def _require_trainer(user: User) -> None:
    if not user.has_role(Role.TRAINER):
        raise PermissionDenied(_("Only trainers may upload learning materials."))


def _require_owner(material: Material, user: User) -> None:
    if material.uploader_id != user.pk:
        raise PermissionDenied(_("Only the trainer who uploaded this material may change it."))


def _require_reviewer(user: User) -> None:
    if not user.has_role(Role.FRAMEWORK_EDITOR):
        raise PermissionDenied(_("Only framework editors review learning materials."))


@contextmanager
def _files_removed_on_failure() -> Iterator[list[str]]:
    """Collects the names of stored files; deletes them if the block fails."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        storage = private_storage()
        for name in stored:
            storage.delete(name)
        raise


def _sha256(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    handle.seek(0)
    for block in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(block)
    handle.seek(0)
    return digest.hexdigest()


def _store_version(*, material: Material, user: User, upload: Upload, stored: list[str]) -> MaterialVersion:
    name, size, handle = upload
    kind = check_upload(name=name, size=size, handle=handle)
    number = (material.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = MaterialVersion(
        material=material,
        number=number,
        original_name=name,
        content_type=kind.mime,
        size=size,
        sha256=_sha256(handle),
        uploaded_by=user,
    )
    version.file.save(name, File(handle), save=False)
    stored.append(str(version.file.name))
    version.save()
    return version


def material_create(
    *,
    unit: Unit,
    uploader: User,
    title: str,
    language: str,
    description: str = "",
    url: str = "",
    upload: Upload | None = None,
) -> Material:
    """A new material from a file or a link, as a draft of its uploader."""
    _require_trainer(uploader)
    if language not in LANGUAGE_CODES:
        raise ApplicationError(
            _("Choose one of the offered languages."),
            field_errors={"language": [_("Choose one of the offered languages.")]},
        )
    title = title.strip()
    if not title:
        raise ApplicationError(
            _("Give the material a title."), field_errors={"title": [_("Give the material a title.")]}
        )
    if bool(url) == bool(upload):
        raise ApplicationError(
            _("Give either a file or a link."), field_errors={"file": [_("Give either a file or a link.")]}
        )
    with _files_removed_on_failure() as stored:
        material = Material(
            unit=unit,
            uploader=uploader,
            title=title,
            description=description.strip(),
            language=language,
            url=url,
        )
        material.full_clean(exclude=["approved_version", "reviewed_by", "uploader", "unit"])
        material.save()
        if upload is not None:
            _store_version(material=material, user=uploader, upload=upload, stored=stored)
    return material


def material_add_version(*, material: Material, user: User, upload: Upload) -> MaterialVersion:
    """A new file for a material: the old versions are kept; the material goes back to draft."""
    _require_owner(material, user)
    if material.url:
        raise ApplicationError(_("This material is a link; it has no file to replace."))
    with _files_removed_on_failure() as stored:
        version = _store_version(material=material, user=user, upload=upload, stored=stored)
        material.status = Material.Status.DRAFT
        material.rejection_reason = ""
        material.save(update_fields=["status", "rejection_reason"])
    return version


@transaction.atomic
def material_submit(*, material: Material, user: User) -> Material:
    _require_owner(material, user)
    if material.status not in (Material.Status.DRAFT, Material.Status.REJECTED):
        raise ApplicationError(_("Only a draft or a rejected material can be submitted for review."))
    material.status = Material.Status.SUBMITTED
    material.save(update_fields=["status"])
    return material


@transaction.atomic
def material_approve(*, material: Material, reviewer: User) -> Material:
    _require_reviewer(reviewer)
    if material.status != Material.Status.SUBMITTED:
        raise ApplicationError(_("Only a submitted material can be approved."))
    material.status = Material.Status.APPROVED
    material.rejection_reason = ""
    material.reviewed_by = reviewer
    material.reviewed_at = timezone.now()
    material.approved_version = material.versions.order_by("-number").first()
    material.save(
        update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at", "approved_version"]
    )
    return material


@transaction.atomic
def material_reject(*, material: Material, reviewer: User, reason: str) -> Material:
    _require_reviewer(reviewer)
    reason = reason.strip()
    if not reason:
        raise ApplicationError(
            _("Say why the material is rejected."),
            field_errors={"reason": [_("Say why the material is rejected.")]},
        )
    if material.status != Material.Status.SUBMITTED:
        raise ApplicationError(_("Only a submitted material can be rejected."))
    material.status = Material.Status.REJECTED
    material.rejection_reason = reason
    material.reviewed_by = reviewer
    material.reviewed_at = timezone.now()
    material.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at"])
    return material


def material_delete(*, material: Material, user: User) -> None:
    _require_owner(material, user)
    names = list(material.versions.values_list("file", flat=True))

    def delete_files() -> None:
        storage = private_storage()
        for name in names:
            storage.delete(name)

    with transaction.atomic():
        material.delete()
        # Files are not transactional: they go once the rows are gone for good, so a deletion that
        # is rolled back does not leave versions whose files are missing.
        transaction.on_commit(delete_files)
