"""ESCO, from the official CSV export, as a framework (and its DigComp collection as another).

``esco_read`` reads and checks every file first (a bad row stops everything, naming the file,
the line and the column); ``esco_write`` then writes in one transaction, comparing with what is
stored so that only differences are written: a re-run changes nothing, a newer file updates its
labels, and a second language adds its labels to the same concepts (matched by URI).
References to concepts the export itself does not contain (a few in v1.1.1) are kept as
associations to the URI and reported.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competencies import services
from competencies.importers.errors import ImportFileError
from competencies.importers.progress import ProgressBar
from competencies.models import Association, Competence, Framework
from competencies.search import competence_labels, search_text_for

ESCO_KEY = "esco"
DIGCOMP_KEY = "digcomp-esco"
URI = re.compile(r"^http://data\.europa\.eu/esco/[\w./-]+$")
LANGUAGE = re.compile(r"^[a-z]{2}$")
BATCH = 5000
csv.field_size_limit(10_000_000)

TITLES = {
    "en": "ESCO: European Skills, Competences, Qualifications and Occupations",
    "bg": "ESCO: Европейска класификация на уменията, компетентностите, квалификациите и професиите",
    "ro": "ESCO: Clasificarea europeană a aptitudinilor, competențelor, calificărilor și ocupațiilor",
    "de": "ESCO: Europäische Klassifikation für Fähigkeiten, Kompetenzen, Qualifikationen und Berufe",
    "es": "ESCO: Clasificación europea de capacidades, competencias, cualificaciones y ocupaciones",
    "el": "ESCO: Ευρωπαϊκή ταξινόμηση δεξιοτήτων, ικανοτήτων, προσόντων και επαγγελμάτων",
}
DIGCOMP_TITLES = {
    "en": "DigComp (ESCO collection)",
    "bg": "DigComp (колекция на ESCO)",
    "ro": "DigComp (colecția ESCO)",
    "de": "DigComp (ESCO-Sammlung)",
    "es": "DigComp (colección de ESCO)",
    "el": "DigComp (συλλογή ESCO)",
}
DESCRIPTIONS = {
    "en": "The European multilingual classification of skills, competences and occupations, imported from "
    "its official CSV export: occupations under their ISCO-08 groups, skills and knowledge under the skills "
    "hierarchy, and which skills are essential or optional for each occupation.",
    "bg": "Европейската многоезична класификация на уменията, компетентностите и професиите, внесена от "
    "официалния ѝ CSV износ: професиите в групите им по ISCO-08, уменията и знанията в йерархията на "
    "уменията и кои умения са съществени или незадължителни за всяка професия.",
    "ro": "Clasificarea europeană multilingvă a aptitudinilor, competențelor și ocupațiilor, importată din "
    "exportul său CSV oficial: ocupațiile în grupele ISCO-08, aptitudinile și cunoștințele în ierarhia "
    "aptitudinilor și care aptitudini sunt esențiale sau opționale pentru fiecare ocupație.",
    "de": "Die mehrsprachige europäische Klassifikation der Fähigkeiten, Kompetenzen und Berufe, importiert "
    "aus ihrem offiziellen CSV-Export: Berufe in ihren ISCO-08-Gruppen, Fähigkeiten und Kenntnisse in der "
    "Fähigkeitenhierarchie und welche Fähigkeiten für jeden Beruf wesentlich oder optional sind.",
    "es": "La clasificación europea multilingüe de capacidades, competencias y ocupaciones, importada de su "
    "exportación CSV oficial: las ocupaciones en sus grupos CIUO-08, las capacidades y conocimientos en la "
    "jerarquía de capacidades, y qué capacidades son esenciales u opcionales para cada ocupación.",
    "el": "Η ευρωπαϊκή πολύγλωσση ταξινόμηση δεξιοτήτων, ικανοτήτων και επαγγελμάτων, εισαγμένη από την "
    "επίσημη εξαγωγή CSV: τα επαγγέλματα στις ομάδες ISCO-08, οι δεξιότητες και γνώσεις στην ιεραρχία "
    "δεξιοτήτων, και ποιες δεξιότητες είναι απαραίτητες ή προαιρετικές για κάθε επάγγελμα.",
}
DIGCOMP_DESCRIPTIONS = {
    "en": "The Digital Competence Framework for Citizens as ESCO publishes it: five competence areas and "
    "their competences, each linked to the same concept in ESCO.",
    "bg": "Рамката за цифрова компетентност на гражданите, както я публикува ESCO: пет области на "
    "компетентност и техните компетентности, всяка свързана със същото понятие в ESCO.",
    "ro": "Cadrul de competențe digitale pentru cetățeni, așa cum îl publică ESCO: cinci domenii de "
    "competență și competențele lor, fiecare legată de același concept din ESCO.",
    "de": "Der Referenzrahmen für digitale Kompetenzen der Bürgerinnen und Bürger, wie ESCO ihn "
    "veröffentlicht: fünf Kompetenzbereiche und ihre Kompetenzen, jede mit demselben Begriff in ESCO verknüpft.",
    "es": "El Marco de Competencias Digitales para la Ciudadanía tal como lo publica ESCO: cinco áreas de "
    "competencia y sus competencias, cada una vinculada al mismo concepto en ESCO.",
    "el": "Το Πλαίσιο Ψηφιακών Ικανοτήτων για τους Πολίτες όπως το δημοσιεύει η ESCO: πέντε τομείς "
    "ικανοτήτων και οι ικανότητές τους, καθεμία συνδεδεμένη με την ίδια έννοια στην ESCO.",
}
PUBLISHER = {
    "en": "European Commission",
    "bg": "Европейска комисия",
    "ro": "Comisia Europeană",
    "de": "Europäische Kommission",
    "es": "Comisión Europea",
    "el": "Ευρωπαϊκή Επιτροπή",
}


@dataclass
class Concept:
    uri: str
    kind: str
    code: str = ""
    title: str = ""
    description: str = ""
    alt_labels: str = ""


@dataclass
class EscoData:
    language: str
    version: str
    concepts: dict[str, Concept] = field(default_factory=dict)
    #: (narrower URI, broader URI), in file order.
    broader: list[tuple[str, str]] = field(default_factory=list)
    #: (skill URI, occupation URI, "essential" | "optional")
    relations: list[tuple[str, str, str]] = field(default_factory=list)
    #: (URI, broader URI or "") of the DigComp collection, with labels in ``concepts``.
    digcomp: list[tuple[str, str]] = field(default_factory=list)


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    if not path.exists():
        raise ImportFileError(file=path.name, problem=_("the file is missing"))
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [column for column in required if column not in header]
            if missing:
                raise ImportFileError(
                    file=path.name,
                    line=1,
                    problem=_("missing columns: %(columns)s") % {"columns": ", ".join(missing)},
                )
            # A record may span several lines (multi-line cells): report the line where it starts.
            line = reader.line_num + 1
            try:
                for row in reader:
                    if None in row:
                        raise ImportFileError(file=path.name, line=line, problem=_("more cells than columns"))
                    if any(row[column] is None for column in required):
                        raise ImportFileError(
                            file=path.name, line=line, problem=_("fewer cells than columns")
                        )
                    yield line, row
                    line = reader.line_num + 1
            except csv.Error as error:
                raise ImportFileError(file=path.name, line=line, problem=str(error)) from error
    except UnicodeDecodeError as error:
        raise ImportFileError(file=path.name, problem=_("not UTF-8 text")) from error


def _uri(row: dict[str, str], column: str, name: str, line: int, *, blank: bool = False) -> str:
    value = (row[column] or "").strip()
    if blank and not value:
        return ""
    if not URI.match(value):
        raise ImportFileError(
            file=name,
            line=line,
            column=column,
            problem=_("%(value)r is not an ESCO URI") % {"value": value[:80]},
        )
    return value


def _label(row: dict[str, str], column: str, name: str, line: int) -> str:
    value = (row[column] or "").strip()
    if not value:
        raise ImportFileError(file=name, line=line, column=column, problem=_("the label is empty"))
    if len(value) > 500:
        raise ImportFileError(
            file=name, line=line, column=column, problem=_("the label is longer than 500 characters")
        )
    return value


def _alt(value: str | None) -> str:
    lines = [part.strip() for part in (value or "").replace(" | ", "\n").splitlines()]
    return "\n".join(dict.fromkeys(line for line in lines if line))


def esco_read(
    folder: Path, *, language: str, version: str, progress: Callable[[str, int], ProgressBar]
) -> EscoData:
    if not LANGUAGE.match(language):
        raise ImportFileError(file=str(folder), problem=_("the language must be a two-letter code"))
    data = EscoData(language=language, version=version)
    files = {
        "isco": folder / f"ISCOGroups_{language}.csv",
        "occupations": folder / f"occupations_{language}.csv",
        "groups": folder / f"skillGroups_{language}.csv",
        "skills": folder / f"skills_{language}.csv",
        "hierarchy": folder / f"skillsHierarchy_{language}.csv",
        "digcomp": folder / f"digCompSkillsCollection_{language}.csv",
        "broader_skills": folder / "broaderRelationsSkillPillar.csv",
        "broader_occupations": folder / "broaderRelationsOccPillar.csv",
        "relations": folder / "occupationSkillRelations.csv",
    }
    sizes = {key: max(1, path.stat().st_size) if path.exists() else 1 for key, path in files.items()}
    bar = progress(_("Reading ESCO files"), sum(sizes.values()))

    def add(concept: Concept, name: str, line: int) -> None:
        if concept.uri in data.concepts:
            raise ImportFileError(
                file=name, line=line, column="conceptUri", problem=_("this URI appears twice")
            )
        data.concepts[concept.uri] = concept

    # ISCO groups, occupations and skill groups share one layout: a code and labels.
    for key, kind in (
        ("isco", Competence.Kind.OCCUPATION_GROUP),
        ("occupations", Competence.Kind.OCCUPATION),
        ("groups", Competence.Kind.SKILL_GROUP),
    ):
        name = files[key].name
        for line, row in _rows(
            files[key], ("conceptUri", "code", "preferredLabel", "altLabels", "description")
        ):
            concept = Concept(
                uri=_uri(row, "conceptUri", name, line),
                kind=kind,
                code=row["code"].strip(),
                title=_label(row, "preferredLabel", name, line),
                description=row["description"].strip(),
                alt_labels=_alt(row["altLabels"]),
            )
            add(concept, name, line)
        bar.advance(sizes[key])

    name = files["skills"].name
    for line, row in _rows(
        files["skills"], ("conceptUri", "skillType", "preferredLabel", "altLabels", "description")
    ):
        skill_type = row["skillType"].strip()
        if skill_type not in ("knowledge", "skill/competence", ""):
            raise ImportFileError(
                file=name,
                line=line,
                column="skillType",
                problem=_("%(value)r is not a skill type") % {"value": skill_type},
            )
        kind = Competence.Kind.KNOWLEDGE if skill_type == "knowledge" else Competence.Kind.SKILL
        add(
            Concept(
                uri=_uri(row, "conceptUri", name, line),
                kind=kind,
                title=_label(row, "preferredLabel", name, line),
                description=row["description"].strip(),
                alt_labels=_alt(row["altLabels"]),
            ),
            name,
            line,
        )
    bar.advance(sizes["skills"])

    # The skill hierarchy: levels 0-3 of skill groups, the parent of level n being level n-1.
    name = files["hierarchy"].name
    columns = tuple(f"Level {n} URI" for n in range(4))
    for line, row in _rows(files["hierarchy"], columns):
        uris = [_uri(row, column, name, line, blank=True) for column in columns]
        for upper, lower in itertools.pairwise(uris):
            if upper and lower:
                data.broader.append((lower, upper))
    bar.advance(sizes["hierarchy"])

    for key in ("broader_skills", "broader_occupations"):
        name = files[key].name
        for line, row in _rows(files[key], ("conceptUri", "broaderUri")):
            data.broader.append((_uri(row, "conceptUri", name, line), _uri(row, "broaderUri", name, line)))
        bar.advance(sizes[key])

    name = files["relations"].name
    for line, row in _rows(files["relations"], ("occupationUri", "relationType", "skillUri")):
        relation = row["relationType"].strip()
        if relation not in ("essential", "optional"):
            raise ImportFileError(
                file=name,
                line=line,
                column="relationType",
                problem=_("%(value)r is neither essential nor optional") % {"value": relation},
            )
        skill = _uri(row, "skillUri", name, line)
        if skill not in data.concepts:
            raise ImportFileError(
                file=name, line=line, column="skillUri", problem=_("this skill is not in the skills file")
            )
        data.relations.append((skill, _uri(row, "occupationUri", name, line), relation))
    bar.advance(sizes["relations"])

    name = files["digcomp"].name
    for line, row in _rows(files["digcomp"], ("conceptUri", "preferredLabel", "broaderConceptUri")):
        uri = _uri(row, "conceptUri", name, line)
        _label(row, "preferredLabel", name, line)
        if uri not in data.concepts:
            raise ImportFileError(
                file=name, line=line, column="conceptUri", problem=_("this concept is not in the skills file")
            )
        broader = (row["broaderConceptUri"] or "").split("|")[0].strip()
        data.digcomp.append((uri, broader))
    bar.finish()
    return data


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    moved: int = 0
    associations_created: int = 0
    associations_deleted: int = 0
    dangling: int = 0

    @property
    def changes(self) -> int:
        return (
            self.created + self.updated + self.moved + self.associations_created + self.associations_deleted
        )


def _framework(
    key: str, version: str, titles: dict[str, str], descriptions: dict[str, str]
) -> tuple[Framework, bool]:
    framework, changed = services.upsert(
        Framework,
        {"key": key, "version": version},
        {
            "slug": services.framework_slug(key, version),
            "status": Framework.Status.PUBLISHED,
            "source_uri": "http://data.europa.eu/esco/concept-scheme/"
            + ("digcomp" if key == DIGCOMP_KEY else "skills"),
            **services.translated("title", titles),
            **services.translated("publisher", PUBLISHER),
            **services.translated("description", descriptions),
        },
    )
    if framework.published_at is None:
        framework.published_at = timezone.now()
        framework.save(update_fields=["published_at"])
    return framework, changed


@transaction.atomic
def esco_write(
    data: EscoData, *, progress: Callable[[str, int], ProgressBar]
) -> tuple[Framework, ImportReport]:
    report = ImportReport()
    lang = data.language
    framework, changed = _framework(ESCO_KEY, data.version, TITLES, DESCRIPTIONS)
    report.updated += changed
    text_fields = [f"title_{lang}", f"description_{lang}", f"alt_labels_{lang}"]
    label_fields = [f"{name}_{code}" for name in ("title", "alt_labels") for code in services.LANGUAGE_CODES]
    stored: dict[str, dict[str, Any]] = {
        row["uri"]: row
        for row in Competence.objects.filter(framework=framework).values(
            "id",
            "uri",
            "kind",
            "code",
            "parent_id",
            "area_id",
            "position",
            "search_text",
            *set(text_fields) | set(label_fields),
        )
    }

    # 1. Concepts: create the new ones, update the changed ones.
    bar = progress(_("Writing concepts"), len(data.concepts))
    new: list[Competence] = []
    changed_rows: list[Competence] = []
    for concept in data.concepts.values():
        values = {
            "kind": concept.kind,
            "code": concept.code,
            text_fields[0]: concept.title,
            text_fields[1]: concept.description,
            text_fields[2]: concept.alt_labels,
        }
        row = stored.get(concept.uri)
        if row is None:
            labels = {f"title_{lang}": concept.title, f"alt_labels_{lang}": concept.alt_labels}
            new.append(
                Competence(
                    framework=framework,
                    uri=concept.uri,
                    title=concept.title,
                    search_text=search_text_for(code=concept.code, labels=competence_labels(labels)),
                    **values,
                )
            )
        elif any((row[key] or "") != value for key, value in values.items()):
            merged = {**row, **values}
            instance = Competence(id=row["id"], **values)
            instance.search_text = search_text_for(code=concept.code, labels=competence_labels(merged))
            changed_rows.append(instance)
        bar.advance()
    for start in range(0, len(new), BATCH):
        Competence.objects.bulk_create(new[start : start + BATCH])
    if changed_rows:
        Competence.objects.bulk_update(
            changed_rows, ["kind", "code", *text_fields, "search_text"], batch_size=2000
        )
    bar.finish()
    report.created, report.updated = report.created + len(new), report.updated + len(changed_rows)
    ids = dict(Competence.objects.filter(framework=framework).values_list("uri", "id"))
    if new:
        stored = {
            row["uri"]: dict(row)
            for row in Competence.objects.filter(framework=framework).values(
                "id", "uri", "parent_id", "area_id", "position"
            )
        }

    # 2. The tree: the first broader concept is the parent; any other is an isChildOf association.
    parent_of: dict[int, int | None] = {}
    extra_broader: set[tuple[int, int | None, str]] = set()
    for narrower, broader in data.broader:
        child = ids.get(narrower)
        if child is None:
            report.dangling += 1
            continue
        target = ids.get(broader)
        if child not in parent_of and target is not None and target != child:
            parent_of[child] = target
        elif target != parent_of.get(child):
            extra_broader.add((child, target, "" if target else broader))
            report.dangling += target is None
    position_of = _positions(data, ids)
    area_of = _areas(ids.values(), parent_of)
    moves = []
    for row in stored.values():
        pk = row["id"]
        wanted = (parent_of.get(pk), area_of[pk], position_of.get(pk, 0))
        if (row["parent_id"], row["area_id"], row["position"]) != wanted:
            moves.append(Competence(id=pk, parent_id=wanted[0], area_id=wanted[1], position=wanted[2]))
    Competence.objects.bulk_update(moves, ["parent", "area", "position"], batch_size=2000)
    report.moved += len(moves) - len(new)

    # 3. Associations: essential/optional (skill -> occupation) and the extra broader links.
    wanted_links: set[tuple[int, int | None, str, str]] = set()
    for skill, occupation, relation in data.relations:
        target = ids.get(occupation)
        kind = Association.Kind.ESSENTIAL_FOR if relation == "essential" else Association.Kind.OPTIONAL_FOR
        wanted_links.add((ids[skill], target, "" if target else occupation, kind))
        report.dangling += target is None
    for child, target, uri in extra_broader:
        wanted_links.add((child, target, uri, Association.Kind.CHILD_OF))
    existing = {
        (source, target, uri, kind): pk
        for pk, source, target, uri, kind in Association.objects.filter(
            source__framework=framework,
            kind__in=(
                Association.Kind.ESSENTIAL_FOR,
                Association.Kind.OPTIONAL_FOR,
                Association.Kind.CHILD_OF,
            ),
        ).values_list("id", "source_id", "target_id", "target_uri", "kind")
    }
    missing = [link for link in wanted_links if link not in existing]
    stale = [pk for link, pk in existing.items() if link not in wanted_links]
    bar = progress(_("Writing relations"), len(missing) + len(stale))
    for start in range(0, len(missing), BATCH):
        chunk = missing[start : start + BATCH]
        Association.objects.bulk_create(
            Association(source_id=s, target_id=t, target_uri=u, kind=k) for s, t, u, k in chunk
        )
        bar.advance(len(chunk))
    for start in range(0, len(stale), BATCH):
        stale_ids = stale[start : start + BATCH]
        Association.objects.filter(pk__in=stale_ids).delete()
        bar.advance(len(stale_ids))
    bar.finish()
    report.associations_created += len(missing)
    report.associations_deleted += len(stale)

    _write_digcomp(data, ids, report)
    if report.changes:
        services.framework_touch(framework)
    if report.changes and connection.vendor == "postgresql":
        # Fresh statistics after a bulk load, or the planner keeps guessing from the empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE competencies_competence, competencies_association")
    return framework, report


def _positions(data: EscoData, ids: dict[str, int]) -> dict[int, int]:
    """Siblings in the order of the concept files (ISCO and skill codes sort them sensibly)."""
    ordered = sorted(data.concepts.values(), key=lambda c: (c.code or "~", c.title.casefold()))
    return {ids[concept.uri]: position for position, concept in enumerate(ordered, start=1)}


def _areas(pks: Any, parent_of: dict[int, int | None]) -> dict[int, int]:
    area: dict[int, int] = {}
    for pk in pks:
        chain = []
        node = pk
        while node not in area:
            chain.append(node)
            parent = parent_of.get(node)
            if parent is None or parent in chain or len(chain) > 20:
                area[node] = node
                break
            node = parent
        top = area[node]
        for member in chain:
            area[member] = top
    return area


def _write_digcomp(data: EscoData, ids: dict[str, int], report: ImportReport) -> None:
    if not data.digcomp:
        return
    framework, changed = _framework(DIGCOMP_KEY, data.version, DIGCOMP_TITLES, DIGCOMP_DESCRIPTIONS)
    report.updated += changed
    in_collection = {uri for uri, _broader in data.digcomp}
    nodes: dict[str, Competence] = {}
    lang = data.language
    ordered = sorted(
        data.digcomp, key=lambda pair: pair[1] in in_collection
    )  # areas before their competences
    for position, (uri, broader) in enumerate(ordered, start=1):
        concept = data.concepts[uri]
        parent = nodes.get(broader) if broader in in_collection else None
        node, changed = services.upsert(
            Competence,
            {"framework": framework, "uri": uri},
            {
                "kind": Competence.Kind.COMPETENCE if parent else Competence.Kind.AREA,
                "parent": parent,
                "position": position,
                f"title_{lang}": concept.title,
                f"description_{lang}": concept.description,
                f"alt_labels_{lang}": concept.alt_labels,
            },
        )
        report.created += changed
        report.moved += services.competence_place(node, parent)
        before = node.search_text
        services.competence_refresh_search_text(node)
        if node.search_text != before:
            node.save(update_fields=["search_text"])
        nodes[uri] = node
        _link, changed = services.upsert(
            Association, {"source": node, "target_id": ids[uri], "kind": Association.Kind.EXACT_MATCH}, {}
        )
        report.associations_created += changed
    if report.changes:
        services.framework_touch(framework)
