"""HR's organisation views: only their own organisation, only staff who consent, withdrawal at
once, CSV equal to the page, constant queries whatever the staff size."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from competencies.models import RoleRequirement
from passport import cache as passport_cache
from passport import services
from passport.models import Department, SelfAssessment, StaffMember
from tests.competencies.factories import JobRoleFactory, RequirementFactory
from tests.conftest import missing_service
from tests.passport.conftest import level, sit

pytestmark = pytest.mark.django_db


def hr_urls(world, person):
    city = world.city.pk
    return [
        reverse("passport:needs", args=[city]),
        reverse("passport:needs_csv", args=[city]),
        reverse("passport:staff", args=[city]),
        reverse("passport:staff_gaps", args=[city, person.pk]),
        f"/api/v1/organisations/{city}/needs/",
    ]


def test_hr_of_the_organisation_sees_its_views(client, world):
    person = world.staff("Иван Петров")
    client.force_login(world.hr)
    for url in hr_urls(world, person):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("passport:organisation")).url == reverse("passport:needs", args=[world.city.pk])


def test_hr_of_another_organisation_gets_404_everywhere(client, world):
    person = world.staff("Иван Петров")
    client.force_login(world.other_hr)
    for url in hr_urls(world, person):
        assert client.get(url).status_code == 404, url
    patch = client.patch(
        f"/api/v1/organisations/{world.city.pk}/staff/{person.pk}/",
        {"target_role": None},
        content_type="application/json",
    )
    assert patch.status_code == 404
    assert client.get(f"/api/v1/gaps/?role={world.role.slug}&user={person.pk}").status_code == 404
    assert client.post(reverse("passport:staff_update", args=[world.city.pk, person.pk])).status_code == 404


def test_other_users_get_403_and_visitors_sign_in(client, world):
    person = world.staff("Иван Петров")
    for url in hr_urls(world, person):
        anonymous = client.get(url)
        assert anonymous.status_code in (302, 401), url
    client.force_login(person)  # a learner of the same organisation
    for url in hr_urls(world, person):
        assert client.get(url).status_code == 403, url


def test_staff_who_do_not_consent_are_absent(client, world):
    world.staff("Иван Петров")
    world.staff("Пламен Славов", consent=False)
    client.force_login(world.hr)
    body = client.get(reverse("passport:needs", args=[world.city.pk])).content.decode()
    assert "Иван Петров" in body and "Пламен Славов" not in body


def test_withdrawn_consent_vanishes_at_once(client, world):
    person = world.staff("Иван Петров")
    sit(world.exam, person, right={"SC-A.1"})
    client.force_login(world.hr)
    api = f"/api/v1/organisations/{world.city.pk}/needs/"
    assert client.get(api).json()["people"]["count"] == 1

    client.force_login(person)
    assert client.post(reverse("passport:consent"), {"consent": "0"}).status_code == 302

    client.force_login(world.hr)
    assert client.get(api).json()["people"]["count"] == 0
    assert "Иван Петров" not in client.get(reverse("passport:needs", args=[world.city.pk])).content.decode()
    assert (
        "Иван Петров" not in client.get(reverse("passport:needs_csv", args=[world.city.pk])).content.decode()
    )
    assert "Иван Петров" not in client.get(reverse("passport:staff", args=[world.city.pk])).content.decode()
    assert client.get(reverse("passport:staff_gaps", args=[world.city.pk, person.pk])).status_code == 404
    assert client.get(f"/api/v1/gaps/?role={world.role.slug}&user={person.pk}").status_code == 404


def test_a_member_who_moves_to_another_organisation_leaves_hr_views(client, world):
    person = world.staff("Иван Петров")
    person.organisation = world.other_city
    person.save()
    client.force_login(world.hr)
    assert client.get(f"/api/v1/organisations/{world.city.pk}/needs/").json()["people"]["count"] == 0
    client.force_login(world.other_hr)
    assert client.get(f"/api/v1/organisations/{world.other_city.pk}/needs/").json()["people"]["count"] == 0


def test_needs_aggregate_readiness_gaps_and_training(client, world):
    ready = world.staff("Ready Person")
    sit(world.exam, ready, right={"SC-A.1", "SC-A.2", "SC-B.1"})
    half = world.staff("Half Way")
    sit(world.exam, half, right={"SC-A.1"})
    world.staff("No Target", target=False)
    client.force_login(world.hr)
    data = client.get(f"/api/v1/organisations/{world.city.pk}/needs/").json()
    readiness = next(r for r in data["readiness"] if r["role"]["slug"] == world.role.slug)
    assert (readiness["targeted"], readiness["ready_targeted"], readiness["ready_all"]) == (2, 1, 1)
    gaps = {g["competence"]["code"]: g for g in data["frequent_gaps"]}
    assert (
        gaps["SC-B.1"]["people"] == 1 and gaps["SC-B.2"]["people"] == 2 and gaps["SC-B.2"]["essential"] == 0
    )
    assert data["training"] == [
        {
            "unit": {
                "id": world.unit.pk,
                "code": "SO-M1-U1",
                "title": "Sensor networks",
                "course": {"slug": "smart-ops", "title": "Smart operations"},
            },
            "gaps": 1,
            "people": 1,
        }
    ]
    rows = {p["name"]: p for p in data["people"]["results"]}
    assert rows["Ready Person"]["ready"] is True and rows["Half Way"]["ready"] is False
    assert rows["No Target"]["ready"] is None and rows["No Target"]["cells"] == []
    assert "answer" not in str(data).lower()


def test_filters_by_department_and_role_and_refuse_unknown_values(client, world):
    world.staff("In Digital")
    other_department = Department.objects.create(
        organisation=world.city, slug="mobility", name_en="Urban Mobility"
    )
    elsewhere = world.staff("In Mobility")
    member = StaffMember.objects.get(user=elsewhere)
    services.staff_update(actor=world.hr, member=member, department=other_department, target_role=None)
    client.force_login(world.hr)
    api = f"/api/v1/organisations/{world.city.pk}/needs/"
    names = lambda query: [p["name"] for p in client.get(api + query).json()["people"]["results"]]  # noqa: E731
    assert names("?department=digital") == ["In Digital"]
    assert names(f"?role={world.role.slug}") == ["In Digital"]
    assert names("?department=mobility") == ["In Mobility"]
    bad = client.get(api + "?department=nowhere")
    assert bad.status_code == 400 and "nowhere" in bad.json()["non_field_errors"][0]
    page = client.get(
        reverse("passport:needs", args=[world.city.pk]) + "?role=nothing", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert page.status_code == 400


def test_csv_rows_equal_the_page(client, world):
    for name, right in (("Ana", {"SC-A.1"}), ("Boris", {"SC-A.1", "SC-B.1"}), ("Zoe", set())):
        person = world.staff(name)
        if right:
            sit(world.exam, person, right=right)
    SelfAssessment.objects.create(
        user=User.objects.get(full_name="Zoe"), competence=world.competences[0], level=level(4)
    )
    client.force_login(world.hr)
    page = client.get(f"/es/organisations/{world.city.pk}/needs/?role={world.role.slug}").content.decode()
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    f"/es/organisations/{world.city.pk}/needs.csv?role={world.role.slug}"
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert rows[0][:4] == ["Nombre", "Departamento", "Perfil objetivo", "Preparado"]
    assert [r[0] for r in rows[1:]] == ["Ana", "Boris", "Zoe"]
    for row in rows[1:]:
        assert f">{row[0]}</a></th>" in page
        for cell in row[7:]:
            assert f'title="{cell}"' in page
    codes = [c.code for c in world.competences]
    assert [header.split()[0] for header in rows[0][7:]] == codes
    assert rows[1][7:] == ["Cumplido: e-3 de e-3", "Ausente", "Ausente", "Ausente"]
    assert rows[2][7:] == ["Cumplido: e-3 de e-3", "Ausente", "Cumplido: e-3 de e-3", "Ausente"]
    assert rows[3][7:] == ["Cumplido en parte: e-4 de e-3", "Ausente", "Ausente", "Ausente"]
    assert [r[3:7] for r in rows[1:]] == [["No", "1", "0", "3"], ["No", "2", "0", "2"], ["No", "0", "1", "3"]]


def test_hr_sets_department_and_target_role(client, world):
    person = world.staff("Иван Петров", target=False)
    client.force_login(world.hr)
    url = reverse("passport:staff_update", args=[world.city.pk, person.pk])
    prefix = f"m{person.pk}"
    response = client.post(
        url, {f"{prefix}-department": world.department.pk, f"{prefix}-target_role": world.role.pk}
    )
    assert response.status_code == 302
    assert StaffMember.objects.get(user=person).target_role == world.role
    foreign = Department.objects.create(organisation=world.other_city, slug="x", name_en="Elsewhere")
    client.post(url, {f"{prefix}-department": foreign.pk, f"{prefix}-target_role": ""})
    assert StaffMember.objects.get(user=person).department == world.department  # refused, unchanged
    api = f"/api/v1/organisations/{world.city.pk}/staff/{person.pk}/"
    bad = client.patch(api, {"target_role": "no-such-role"}, content_type="application/json")
    assert bad.status_code == 400 and "no-such-role" in bad.json()["target_role"][0]
    ok = client.patch(api, {"target_role": None}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["target_role"] is None


def _bulk_staff(world, roles, count, start):
    """``count`` consenting staff with self-assessments and exam scores, spread over ``roles``."""
    group = Group.objects.get_or_create(name=Role.LEARNER)[0]
    users = User.objects.bulk_create(
        User(
            email=f"staff{start + i}@example.org", full_name=f"Staff {start + i:04d}", organisation=world.city
        )
        for i in range(count)
    )
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=u.pk, group_id=group.pk) for u in users
    )
    now = timezone.now()
    StaffMember.objects.bulk_create(
        StaffMember(
            user=u,
            organisation=world.city,
            department=world.department,
            target_role=roles[i % len(roles)],
            consent_given_at=now,
        )
        for i, u in enumerate(users)
    )
    requirements = list(RoleRequirement.objects.filter(role__in=roles))
    SelfAssessment.objects.bulk_create(
        SelfAssessment(user=u, competence_id=r.competence_id, level=level(1 + (i + j) % 5))
        for i, u in enumerate(users)
        for j, r in enumerate(requirements)
        if r.role_id == roles[i % len(roles)].pk
    )


def test_needs_cost_the_same_queries_for_20_or_1000_staff_over_5_roles(client, world):
    roles = [world.role]
    for _ in range(4):
        role = JobRoleFactory(framework=world.role.framework)
        for competence in world.competences[:3]:
            RequirementFactory(role=role, competence=competence, level=level(2))
        roles.append(role)
    for person in (world.staff("Exam Taker"),):
        sit(world.exam, person, right={"SC-A.1"})
    _bulk_staff(world, roles, 19, 0)
    client.force_login(world.hr)
    urls = [f"/api/v1/organisations/{world.city.pk}/needs/", f"/en/organisations/{world.city.pk}/needs/"]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            result.append(len(captured))
        return result

    cache.clear()  # computed, not served from the cache
    small = counts()
    _bulk_staff(world, roles, 980, 19)  # bulk writes send no signals: clear by hand
    cache.clear()
    assert client.get(urls[0]).json()["people"]["count"] == 1000
    cache.clear()
    assert counts() == small


def test_needs_come_from_the_shared_cache_until_the_evidence_changes(client, world):
    if not passport_cache.shared():
        missing_service("Redis: the organisation view is cached only in a cache every process shares")
    person = world.staff("Иван Петров")
    client.force_login(world.hr)
    api = f"/api/v1/organisations/{world.city.pk}/needs/"
    first = client.get(api).json()
    with CaptureQueriesContext(connection) as warm:
        assert client.get(api).json() == first
    assert not any("passport_selfassessment" in q["sql"] for q in warm.captured_queries)
    # A new exam result is seen at once.
    sit(world.exam, person, right={"SC-A.1"})
    (row,) = client.get(api).json()["people"]["results"]
    assert row["counts"] == {"met": 1, "partly": 0, "missing": 3}
    # So is a self-assessment, and a withdrawal.
    services.self_assessment_save(
        user=person, ratings=[services.Rating(world.competences[1].pk, level(1).pk)]
    )
    (row,) = client.get(api).json()["people"]["results"]
    assert row["counts"] == {"met": 1, "partly": 1, "missing": 2}
    services.consent_set(user=person, consent=False)
    assert client.get(api).json()["people"]["count"] == 0


def test_an_unreachable_cache_refuses_no_save_and_the_view_is_computed(client, world, settings):
    """Redis down: evidence is still saved (a certificate, an exam, a self-assessment) and HR's view
    is computed instead of read from the cache."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    assert passport_cache.shared()
    person = world.staff("Иван Петров")
    sit(world.exam, person, right={"SC-A.1"})
    services.self_assessment_save(
        user=person, ratings=[services.Rating(world.competences[1].pk, level(1).pk)]
    )
    client.force_login(world.hr)
    response = client.get(f"/api/v1/organisations/{world.city.pk}/needs/")
    assert response.status_code == 200
    (row,) = response.json()["people"]["results"]
    assert row["counts"] == {"met": 1, "partly": 1, "missing": 2}
