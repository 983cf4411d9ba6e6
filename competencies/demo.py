"""Demo content: the e-CF and EQF scales, e-CF 4.0, and the Smart City Competence Framework with
its five reference job roles, in six languages (``load_demo``)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q
from django.utils import timezone

from competencies import services
from competencies.content import Content, load_content
from competencies.importers import ecf
from competencies.models import (
    Association,
    Competence,
    Framework,
    JobRole,
    LevelDescriptor,
    RoleOccupation,
    RoleRequirement,
)


def load(*, password: str, log: Callable[[str], None]) -> None:
    content = load_content()
    load_scales(content)
    ecf.ecf_import(ecf.read_yaml(ecf.DEFAULT_FILE), log=log)
    framework, changes = load_smart_city(content)
    log(
        f"  {framework}: {len(content.competences())} competences, {len(content.roles)} roles, {changes} changed"
    )


def load_scales(content: Content) -> None:
    services.scale_upsert(
        slug="ecf",
        title=content.scales["ecf"]["title"],
        levels=content.scales["ecf"]["levels"],
        code_format="e-{rank}",
    )
    services.scale_upsert(
        slug="eqf",
        title=content.scales["eqf"]["title"],
        levels=content.scales["eqf"]["levels"],
        code_format="EQF {rank}",
    )


def load_smart_city(content: Content) -> tuple[Framework, int]:
    from competencies.models import ProficiencyScale

    ecf_scale = ProficiencyScale.objects.get(slug="ecf")
    eqf_scale = ProficiencyScale.objects.get(slug="eqf")
    levels = services.level_by_rank(ecf_scale)
    eqf_levels = services.level_by_rank(eqf_scale)
    data = content.framework
    key, version = data["slug"], str(data["version"])
    changes = 0

    framework, changed = services.upsert(
        Framework,
        {"key": key, "version": version},
        {
            "slug": services.framework_slug(key, version),
            "scale": ecf_scale,
            **services.translated("title", data["title"]),
            **services.translated("description", data["description"]),
            **services.translated("publisher", data["publisher"]),
        },
    )
    changes += changed
    ecf_nodes = {
        c.code: c
        for c in Competence.objects.filter(framework__key=ecf.ECF_KEY, framework__version=ecf.ECF_VERSION)
    }

    def node(
        code: str, parent: Competence | None, kind: str, item: dict, position: int, span=None
    ) -> Competence:
        nonlocal changes
        values = {
            "parent": parent,
            "kind": kind,
            "position": position,
            "min_level": levels[span[0]] if span else None,
            "max_level": levels[span[1]] if span else None,
            **services.translated("title", item["title"]),
        }
        if "description" in item:
            values.update(services.translated("description", item["description"]))
        competence, changed = services.upsert(Competence, {"framework": framework, "code": code}, values)
        before = competence.search_text
        services.competence_refresh_search_text(competence)
        if competence.search_text != before:
            competence.save(update_fields=["search_text"])
            changed = True
        changed = services.competence_place(competence, parent) or changed
        changes += changed
        return competence

    for area_position, area in enumerate(content.areas, start=1):
        area_node = node(area["code"], None, Competence.Kind.AREA, area, area_position)
        for position, item in enumerate(area["competences"], start=1):
            competence = node(
                item["code"], area_node, Competence.Kind.COMPETENCE, item, position, item["levels"]
            )
            for rank, text in item["descriptors"].items():
                _d, changed = services.upsert(
                    LevelDescriptor,
                    {"competence": competence, "level": levels[rank]},
                    services.translated("description", text),
                )
                changes += changed
            sub_position = 0
            for kind, key_ in ((Competence.Kind.KNOWLEDGE, "knowledge"), (Competence.Kind.SKILL, "skills")):
                for sub in item[key_]:
                    sub_position += 1
                    node(sub["code"], competence, kind, sub, sub_position)
            for code in item.get("ecf") or []:
                target = ecf_nodes[code]
                _a, changed = services.upsert(
                    Association,
                    {"source": competence, "target": target, "kind": Association.Kind.RELATED},
                    {},
                )
                changes += changed
            for uri in item.get("esco") or []:
                esco_node = (
                    Competence.objects.filter(uri=uri, framework__key="esco")
                    .order_by("-framework_id")
                    .first()
                )
                lookup = {"source": competence, "kind": Association.Kind.RELATED}
                if esco_node is not None:
                    _a, changed = services.upsert(
                        Association, {**lookup, "target": esco_node}, {"target_uri": uri}
                    )
                else:
                    _a, changed = services.upsert(
                        Association, {**lookup, "target": None, "target_uri": uri}, {}
                    )
                changes += changed

    smart_city_nodes = {c.code: c for c in framework.competences.all()}
    for position, role_data in enumerate(content.roles, start=1):
        role, changed = services.upsert(
            JobRole,
            {"framework": framework, "slug": role_data["slug"]},
            {
                "eqf_level": eqf_levels[role_data["eqf"]],
                "isco_code": str(role_data["isco"]),
                "position": position,
                **services.translated("title", role_data["title"]),
                **services.translated("description", role_data["description"]),
            },
        )
        changes += changed
        for occ_position, occupation in enumerate(role_data["occupations"], start=1):
            _o, changed = services.upsert(
                RoleOccupation,
                {"role": role, "uri": occupation["uri"]},
                {"position": occ_position, **services.translated("title", occupation["title"])},
            )
            changes += changed
        wanted = set()
        for requirement in role_data["requirements"]:
            competence = smart_city_nodes[requirement["competence"]]
            wanted.add(competence.pk)
            _r, changed = services.upsert(
                RoleRequirement,
                {"role": role, "competence": competence},
                {"level": levels[requirement["level"]], "importance": requirement["importance"]},
            )
            changes += changed
        for mapping in role_data.get("ecf") or []:
            competence = ecf_nodes[mapping["code"]]
            wanted.add(competence.pk)
            _r, changed = services.upsert(
                RoleRequirement,
                {"role": role, "competence": competence},
                {"level": levels[mapping["level"]], "importance": RoleRequirement.Importance.ESSENTIAL},
            )
            changes += changed
        stale = RoleRequirement.objects.filter(role=role).filter(~Q(competence_id__in=wanted))
        changes += stale.delete()[0]

    if changes:
        services.framework_touch(framework)
    if framework.status == Framework.Status.DRAFT:
        framework.status = Framework.Status.PUBLISHED
        framework.published_at = timezone.now()
        framework.save(update_fields=["status", "published_at"])
        changes += 1
    return framework, changes
