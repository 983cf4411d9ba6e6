"""1EdTech CASE 1.0: a framework version as a CFPackage, and a CFPackage as a framework.

Identifiers are stable: an item keeps the CASE identifier it was imported with, and an item made
here gets a UUID derived from its framework and code (or id), so exporting twice, or exporting
what was imported, gives the same package. Texts are exported in the active language.
Level descriptors and ESCO's essential/optional links have no CASE 1.0 association type and are
not exported.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _

from competencies import services
from competencies.importers.errors import ImportFileError
from competencies.models import Association, Competence, Framework

NAMESPACE = uuid.UUID("6f1f3c3e-4a49-4c7e-9d1e-5b3a3c1d2e4f")
CASE_TYPES = {choice.value for choice in Association.Kind} - {"essentialFor", "optionalFor"}
ITEM_TYPES = {
    Competence.Kind.AREA: "Area",
    Competence.Kind.COMPETENCE: "Competence",
    Competence.Kind.KNOWLEDGE: "Knowledge",
    Competence.Kind.SKILL: "Skill",
    Competence.Kind.ATTITUDE: "Attitude",
    Competence.Kind.OCCUPATION: "Occupation",
    Competence.Kind.OCCUPATION_GROUP: "Occupation group",
    Competence.Kind.SKILL_GROUP: "Skill group",
}
KIND_BY_ITEM_TYPE = {label.casefold(): kind for kind, label in ITEM_TYPES.items()}
ADOPTION = {
    Framework.Status.DRAFT: "Draft",
    Framework.Status.PUBLISHED: "Adopted",
    Framework.Status.RETIRED: "Deprecated",
}


def _stamp(moment: datetime | None) -> str:
    return (moment or timezone.now()).astimezone(UTC).isoformat(timespec="seconds")


def document_identifier(framework: Framework) -> str:
    return str(
        framework.case_identifier or uuid.uuid5(NAMESPACE, f"framework:{framework.key}:{framework.version}")
    )


def item_identifier(framework: Framework, competence: Competence) -> str:
    if competence.case_identifier:
        return str(competence.case_identifier)
    local = competence.code or str(competence.pk)
    return str(uuid.uuid5(NAMESPACE, f"item:{framework.key}:{framework.version}:{local}"))


def case_package(*, framework: Framework, base_url: str) -> dict[str, Any]:
    """The CFPackage of one framework version, texts in the active language."""
    language = (translation.get_language() or "en").split("-")[0]
    base = base_url.rstrip("/")
    changed = _stamp(framework.published_at or framework.updated_at)
    doc_id = document_identifier(framework)
    doc_uri = framework.source_uri or f"{base}/api/v1/frameworks/{framework.slug}/case/"
    document: dict[str, Any] = {
        "identifier": doc_id,
        "uri": doc_uri,
        "creator": framework.publisher or "Skills4Cities",
        "title": framework.title,
        "lastChangeDateTime": changed,
        "version": framework.version,
        "adoptionStatus": ADOPTION[Framework.Status(framework.status)],
        "language": language,
    }
    if framework.publisher:
        document["publisher"] = framework.publisher
    if framework.description:
        document["description"] = framework.description
    document_link = {"title": framework.title, "identifier": doc_id, "uri": doc_uri}

    nodes = list(framework.competences.order_by("id"))
    links: dict[int, dict[str, str]] = {}
    items = []
    for node in nodes:
        identifier = item_identifier(framework, node)
        uri = node.uri or f"{base}/api/v1/competences/{node.pk}/"
        links[node.pk] = {"title": node.title, "identifier": identifier, "uri": uri}
        item: dict[str, Any] = {
            "identifier": identifier,
            "uri": uri,
            "fullStatement": node.description or node.title,
            "CFItemType": ITEM_TYPES[Competence.Kind(node.kind)],
            "language": language,
            "lastChangeDateTime": changed,
        }
        if node.description:
            item["abbreviatedStatement"] = node.title
        if node.code:
            item["humanCodingScheme"] = node.code
        labels = [line for line in (node.alt_labels or "").splitlines() if line.strip()]
        if labels:
            item["conceptKeywords"] = labels
        items.append(item)

    associations = []

    def association(
        kind: str, origin: dict[str, str], destination: dict[str, str], sequence: int | None
    ) -> None:
        identifier = str(
            uuid.uuid5(NAMESPACE, f"association:{kind}:{origin['identifier']}:{destination['identifier']}")
        )
        entry: dict[str, Any] = {
            "identifier": identifier,
            "associationType": kind,
            "uri": f"{doc_uri.split('#')[0]}#{identifier}",
            "originNodeURI": origin,
            "destinationNodeURI": destination,
            "lastChangeDateTime": changed,
        }
        if sequence is not None:
            entry["sequenceNumber"] = sequence
        associations.append(entry)

    for node in nodes:
        parent = links.get(node.parent_id) if node.parent_id else document_link
        association("isChildOf", links[node.pk], parent or document_link, node.position)
    for link in (
        Association.objects.filter(source__framework=framework, kind__in=CASE_TYPES)
        .select_related("target")
        .order_by("id")
    ):
        if link.target_id in links:
            destination = links[link.target_id]
        else:
            # Outside this framework: identified by its URI, so a re-imported link exports the same.
            target = link.target
            uri = (
                (target.uri if target else "")
                or link.target_uri
                or f"{base}/api/v1/competences/{link.target_id}/"
            )
            identifier = (
                str(target.case_identifier)
                if target and target.case_identifier
                else str(uuid.uuid5(NAMESPACE, f"uri:{uri}"))
            )
            destination = {"title": target.title if target else uri, "identifier": identifier, "uri": uri}
        association(link.kind, links[link.source_id], destination, None)

    return {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": {
            "CFConcepts": [],
            "CFSubjects": [],
            "CFLicenses": [],
            "CFItemTypes": [],
            "CFAssociationGroupings": [],
        },
    }


# --- Import -----------------------------------------------------------------------------------


def _need(mapping: Any, key: str, where: str, name: str) -> Any:
    if not isinstance(mapping, dict) or mapping.get(key) in (None, ""):
        raise ImportFileError(
            file=name, problem=_("%(where)s: '%(key)s' is missing") % {"where": where, "key": key}
        )
    return mapping[key]


def _uuid(value: Any, where: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise ImportFileError(
            file=name, problem=_("%(where)s: %(value)r is not a UUID") % {"where": where, "value": value}
        ) from None


@transaction.atomic
def case_import(
    package: Any, *, name: str, language: str = "en", log: Callable[[str], None] = lambda _m: None
) -> tuple[Framework, int]:
    """Create or update the framework a CFPackage describes; returns it and the rows changed.

    The whole package is checked before anything is written.
    """
    document = _need(package, "CFDocument", "package", name)
    doc_id = _uuid(_need(document, "identifier", "CFDocument", name), "CFDocument.identifier", name)
    title = str(_need(document, "title", "CFDocument", name))
    items = package.get("CFItems") or []
    associations = package.get("CFAssociations") or []
    if not isinstance(items, list) or not isinstance(associations, list):
        raise ImportFileError(file=name, problem=_("CFItems and CFAssociations must be lists"))
    parsed_items = []
    seen: set[uuid.UUID] = set()
    for index, item in enumerate(items):
        where = f"CFItems[{index}]"
        identifier = _uuid(_need(item, "identifier", where, name), f"{where}.identifier", name)
        if identifier in seen:
            raise ImportFileError(
                file=name,
                problem=_("%(where)s: identifier %(id)s appears twice") % {"where": where, "id": identifier},
            )
        seen.add(identifier)
        statement = str(_need(item, "fullStatement", where, name))
        parsed_items.append((identifier, item, statement))
    parents: dict[uuid.UUID, tuple[uuid.UUID | None, int]] = {}
    links: list[tuple[uuid.UUID, str, uuid.UUID | None, str]] = []
    for index, entry in enumerate(associations):
        where = f"CFAssociations[{index}]"
        kind = _need(entry, "associationType", where, name)
        if kind not in CASE_TYPES:
            raise ImportFileError(
                file=name,
                problem=_("%(where)s: unknown association type %(kind)r") % {"where": where, "kind": kind},
            )
        origin = _uuid(
            _need(_need(entry, "originNodeURI", where, name), "identifier", where, name), where, name
        )
        destination_link = _need(entry, "destinationNodeURI", where, name)
        destination = _uuid(_need(destination_link, "identifier", where, name), where, name)
        if kind == "isChildOf" and origin in seen:
            parents[origin] = (
                None if destination == doc_id else destination,
                int(entry.get("sequenceNumber") or 0),
            )
        elif origin in seen:
            links.append(
                (
                    origin,
                    kind,
                    destination if destination in seen else None,
                    str(destination_link.get("uri") or ""),
                )
            )

    for start in parents:
        steps = 0
        node_id: uuid.UUID | None = start
        while node_id is not None and node_id in parents:
            node_id = parents[node_id][0]
            steps += 1
            if node_id == start or steps > len(parents):
                raise ImportFileError(file=name, problem=_("the isChildOf associations form a cycle"))

    stamp = parse_datetime(str(document.get("lastChangeDateTime") or "")) or timezone.now()
    version = str(document.get("version") or "1.0")
    status = {"draft": Framework.Status.DRAFT, "deprecated": Framework.Status.RETIRED}.get(
        str(document.get("adoptionStatus") or "").casefold(), Framework.Status.PUBLISHED
    )
    existing = Framework.objects.filter(case_identifier=doc_id).first()
    key = existing.key if existing else (slugify(title)[:60] or "case-framework")
    framework, changed = services.upsert(
        Framework,
        {"case_identifier": doc_id},
        {
            "key": key,
            "version": existing.version if existing else version,
            "slug": existing.slug if existing else services.framework_slug(key, version),
            "source_uri": str(document.get("uri") or ""),
            "status": status,
            "published_at": stamp,
            f"title_{language}": title,
            f"description_{language}": str(document.get("description") or ""),
            f"publisher_{language}": str(document.get("publisher") or document.get("creator") or ""),
        },
    )
    changes = int(changed)
    nodes: dict[uuid.UUID, Competence] = {}
    for identifier, item, statement in parsed_items:
        abbreviated = str(item.get("abbreviatedStatement") or "")
        keywords = item.get("conceptKeywords") or []
        node, changed = services.upsert(
            Competence,
            {"framework": framework, "case_identifier": identifier},
            {
                "kind": KIND_BY_ITEM_TYPE.get(
                    str(item.get("CFItemType") or "").casefold(), Competence.Kind.COMPETENCE
                ),
                "code": str(item.get("humanCodingScheme") or ""),
                "uri": str(item.get("uri") or ""),
                "position": parents.get(identifier, (None, 0))[1],
                f"title_{language}": (abbreviated or statement)[:500],
                f"description_{language}": statement if abbreviated else "",
                f"alt_labels_{language}": "\n".join(str(k) for k in keywords)
                if isinstance(keywords, list)
                else "",
            },
        )
        nodes[identifier] = node
        changes += changed
    for identifier, node in nodes.items():
        parent_id = parents.get(identifier, (None, 0))[0]
        parent = nodes.get(parent_id) if parent_id else None
        if node.parent_id != (parent.pk if parent else None):
            node.parent = parent
            node.save(update_fields=["parent"])
            changes += 1
    for identifier, node in _top_down(nodes, parents):
        parent_key = parents.get(identifier, (None, 0))[0]
        changes += services.competence_place(node, nodes.get(parent_key) if parent_key else None)
        before = node.search_text
        services.competence_refresh_search_text(node)
        if node.search_text != before:
            node.save(update_fields=["search_text"])
            changes += 1
    for origin, kind, destination_id, uri in links:
        lookup: dict[str, Any] = {"source": nodes[origin], "kind": kind}
        target = nodes[destination_id] if destination_id is not None else _resolve(uri, framework)
        if target is not None:
            _a, changed = services.upsert(Association, {**lookup, "target": target}, {})
        else:
            _a, changed = services.upsert(Association, {**lookup, "target": None, "target_uri": uri}, {})
        changes += changed
    if changes:
        services.framework_touch(framework)
    log(f"{framework}: {len(nodes)} items, {len(links)} associations, {changes} changed")
    return framework, changes


OWN_COMPETENCE_URL = re.compile(r"/api/v1/competences/(\d+)/$")


def _resolve(uri: str, framework: Framework) -> Competence | None:
    """A destination outside the package that is on this platform: one of our competence URLs, or
    a concept URI (such as ESCO's) of an imported framework."""
    if not uri:
        return None
    match = OWN_COMPETENCE_URL.search(uri)
    if match:
        return Competence.objects.exclude(framework=framework).filter(pk=int(match.group(1))).first()
    return Competence.objects.exclude(framework=framework).filter(uri=uri).order_by("-framework_id").first()


def _top_down(nodes: dict[uuid.UUID, Competence], parents: dict[uuid.UUID, tuple[uuid.UUID | None, int]]):
    """Nodes ordered so that a parent comes before its children."""
    depth: dict[uuid.UUID, int] = {}

    def level(identifier: uuid.UUID, guard: int = 0) -> int:
        if identifier in depth:
            return depth[identifier]
        parent = parents.get(identifier, (None, 0))[0]
        depth[identifier] = (
            0 if parent is None or parent not in nodes or guard > 50 else level(parent, guard + 1) + 1
        )
        return depth[identifier]

    return sorted(nodes.items(), key=lambda pair: level(pair[0]))
