"""Every write to the competence frameworks goes through here.

A published framework version never changes: edits go to a draft, and ``framework_new_draft``
starts the next version from a published one. Importers of whole frameworks (demo content, e-CF,
ESCO, CASE) write through :func:`upsert`, which only touches what differs, so a re-run is free.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from competencies.models import (
    Association,
    Competence,
    Framework,
    JobRole,
    LevelDescriptor,
    ProficiencyLevel,
    ProficiencyScale,
    RoleOccupation,
    RoleRequirement,
)
from competencies.search import LANGUAGE_CODES, competence_labels, search_text_for
from core.errors import ApplicationError

M = TypeVar("M", bound=models.Model)


def upsert(model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> tuple[M, bool]:
    """Create the row, or update only the fields whose value differs. Returns (row, changed)."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean(validate_unique=False, validate_constraints=False)
        instance.save()
        return instance, True
    changed = [field for field, value in values.items() if getattr(instance, field) != value]
    if changed:
        for field in changed:
            setattr(instance, field, values[field])
        instance.save(update_fields=changed)
    return instance, bool(changed)


def translated(field: str, texts: dict[str, str]) -> dict[str, str]:
    """``{"en": "A", "bg": "Б"}`` → ``{"title_en": "A", "title_bg": "Б"}``; languages not given are
    left out, so an import in one language never erases another."""
    return {f"{field}_{code}": texts[code] for code in LANGUAGE_CODES if code in texts}


def framework_slug(key: str, version: str) -> str:
    return slugify(f"{key}-{version}".replace(".", "-"))


def framework_touch(framework: Framework) -> None:
    """Mark the framework as changed: pages cached for its previous state are no longer used."""
    framework.save(update_fields=["updated_at"])


def ensure_editable(framework: Framework) -> None:
    if framework.status != Framework.Status.DRAFT:
        raise ApplicationError(
            _(
                "This framework version is published and cannot be changed. Start a new draft version from it."
            ),
        )


def competence_place(competence: Competence, parent: Competence | None) -> bool:
    """Keep ``area`` (the top-level ancestor) right after the node is saved; True when it changed."""
    area_id = parent.area_id or parent.pk if parent is not None else competence.pk
    if competence.area_id == area_id:
        return False
    competence.area_id = area_id
    competence.save(update_fields=["area"])
    return True


def competence_refresh_search_text(competence: Competence) -> None:
    competence.search_text = search_text_for(
        code=competence.code, labels=competence_labels(competence.__dict__)
    )


# --- Scales -----------------------------------------------------------------------------------


def scale_upsert(
    *, slug: str, title: dict[str, str], levels: dict[int, dict[str, Any]], code_format: str
) -> ProficiencyScale:
    scale, _changed = upsert(ProficiencyScale, {"slug": slug}, translated("title", title))
    for rank, level in sorted(levels.items()):
        upsert(
            ProficiencyLevel,
            {"scale": scale, "rank": rank},
            {
                "code": code_format.format(rank=rank),
                **translated("title", level["title"]),
                **translated("description", level["description"]),
            },
        )
    return scale


def level_by_rank(scale: ProficiencyScale) -> dict[int, ProficiencyLevel]:
    return {level.rank: level for level in scale.levels.all()}


# --- Editing (framework editors) --------------------------------------------------------------


@transaction.atomic
def framework_publish(*, framework: Framework) -> Framework:
    if framework.status != Framework.Status.DRAFT:
        raise ApplicationError(_("Only a draft can be published."))
    if not framework.competences.exists():
        raise ApplicationError(_("An empty framework cannot be published."))
    framework.status = Framework.Status.PUBLISHED
    framework.published_at = timezone.now()
    framework.save(update_fields=["status", "published_at", "updated_at"])
    return framework


@transaction.atomic
def framework_retire(*, framework: Framework) -> Framework:
    if framework.status != Framework.Status.PUBLISHED:
        raise ApplicationError(_("Only a published version can be retired."))
    framework.status = Framework.Status.RETIRED
    framework.save(update_fields=["status", "updated_at"])
    return framework


def next_version(version: str) -> str:
    """ "1.0" → "1.1", "2" → "3", anything else gets ".1" appended."""
    head, _dot, last = version.rpartition(".")
    if last.isdigit():
        return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
    return f"{version}.1"


@transaction.atomic
def framework_new_draft(*, framework: Framework, version: str) -> Framework:
    """Copy a published version, with its tree, descriptors, associations and roles, into a new draft."""
    if framework.status == Framework.Status.DRAFT:
        raise ApplicationError(_("This version is still a draft: edit it instead of copying it."))
    version = version.strip()
    if not version:
        raise ApplicationError(
            _("Give the new version a number."), field_errors={"version": [_("This field is required.")]}
        )
    if Framework.objects.filter(key=framework.key, version=version).exists():
        raise ApplicationError(
            _("Version %(version)s already exists.") % {"version": version},
            field_errors={"version": [_("This version already exists.")]},
        )
    copy_fields = {
        f.attname: getattr(framework, f.attname) for f in Framework._meta.concrete_fields if f.attname != "id"
    }
    draft = Framework(**copy_fields)
    draft.version = version
    draft.slug = framework_slug(framework.key, version)
    draft.status = Framework.Status.DRAFT
    draft.published_at = None
    draft.derived_from = framework
    draft.case_identifier = None
    draft.save()

    old_nodes = list(framework.competences.order_by("id"))
    id_map: dict[int, Competence] = {}
    skip = {"id", "parent_id", "area_id", "framework_id"}
    for node in old_nodes:
        values = {
            f.attname: getattr(node, f.attname)
            for f in Competence._meta.concrete_fields
            if f.attname not in skip
        }
        id_map[node.pk] = Competence(framework_id=draft.pk, **values)
    Competence.objects.bulk_create(id_map.values(), batch_size=2000)
    for node in old_nodes:
        new = id_map[node.pk]
        new.parent_id = id_map[node.parent_id].pk if node.parent_id else None
        new.area_id = id_map[node.area_id].pk if node.area_id else None
    Competence.objects.bulk_update(id_map.values(), ["parent", "area"], batch_size=2000)

    LevelDescriptor.objects.bulk_create(
        [
            LevelDescriptor(
                competence_id=id_map[d.competence_id].pk,
                level_id=d.level_id,
                **translated_values(d, "description"),
            )
            for d in LevelDescriptor.objects.filter(competence__framework=framework)
        ],
        batch_size=2000,
    )
    Association.objects.bulk_create(
        [
            Association(
                source_id=id_map[a.source_id].pk,
                target_id=id_map[a.target_id].pk if a.target_id in id_map else a.target_id,
                target_uri=a.target_uri,
                kind=a.kind,
            )
            for a in Association.objects.filter(source__framework=framework)
        ],
        batch_size=5000,
    )
    for role in framework.roles.prefetch_related("occupations", "requirements"):
        new_role = JobRole.objects.create(
            framework=draft,
            slug=role.slug,
            eqf_level_id=role.eqf_level_id,
            isco_code=role.isco_code,
            position=role.position,
            **translated_values(role, "title"),
            **translated_values(role, "description"),
        )
        RoleOccupation.objects.bulk_create(
            RoleOccupation(role=new_role, uri=o.uri, position=o.position, **translated_values(o, "title"))
            for o in role.occupations.all()
        )
        RoleRequirement.objects.bulk_create(
            RoleRequirement(
                role=new_role,
                competence_id=id_map[r.competence_id].pk if r.competence_id in id_map else r.competence_id,
                level_id=r.level_id,
                importance=r.importance,
            )
            for r in role.requirements.all()
        )
    return draft


def translated_values(instance: models.Model, field: str) -> dict[str, Any]:
    return {f"{field}_{code}": getattr(instance, f"{field}_{code}") for code in LANGUAGE_CODES}


COMPETENCE_TEXT_FIELDS = ("title", "description", "alt_labels")


@transaction.atomic
def competence_create(
    *,
    framework: Framework,
    kind: str,
    title: dict[str, str],
    parent: Competence | None = None,
    code: str = "",
    description: dict[str, str] | None = None,
    uri: str = "",
    position: int = 0,
) -> Competence:
    ensure_editable(framework)
    if parent is not None and parent.framework_id != framework.pk:
        raise ApplicationError(
            _("The parent belongs to another framework."),
            field_errors={"parent": [_("The parent belongs to another framework.")]},
        )
    if not (title.get("en") or "").strip():
        raise ApplicationError(
            _("An English title is required."), field_errors={"title_en": [_("This field is required.")]}
        )
    competence = Competence(
        framework=framework,
        parent=parent,
        kind=kind,
        code=code.strip(),
        uri=uri.strip(),
        position=position,
        **translated("title", title),
        **translated("description", description or {}),
    )
    competence_refresh_search_text(competence)
    competence.full_clean()
    competence.save()
    competence_place(competence, parent)
    return competence


@transaction.atomic
def competence_update(*, competence: Competence, data: dict[str, Any]) -> Competence:
    """Update plain fields (``code``, ``kind``, ``position``, ``uri``) and translated ones (``title_bg``…)."""
    framework = Framework.objects.select_for_update().get(pk=competence.framework_id)
    ensure_editable(framework)
    allowed = {"code", "kind", "position", "uri"} | {
        f"{f}_{c}" for f in COMPETENCE_TEXT_FIELDS for c in LANGUAGE_CODES
    }
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    changed = [field for field, value in data.items() if getattr(competence, field) != value]
    for field in changed:
        setattr(competence, field, data[field])
    if not changed:
        return competence
    competence_refresh_search_text(competence)
    competence.full_clean(exclude=["search_text"])
    competence.save(update_fields=[*changed, "search_text"])
    return competence


@transaction.atomic
def competence_delete(*, competence: Competence) -> None:
    ensure_editable(competence.framework)
    competence.delete()


def competences_bulk_refresh_search_text(competences: Iterable[Competence]) -> None:
    batch = list(competences)
    for competence in batch:
        competence_refresh_search_text(competence)
    Competence.objects.bulk_update(batch, ["search_text"], batch_size=2000)
