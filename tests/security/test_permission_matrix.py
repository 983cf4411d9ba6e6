"""The permission matrix: every URL pattern of the project, for every role, against ONE table.

README's "Who may use what" says who may use each page and endpoint; :data:`TABLE` restates it
per operation (HTTP method and URL pattern): which roles get through, and what every other role
gets instead (pages: anonymous visitors are sent to sign in, signed-in users get 403, or 404 where
the object's existence is not disclosed; API: 401 anonymous, 403/404 signed in).

- ``test_the_table_covers_every_endpoint`` walks ``get_resolver()`` (pages under the language
  prefix, ``/api/v1/…``, the schema and docs, ``/healthz/``, ``/.well-known/did.json``,
  ``i18n/setlang/`` and the Django admin) and fails naming any endpoint the table lacks, and any
  table entry that names no endpoint. API operations are every method the view allows; the
  drf-spectacular schema must list the same operations.
- ``test_permission_matrix`` requests each operation once per role, with real objects (built once
  for the module, inside a transaction rolled back at the end). Each request runs in a savepoint
  rolled back after it, so no cell changes what a later cell sees.
- The Django admin is one group checked by a rule: every admin pattern sends non-staff to the
  admin's sign-in page and never answers a superuser 403 or 500 except where the ModelAdmin
  itself refuses the action to everybody.

Run with ``-s`` to see the number of cells checked.
"""

from __future__ import annotations

import datetime
import io
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.static import serve as static_serve

from accounts.models import Organisation, User
from accounts.roles import Role
from certification import services as certification_services
from certification.models import Certificate, CertificateBatch, SchemeExam
from competencies.models import Framework
from curriculum import attempts
from curriculum import services as curriculum_services
from curriculum.models import Course, GuidePage, LearningOutcome, Module, Unit
from passport import services as passport_services
from passport.models import Department
from tests.accounts import factories as account_factories
from tests.certification import factories as certification_factories
from tests.competencies import factories as competence_factories
from tests.curriculum import factories as curriculum_factories
from tests.trainers import factories as trainer_factories
from trainers.models import Accreditation, QualityCriterion

# factory_boy factories return model instances, which type checkers cannot tell.
PASSWORD = account_factories.PASSWORD
OrganisationFactory: Any = account_factories.OrganisationFactory
UserFactory: Any = account_factories.UserFactory
SchemeFactory: Any = certification_factories.SchemeFactory
scheme_with_exam: Any = certification_factories.scheme_with_exam
CompetenceFactory: Any = competence_factories.CompetenceFactory
FrameworkFactory: Any = competence_factories.FrameworkFactory
JobRoleFactory: Any = competence_factories.JobRoleFactory
QuestionFactory: Any = curriculum_factories.QuestionFactory
exam_with_bank: Any = curriculum_factories.exam_with_bank
AccreditationFactory: Any = trainer_factories.AccreditationFactory
CriterionFactory: Any = trainer_factories.CriterionFactory
TrainerFactory: Any = trainer_factories.TrainerFactory
TrainingOrganisationFactory: Any = trainer_factories.TrainingOrganisationFactory

# Marked so that pytest-django sets up the test database; each test then runs in a savepoint of
# the module's own transaction (see ``world``).
pytestmark = pytest.mark.django_db

ANON = "anonymous"
LEARNER, TRAINER, HR, CERTIFIER, EDITOR, ADMIN = (
    "learner",
    "trainer",
    "hr_staff",
    "certifier",
    "framework_editor",
    "admin",
)
ROLES = (ANON, LEARNER, TRAINER, HR, CERTIFIER, EDITOR, ADMIN)
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANON}
LOGIN_PATH = "/en/accounts/login/"
ADMIN_LOGIN_PATH = "/en/admin/login/"
PDF = b"%PDF-1.4\n%%EOF\n"


def roles(*names: str) -> frozenset[str]:
    return frozenset(names)


# --- The table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """Who may use one operation, on the object named by ``url``.

    ``url`` holds ``{placeholders}`` filled from the module's objects (:attr:`World.ids`).
    Roles in ``allow`` must get a status in ``ok`` (a 302 then must not lead to a sign-in page);
    other signed-in roles one in ``deny``; anonymous visitors, when not allowed, ``anon`` (None:
    302 to the sign-in page for pages, 401 for the API). ``per_role`` fixes the statuses of single
    roles (e.g. the superuser passes a role check but the object is somebody else's).
    """

    url: str
    allow: frozenset[str]
    ok: frozenset[int] = frozenset({200})
    deny: frozenset[int] = frozenset({403})
    anon: int | None = None
    per_role: Mapping[str, frozenset[int]] = field(default_factory=dict)
    data: Any = None
    multipart: bool = False
    variant: str = ""
    why: str = ""


def rule(
    url: str,
    allow: frozenset[str],
    ok: int | tuple[int, ...] = 200,
    deny: int | tuple[int, ...] = 403,
    anon: int | None = None,
    per_role: Mapping[str, int | tuple[int, ...]] | None = None,
    **kwargs: Any,
) -> Rule:
    def statuses(value: int | tuple[int, ...]) -> frozenset[int]:
        return frozenset((value,) if isinstance(value, int) else value)

    return Rule(
        url=url,
        allow=allow,
        ok=statuses(ok),
        deny=statuses(deny),
        anon=anon,
        per_role={role: statuses(value) for role, value in (per_role or {}).items()},
        **kwargs,
    )


LEARNERS = roles(LEARNER, ADMIN)  # superusers hold every role (User.has_role)
TRAINERS = roles(TRAINER, ADMIN)
CERTIFIERS = roles(CERTIFIER, ADMIN)
EDITORS = roles(EDITOR, ADMIN)
HR_AND_ADMINS = roles(HR, ADMIN)
CERTIFICATE_READERS = roles(LEARNER, CERTIFIER, ADMIN)  # the holder is the learner
NOT_DISCLOSED = 404
SUPERUSER_NOT_OWNER = {ADMIN: NOT_DISCLOSED}


def _data_material_version(world: World) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("second.pdf", PDF, content_type="application/pdf")}


def _data_decision(world: World) -> dict[str, Any]:
    codes = QualityCriterion.objects.filter(
        applies_to=QualityCriterion.AppliesTo.TRAINER, is_published=True
    ).values_list("code", flat=True)
    return {
        "decisions": [{"criterion": code, "decision": "met"} for code in codes],
        "outcome": "accredit",
        "valid_until": str(timezone.localdate() + datetime.timedelta(days=365)),
    }


def _data_apply(world: World) -> dict[str, Any]:
    return {
        "role": world.ids["free_role_id"],
        "evidence": [
            {"criterion": code, "text": "Ten years of projects."}
            for code in QualityCriterion.objects.filter(
                applies_to=QualityCriterion.AppliesTo.TRAINER, is_published=True
            ).values_list("code", flat=True)
        ],
    }


#: ``"METHOD page-name"`` for pages (namespaced URL names) and ``"METHOD /api/path/{param}/"``
#: for the API; a tuple holds variants of one operation on different objects.
TABLE: dict[str, Rule | tuple[Rule, ...]] = {
    # --- Outside the language prefix ---
    "GET healthz": rule("/healthz/", EVERYONE),
    "GET did_document": rule("/.well-known/did.json", EVERYONE),
    "POST set_language": rule("/i18n/setlang/", EVERYONE, ok=302, data={"language": "de", "next": "/en/"}),
    "GET /api/schema/": rule("/api/schema/", EVERYONE),
    "GET /api/docs/": rule("/api/docs/", EVERYONE),
    # --- Accounts ---
    "GET home": rule("/en/", EVERYONE),
    "GET accounts:login": rule(
        "/en/accounts/login/", EVERYONE, per_role=dict.fromkeys(SIGNED_IN, 302), why="signed in: sent on"
    ),
    "POST accounts:login": rule(
        "/en/accounts/login/",
        EVERYONE,
        per_role=dict.fromkeys(SIGNED_IN, 302),
        data={},
    ),
    # Signing out is for signed-in users; an anonymous visitor's sign-out is an empty redirect.
    "POST accounts:logout": rule("/en/accounts/logout/", EVERYONE, ok=302),
    "GET accounts:profile": rule("/en/accounts/profile/", SIGNED_IN),
    "POST accounts:profile": rule(
        "/en/accounts/profile/",
        SIGNED_IN,
        ok=302,
        data={"full_name": "A. Person", "preferred_language": "en"},
    ),
    "GET accounts:password_change": rule("/en/accounts/password/change/", SIGNED_IN),
    "POST accounts:password_change": rule("/en/accounts/password/change/", SIGNED_IN, data={}),
    "GET accounts:password_change_done": rule("/en/accounts/password/change/done/", SIGNED_IN),
    "GET accounts:password_reset": rule("/en/accounts/password/reset/", EVERYONE),
    "POST accounts:password_reset": rule(
        "/en/accounts/password/reset/", EVERYONE, ok=302, data={"email": "nobody@example.org"}
    ),
    "GET accounts:password_reset_done": rule("/en/accounts/password/reset/done/", EVERYONE),
    "GET accounts:password_reset_confirm": rule(
        "/en/accounts/password/reset/{reset_uid}/{reset_token}/", EVERYONE, ok=302
    ),
    "POST accounts:password_reset_confirm": rule(
        "/en/accounts/password/reset/{reset_uid}/{reset_token}/", EVERYONE, ok=302, data={}
    ),
    "GET accounts:password_reset_complete": rule("/en/accounts/password/reset/complete/", EVERYONE),
    # --- Frameworks, competences, roles ---
    "GET competencies:framework_list": rule("/en/frameworks/", EVERYONE),
    "GET competencies:framework_detail": (
        rule("/en/frameworks/{framework}/", EVERYONE),
        rule(
            "/en/frameworks/{draft}/",
            EDITORS,
            deny=NOT_DISCLOSED,
            anon=NOT_DISCLOSED,
            variant="draft",
        ),
    ),
    "GET competencies:competence_children": rule(
        "/en/frameworks/{framework}/nodes/{area_id}/children/", EVERYONE
    ),
    "GET competencies:competence_detail": (
        rule("/en/competences/{competence_id}/", EVERYONE),
        rule(
            "/en/competences/{draft_competence_id}/",
            EDITORS,
            deny=NOT_DISCLOSED,
            anon=NOT_DISCLOSED,
            variant="draft",
        ),
    ),
    "GET competencies:role_list": rule("/en/roles/", EVERYONE),
    "GET competencies:role_compare": rule("/en/roles/compare/?roles={role}&roles={other_role}", EVERYONE),
    "GET competencies:role_detail": rule("/en/roles/{role}/", EVERYONE),
    "GET competencies:role_profile": rule("/en/roles/{role}/profile/", EVERYONE),
    "GET competencies:role_profile_pdf": rule("/en/roles/{role}/profile.pdf", EVERYONE),
    # --- Courses, the guide, learning materials ---
    "GET curriculum:course_list": rule("/en/courses/", EVERYONE),
    "GET curriculum:course_detail": rule("/en/courses/{course}/", EVERYONE),
    "GET curriculum:guide_index": rule("/en/guide/", EVERYONE),
    "GET curriculum:guide_page": rule("/en/guide/{guide}/", EVERYONE),
    "GET curriculum:my_materials": rule("/en/trainer/materials/", TRAINERS),
    "POST curriculum:my_materials": rule(
        "/en/trainer/materials/",
        TRAINERS,
        ok=302,
        data=lambda world: {
            "unit": world.ids["unit_id"],
            "title": "Slides",
            "language": "en",
            "url": "https://example.org/slides",
        },
    ),
    "GET curriculum:my_material": rule(
        "/en/trainer/materials/{draft_material_id}/", roles(TRAINER), per_role=SUPERUSER_NOT_OWNER
    ),
    "POST curriculum:my_material": rule(
        "/en/trainer/materials/{draft_material_id}/",
        roles(TRAINER),
        ok=302,
        per_role=SUPERUSER_NOT_OWNER,
        data={"action": "submit"},
    ),
    "GET curriculum:review_queue": rule("/en/review/materials/", EDITORS),
    "POST curriculum:review_queue": rule(
        "/en/review/materials/",
        EDITORS,
        ok=302,
        data=lambda world: {"material": world.ids["submitted_material_id"], "action": "approve"},
    ),
    "GET curriculum:material_download": rule("/en/materials/{approved_material_id}/download/", SIGNED_IN),
    # --- Question bank, results, tests and attempts ---
    "GET curriculum:question_bank": rule("/en/trainer/questions/", TRAINERS),
    "POST curriculum:question_bank": rule("/en/trainer/questions/", TRAINERS, ok=400, data={}),
    "GET curriculum:question_create": rule("/en/trainer/questions/new/", TRAINERS),
    "POST curriculum:question_create": rule("/en/trainer/questions/new/", TRAINERS, ok=400, data={}),
    "GET curriculum:question_detail": rule("/en/trainer/questions/{question_id}/", TRAINERS),
    "POST curriculum:question_detail": rule(
        "/en/trainer/questions/{question_id}/", TRAINERS, ok=302, data={"action": "retire"}
    ),
    "GET curriculum:results": rule("/en/results/", roles(TRAINER, CERTIFIER, ADMIN)),
    "GET curriculum:result_detail": rule("/en/results/{exam}/", roles(TRAINER, CERTIFIER, ADMIN)),
    "GET curriculum:test_list": rule("/en/tests/", SIGNED_IN),
    "GET curriculum:test_detail": rule("/en/tests/{exam}/", SIGNED_IN),
    "POST curriculum:test_start": rule("/en/tests/{practice}/start/", LEARNERS, ok=302, data={}),
    # An attempt is only ever shown to its learner: anybody else's is 404, a superuser's too.
    "GET curriculum:attempt": rule("/en/attempts/{attempt_id}/", roles(LEARNER), deny=NOT_DISCLOSED),
    "POST curriculum:attempt": rule(
        "/en/attempts/{attempt_id}/", roles(LEARNER), ok=302, deny=NOT_DISCLOSED, data={"action": "save"}
    ),
    # --- Trainers and accreditation ---
    "GET trainers:registry": rule("/en/trainers/", EVERYONE),
    "GET trainers:quality_criteria": rule("/en/trainers/quality-criteria/", EVERYONE),
    "GET trainers:my_accreditation": rule("/en/trainer/accreditation/", TRAINERS),
    "POST trainers:my_accreditation": rule(
        "/en/trainer/accreditation/",
        TRAINERS,
        ok=302,
        data={"action": "profile", "country": "BG", "languages": ["en"], "join_organisation": "on"},
    ),
    "GET trainers:accreditation_queue": rule("/en/certifier/accreditations/", CERTIFIERS),
    "GET trainers:accreditation_decide": rule("/en/certifier/accreditations/{applied_id}/", CERTIFIERS),
    "POST trainers:accreditation_decide": rule(
        "/en/certifier/accreditations/{accredited_id}/",
        CERTIFIERS,
        ok=302,
        data={"action": "suspend", "note": "Complaint under review."},
    ),
    # --- Certification ---
    "GET certification:schemes": rule("/en/certification/", EVERYONE),
    "GET certification:registry": rule("/en/certification/certified/", EVERYONE),
    "GET certification:scheme": rule("/en/certification/{scheme}/", EVERYONE),
    "GET certification:verify_form": rule("/en/verify/", EVERYONE),
    "POST certification:verify_form": rule(
        "/en/verify/", EVERYONE, ok=302, data=lambda world: {"code": world.ids["code"]}
    ),
    "GET certification:verify": rule("/en/verify/{code}/", EVERYONE),
    "GET certification:dashboard": rule("/en/certification/my/", LEARNERS),
    "GET certification:pdf": rule(
        "/en/certification/my/certificates/{certificate_id}/pdf/", CERTIFICATE_READERS, deny=NOT_DISCLOSED
    ),
    "GET certification:credential": rule(
        "/en/certification/my/certificates/{certificate_id}/credential/",
        CERTIFICATE_READERS,
        deny=NOT_DISCLOSED,
    ),
    "POST certification:listing": rule(
        "/en/certification/my/certificates/{certificate_id}/listing/",
        roles(LEARNER),
        ok=302,
        deny=NOT_DISCLOSED,
        data={"listed": "1"},
    ),
    "GET certification:case": rule("/en/certification/validation/{case_id}/", CERTIFICATE_READERS),
    "POST certification:case": rule(
        "/en/certification/validation/{case_id}/",
        roles(LEARNER),
        ok=302,
        per_role={CERTIFIER: NOT_DISCLOSED, ADMIN: NOT_DISCLOSED},
        data={"action": "submit"},
        why="certifiers read a case; only its learner documents it",
    ),
    "GET certification:evidence": rule(
        "/en/certification/validation/evidence/{evidence_id}/", CERTIFICATE_READERS, deny=NOT_DISCLOSED
    ),
    "GET certification:case_open": rule("/en/certification/{scheme}/validation/", LEARNERS),
    "POST certification:case_open": rule("/en/certification/{scheme}/validation/", LEARNERS, ok=400, data={}),
    "GET certification:queue": rule("/en/certifier/candidates/?scheme={scheme}", CERTIFIERS),
    "POST certification:queue": rule(
        "/en/certifier/candidates/", CERTIFIERS, ok=400, data=lambda world: {"scheme": world.ids["scheme"]}
    ),
    "GET certification:batch": rule("/en/certifier/batches/{batch_id}/", CERTIFIERS),
    "GET certification:certificates": rule("/en/certifier/certificates/", CERTIFIERS),
    "GET certification:certificate": rule("/en/certifier/certificates/{certificate_id}/", CERTIFIERS),
    "POST certification:certificate": rule(
        "/en/certifier/certificates/{certificate_id}/", CERTIFIERS, ok=(302, 400), data={"action": "retry"}
    ),
    "GET certification:case_queue": rule("/en/certifier/validation/", CERTIFIERS),
    "GET certification:case_assess": rule("/en/certifier/validation/{case_id}/", CERTIFIERS),
    "POST certification:case_assess": rule(
        "/en/certifier/validation/{case_id}/", CERTIFIERS, ok=400, data={}
    ),
    # --- Skills passport ---
    "GET passport:mine": rule("/en/passport/", SIGNED_IN),
    "POST passport:share": rule("/en/passport/share/", SIGNED_IN, ok=302, data={"shared": "1"}),
    "POST passport:consent": rule("/en/passport/consent/", SIGNED_IN, ok=302, data={"consent": "1"}),
    "GET passport:pdf": rule("/en/passport/pdf/", SIGNED_IN),
    # Without a certificate in force there is nothing to bundle: back to the passport.
    "GET passport:badges": rule("/en/passport/open-badges.zip", SIGNED_IN, ok=302, per_role={LEARNER: 200}),
    "GET passport:shared": rule("/en/passport/shared/{share_token}/", EVERYONE),
    "GET passport:self_assessment": rule("/en/passport/self-assessment/{role}/", SIGNED_IN),
    "POST passport:self_assessment": rule("/en/passport/self-assessment/{role}/", SIGNED_IN, ok=302, data={}),
    "GET passport:gaps_start": rule("/en/passport/gaps/", SIGNED_IN, ok=302),
    "GET passport:gaps": rule("/en/passport/gaps/{role}/", SIGNED_IN),
    "GET passport:organisation": rule(
        "/en/organisation/",
        HR_AND_ADMINS,
        ok=302,
        per_role={ADMIN: 404},
        why="the superuser has no organisation",
    ),
    "GET passport:needs": (
        rule("/en/organisations/{city_id}/needs/", HR_AND_ADMINS),
        rule(
            "/en/organisations/{other_city_id}/needs/",
            HR_AND_ADMINS,
            per_role={HR: NOT_DISCLOSED},
            variant="another organisation",
        ),
    ),
    "GET passport:needs_csv": (
        rule("/en/organisations/{city_id}/needs.csv", HR_AND_ADMINS),
        rule(
            "/en/organisations/{other_city_id}/needs.csv",
            HR_AND_ADMINS,
            per_role={HR: NOT_DISCLOSED},
            variant="another organisation",
        ),
    ),
    "GET passport:staff": (
        rule("/en/organisations/{city_id}/staff/", HR_AND_ADMINS),
        rule(
            "/en/organisations/{other_city_id}/staff/",
            HR_AND_ADMINS,
            per_role={HR: NOT_DISCLOSED},
            variant="another organisation",
        ),
    ),
    "POST passport:staff_update": rule(
        "/en/organisations/{city_id}/staff/{learner_id}/", HR_AND_ADMINS, ok=302, data={}
    ),
    "GET passport:staff_gaps": (
        rule("/en/organisations/{city_id}/staff/{learner_id}/gaps/", HR_AND_ADMINS),
        rule(
            "/en/organisations/{city_id}/staff/{silent_id}/gaps/",
            frozenset(),
            per_role={HR: NOT_DISCLOSED, ADMIN: NOT_DISCLOSED},
            variant="a member who does not share",
        ),
    ),
    # --- API: root, accounts ---
    "GET /api/v1/": rule("/api/v1/", EVERYONE),
    "GET /api/v1/me/": rule("/api/v1/me/", SIGNED_IN),
    "PATCH /api/v1/me/": rule("/api/v1/me/", SIGNED_IN, data={}),
    "POST /api/v1/auth/token/": rule(
        "/api/v1/auth/token/",
        EVERYONE,
        data=lambda world: {"email": world.users[HR].email, "password": PASSWORD},
    ),
    "DELETE /api/v1/auth/token/revoke/": rule("/api/v1/auth/token/revoke/", SIGNED_IN, ok=204),
    # --- API: frameworks ---
    "GET /api/v1/frameworks/": rule("/api/v1/frameworks/", EVERYONE),
    "GET /api/v1/frameworks/{slug}/": (
        rule("/api/v1/frameworks/{framework}/", EVERYONE),
        rule(
            "/api/v1/frameworks/{draft}/",
            EDITORS,
            deny=NOT_DISCLOSED,
            anon=NOT_DISCLOSED,
            variant="draft",
        ),
    ),
    "GET /api/v1/frameworks/{slug}/case/": rule("/api/v1/frameworks/{framework}/case/", EVERYONE),
    "POST /api/v1/frameworks/{slug}/new-version/": rule(
        "/api/v1/frameworks/{framework}/new-version/", EDITORS, ok=201, data={"version": "9.9"}
    ),
    "POST /api/v1/frameworks/{slug}/publish/": rule(
        "/api/v1/frameworks/{draft}/publish/", EDITORS, ok=(200, 400)
    ),
    "GET /api/v1/competences/": rule("/api/v1/competences/", EVERYONE),
    "POST /api/v1/competences/": rule(
        "/api/v1/competences/",
        EDITORS,
        ok=201,
        data=lambda world: {
            "framework": world.ids["draft"],
            "kind": "area",
            "code": "N.1",
            "title_en": "New",
        },
    ),
    "GET /api/v1/competences/{pk}/": (
        rule("/api/v1/competences/{competence_id}/", EVERYONE),
        rule(
            "/api/v1/competences/{draft_competence_id}/",
            EDITORS,
            deny=NOT_DISCLOSED,
            anon=NOT_DISCLOSED,
            variant="draft",
        ),
    ),
    "PATCH /api/v1/competences/{pk}/": rule(
        "/api/v1/competences/{draft_competence_id}/", EDITORS, data={"title_en": "Renamed"}
    ),
    "DELETE /api/v1/competences/{pk}/": rule("/api/v1/competences/{draft_competence_id}/", EDITORS, ok=204),
    "GET /api/v1/roles/": rule("/api/v1/roles/", EVERYONE),
    "GET /api/v1/roles/{slug}/": rule("/api/v1/roles/{role}/", EVERYONE),
    # --- API: curriculum ---
    "GET /api/v1/courses/": rule("/api/v1/courses/", EVERYONE),
    "GET /api/v1/courses/{slug}/": rule("/api/v1/courses/{course}/", EVERYONE),
    "GET /api/v1/units/": rule("/api/v1/units/", EVERYONE),
    "GET /api/v1/units/{pk}/": rule("/api/v1/units/{unit_id}/", EVERYONE),
    "GET /api/v1/guide/": rule("/api/v1/guide/", EVERYONE),
    "GET /api/v1/guide/{slug}/": rule("/api/v1/guide/{guide}/", EVERYONE),
    "GET /api/v1/materials/": rule("/api/v1/materials/", SIGNED_IN),
    "POST /api/v1/materials/": rule(
        "/api/v1/materials/",
        TRAINERS,
        ok=201,
        data=lambda world: {
            "unit": world.ids["unit_id"],
            "title": "Slides",
            "language": "en",
            "url": "https://example.org/slides",
        },
    ),
    "GET /api/v1/materials/{pk}/": rule("/api/v1/materials/{approved_material_id}/", SIGNED_IN),
    "GET /api/v1/materials/{pk}/download/": rule(
        "/api/v1/materials/{approved_material_id}/download/", SIGNED_IN
    ),
    # Own materials only: somebody else's draft is not found, a superuser's view included.
    "DELETE /api/v1/materials/{pk}/": rule(
        "/api/v1/materials/{draft_material_id}/", roles(TRAINER), ok=204, deny=NOT_DISCLOSED
    ),
    "POST /api/v1/materials/{pk}/submit/": rule(
        "/api/v1/materials/{draft_material_id}/submit/", roles(TRAINER), deny=NOT_DISCLOSED
    ),
    "POST /api/v1/materials/{pk}/versions/": rule(
        "/api/v1/materials/{draft_material_id}/versions/",
        roles(TRAINER),
        ok=201,
        deny=NOT_DISCLOSED,
        data=_data_material_version,
        multipart=True,
    ),
    # A submitted material is visible to its uploader and to reviewers only.
    "POST /api/v1/materials/{pk}/approve/": rule(
        "/api/v1/materials/{submitted_material_id}/approve/",
        EDITORS,
        deny=NOT_DISCLOSED,
        per_role={TRAINER: 403},
    ),
    "POST /api/v1/materials/{pk}/reject/": rule(
        "/api/v1/materials/{submitted_material_id}/reject/",
        EDITORS,
        deny=NOT_DISCLOSED,
        per_role={TRAINER: 403},
        data={"reason": "Out of date."},
    ),
    "GET /api/v1/questions/": rule("/api/v1/questions/", TRAINERS),
    "POST /api/v1/questions/": rule("/api/v1/questions/", TRAINERS, ok=400, data={}),
    "GET /api/v1/questions/export/": rule("/api/v1/questions/export/?file_format=gift", TRAINERS),
    "POST /api/v1/questions/import/": rule("/api/v1/questions/import/", TRAINERS, ok=400, data={}),
    "GET /api/v1/questions/{pk}/": rule("/api/v1/questions/{question_id}/", TRAINERS),
    "POST /api/v1/questions/{pk}/activate/": rule("/api/v1/questions/{question_id}/activate/", TRAINERS),
    "POST /api/v1/questions/{pk}/retire/": rule("/api/v1/questions/{question_id}/retire/", TRAINERS),
    "GET /api/v1/tests/": rule("/api/v1/tests/", SIGNED_IN),
    "GET /api/v1/tests/{pk}/": rule("/api/v1/tests/{exam_id}/", SIGNED_IN),
    "POST /api/v1/tests/{pk}/attempts/": rule(
        "/api/v1/tests/{practice_id}/attempts/", LEARNERS, ok=(200, 201), why="200: resumed"
    ),
    "GET /api/v1/attempts/{pk}/": rule("/api/v1/attempts/{attempt_id}/", roles(LEARNER), deny=NOT_DISCLOSED),
    "PUT /api/v1/attempts/{pk}/answers/{question}/": rule(
        "/api/v1/attempts/{attempt_id}/answers/{attempt_question_id}/",
        roles(LEARNER),
        deny=NOT_DISCLOSED,
        data=lambda world: {"response": {"choice": world.ids["attempt_choice_id"]}},
    ),
    "POST /api/v1/attempts/{pk}/submit/": rule(
        "/api/v1/attempts/{attempt_id}/submit/", roles(LEARNER), deny=NOT_DISCLOSED
    ),
    # --- API: trainers and accreditation ---
    "GET /api/v1/trainers/": rule("/api/v1/trainers/", EVERYONE),
    "GET /api/v1/trainers/{pk}/": rule("/api/v1/trainers/{trainer_profile_id}/", EVERYONE),
    "GET /api/v1/trainers/me/": rule(
        "/api/v1/trainers/me/", TRAINERS, per_role={ADMIN: 404}, why="the superuser has no trainer profile"
    ),
    "PUT /api/v1/trainers/me/": rule(
        "/api/v1/trainers/me/", TRAINERS, data={"country": "BG", "languages": ["en"]}
    ),
    "GET /api/v1/organisations/": rule("/api/v1/organisations/", EVERYONE),
    "GET /api/v1/organisations/{pk}/": rule("/api/v1/organisations/{training_id}/", EVERYONE),
    "GET /api/v1/organisations/mine/": rule(
        "/api/v1/organisations/mine/",
        TRAINERS,
        per_role={ADMIN: 404},
        why="the superuser has no organisation",
    ),
    "PUT /api/v1/organisations/mine/": rule(
        "/api/v1/organisations/mine/", TRAINERS, per_role={ADMIN: 404}, data={"languages": ["en"]}
    ),
    "GET /api/v1/quality-criteria/": rule("/api/v1/quality-criteria/", EVERYONE),
    "GET /api/v1/accreditations/": rule("/api/v1/accreditations/", SIGNED_IN),
    "POST /api/v1/accreditations/": rule(
        "/api/v1/accreditations/", roles(TRAINER), ok=201, per_role={ADMIN: (201, 400)}, data=_data_apply
    ),
    "GET /api/v1/accreditations/{pk}/": rule(
        "/api/v1/accreditations/{accredited_id}/", roles(TRAINER, CERTIFIER, ADMIN), deny=NOT_DISCLOSED
    ),
    # The applicant sees their accreditation but may not decide it.
    "POST /api/v1/accreditations/{pk}/decide/": rule(
        "/api/v1/accreditations/{applied_id}/decide/",
        CERTIFIERS,
        deny=NOT_DISCLOSED,
        per_role={TRAINER: 403},
        data=_data_decision,
    ),
    "POST /api/v1/accreditations/{pk}/suspend/": rule(
        "/api/v1/accreditations/{accredited_id}/suspend/",
        CERTIFIERS,
        deny=NOT_DISCLOSED,
        per_role={TRAINER: 403},
        data={"note": "Complaint under review."},
    ),
    "POST /api/v1/accreditations/{pk}/reinstate/": rule(
        "/api/v1/accreditations/{suspended_id}/reinstate/",
        CERTIFIERS,
        deny=NOT_DISCLOSED,
        per_role={TRAINER: 403},
    ),
    # --- API: certification ---
    "GET /api/v1/verify/{code}/": rule("/api/v1/verify/{code}/", EVERYONE),
    "GET /api/v1/credentials/status/{number}/": rule("/api/v1/credentials/status/0/", EVERYONE),
    "GET /api/v1/me/eligibility/": rule("/api/v1/me/eligibility/", SIGNED_IN),
    "GET /api/v1/schemes/": rule("/api/v1/schemes/", EVERYONE),
    "GET /api/v1/schemes/{slug}/": rule("/api/v1/schemes/{scheme}/", EVERYONE),
    "GET /api/v1/certificates/": rule("/api/v1/certificates/", SIGNED_IN),
    "POST /api/v1/certificates/": rule("/api/v1/certificates/", CERTIFIERS, ok=400, data={}),
    "GET /api/v1/certificates/{pk}/": rule(
        "/api/v1/certificates/{certificate_id}/", CERTIFICATE_READERS, deny=NOT_DISCLOSED
    ),
    "GET /api/v1/certificates/{pk}/credential/": rule(
        "/api/v1/certificates/{certificate_id}/credential/", CERTIFICATE_READERS, deny=NOT_DISCLOSED
    ),
    "POST /api/v1/certificates/{pk}/listing/": rule(
        "/api/v1/certificates/{certificate_id}/listing/",
        roles(LEARNER),
        deny=NOT_DISCLOSED,
        data={"listed": True},
    ),
    "POST /api/v1/certificates/{pk}/reissue/": rule(
        "/api/v1/certificates/{certificate_id}/reissue/", CERTIFIERS, ok=400, data={}
    ),
    "POST /api/v1/certificates/{pk}/renew/": rule(
        "/api/v1/certificates/{certificate_id}/renew/", CERTIFIERS, ok=400, data={}
    ),
    "POST /api/v1/certificates/{pk}/revoke/": rule(
        "/api/v1/certificates/{certificate_id}/revoke/", CERTIFIERS, data={"reason": "Issued in error."}
    ),
    "POST /api/v1/certificates/{pk}/retry-pdf/": rule(
        "/api/v1/certificates/{certificate_id}/retry-pdf/", CERTIFIERS, ok=(200, 400)
    ),
    # --- API: passport ---
    "GET /api/v1/me/passport/": rule("/api/v1/me/passport/", SIGNED_IN),
    "PATCH /api/v1/me/passport/": rule("/api/v1/me/passport/", SIGNED_IN, data={"public_link": True}),
    "GET /api/v1/me/self-assessment/": rule("/api/v1/me/self-assessment/", SIGNED_IN),
    "PUT /api/v1/me/self-assessment/": rule(
        "/api/v1/me/self-assessment/",
        SIGNED_IN,
        data=lambda world: {"ratings": [{"competence": world.ids["competence_id"], "level": None}]},
    ),
    "GET /api/v1/gaps/": (
        rule("/api/v1/gaps/?role={role}", SIGNED_IN),
        rule(
            "/api/v1/gaps/?role={role}&user={learner_id}",
            roles(LEARNER, HR, ADMIN),
            deny=NOT_DISCLOSED,
            variant="a staff member",
            why="the learner asks for themselves",
        ),
        rule(
            "/api/v1/gaps/?role={role}&user={silent_id}",
            frozenset(),
            deny=NOT_DISCLOSED,
            variant="a member who does not share",
        ),
    ),
    "GET /api/v1/organisations/{organisation_id}/needs/": (
        rule("/api/v1/organisations/{city_id}/needs/", HR_AND_ADMINS),
        rule(
            "/api/v1/organisations/{other_city_id}/needs/",
            HR_AND_ADMINS,
            per_role={HR: NOT_DISCLOSED},
            variant="another organisation",
        ),
    ),
    "PATCH /api/v1/organisations/{organisation_id}/staff/{user_id}/": rule(
        "/api/v1/organisations/{city_id}/staff/{learner_id}/", HR_AND_ADMINS, data={"department": "digital"}
    ),
}


# --- The URLconf --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    route: str  # the full route as Django keeps it (regex or path syntax)
    name: str | None  # namespaced URL name
    callback: Any

    @property
    def path(self) -> str:
        """The route as a path template: ``/api/v1/attempts/{pk}/``."""
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", self.route)
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path)
        return "/" + path.replace("^", "").replace("$", "")

    @property
    def kind(self) -> str:
        if (self.name and self.name.startswith("admin:")) or self.path.startswith("/en/admin/"):
            return "admin"
        return "api" if self.path.startswith("/api/") else "page"

    @property
    def key(self) -> str:
        """What the table calls it: the path for the API and the admin, else the URL name."""
        return self.path if self.kind in ("api", "admin") or not self.name else self.name

    @property
    def view_class(self) -> Any:
        return getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)


def url_patterns() -> list[Pattern]:
    found: list[Pattern] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for item in resolver.url_patterns:
            if isinstance(item, URLResolver):
                inner = f"{namespace}:{item.namespace}" if namespace and item.namespace else item.namespace
                walk(item, prefix + str(item.pattern), inner or namespace)
            elif isinstance(item, URLPattern):
                if item.callback is static_serve:
                    continue  # /media/ served by runserver when DEBUG is on at import: not the platform's
                name = f"{namespace}:{item.name}" if namespace and item.name else item.name
                found.append(Pattern(prefix + str(item.pattern), name, item.callback))

    with translation.override("en"):
        walk(get_resolver(), "", "")
    return found


API_METHODS = ("get", "post", "put", "patch", "delete")


def api_operations(pattern: Pattern) -> list[str]:
    """The methods an API view answers: a viewset's routed actions, an APIView's handlers."""
    view_class = pattern.view_class
    actions = getattr(pattern.callback, "actions", None)
    if actions is not None:
        # DRF adds ``head`` to a viewset's actions on its first GET: answered as GET, not listed.
        methods = [m for m in actions if m in view_class.http_method_names and m in API_METHODS]
    else:
        methods = [m for m in view_class.http_method_names if m in API_METHODS and hasattr(view_class, m)]
    return sorted(m.upper() for m in methods)


def page_methods(pattern: Pattern) -> set[str]:
    """GET/POST handlers of a class-based page (function views declare theirs in the table)."""
    view_class = pattern.view_class
    if view_class is None:
        return set()
    return {
        m.upper() for m in ("get", "post") if hasattr(view_class, m) and m in view_class.http_method_names
    }


def endpoints() -> tuple[set[str], list[Pattern], dict[str, set[str]]]:
    """API operations (``METHOD path``), admin patterns, and page names with the methods their
    classes handle."""
    api: set[str] = set()
    admin_patterns: list[Pattern] = []
    pages: dict[str, set[str]] = {}
    for pattern in url_patterns():
        if pattern.kind == "admin":
            admin_patterns.append(pattern)
        elif pattern.kind == "api":
            api.update(f"{method} {pattern.key}" for method in api_operations(pattern))
        else:
            pages[pattern.key] = page_methods(pattern)
    return api, admin_patterns, pages


def split_key(key: str) -> tuple[str, str]:
    method, _space, name = key.partition(" ")
    return method, name


def table_entries() -> list[tuple[str, Rule]]:
    entries = []
    for key, value in TABLE.items():
        for variant in value if isinstance(value, tuple) else (value,):
            entries.append((key, variant))
    return entries


# --- Objects ------------------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, User]
    sessions: dict[str, str]
    ids: dict[str, Any]


def _sit(test: Any, learner: User, right: set[str]) -> Any:
    attempt = attempts.attempt_start(test=test, learner=learner)
    for item in attempt.items.select_related("question__competence"):
        choice = item.question.choices.get(fraction=1 if item.question.competence.code in right else 0)
        attempts.answer_save(attempt=attempt, question_id=item.question_id, response={"choice": choice.pk})
    return attempts.attempt_submit(attempt=attempt)


def build_world() -> World:
    city = OrganisationFactory(name_en="Sofia Municipality")
    other_city = OrganisationFactory(name_en="Patras Municipality")
    training = TrainingOrganisationFactory()
    users = {
        LEARNER: UserFactory(roles=[Role.LEARNER], organisation=city, full_name="Мария Иванова"),
        TRAINER: UserFactory(roles=[Role.TRAINER], organisation=training.organisation),
        HR: UserFactory(roles=[Role.HR_STAFF], organisation=city),
        CERTIFIER: UserFactory(roles=[Role.CERTIFIER]),
        EDITOR: UserFactory(roles=[Role.FRAMEWORK_EDITOR]),
        ADMIN: UserFactory(is_superuser=True, is_staff=True),
    }
    silent = UserFactory(roles=[Role.LEARNER], organisation=city)  # does not share with HR
    learner, trainer_user, hr, certifier, editor = (
        users[r] for r in (LEARNER, TRAINER, HR, CERTIFIER, EDITOR)
    )

    # A published framework (its role, exam and scheme) and a draft framework.
    scheme, exam, competences = scheme_with_exam(areas=2, per_area=1, min_score=60, validation_allowed=True)
    role = scheme.role
    framework = role.framework
    other_role = JobRoleFactory(framework=framework)
    free_role = JobRoleFactory(framework=framework)
    suspended_role = JobRoleFactory(framework=framework)
    draft = FrameworkFactory(status=Framework.Status.DRAFT, published_at=None, scale=framework.scale)
    draft_competence = CompetenceFactory(framework=draft, kind="area", code="D.1")
    area = competences[0].parent

    # A course, a unit and a guide page.
    course = Course.objects.create(
        slug="smart-ops",
        code="SO",
        role=role,
        title_en="Smart operations",
        hours=10,
        ecvet=1,
        is_published=True,
    )
    module = Module.objects.create(course=course, code="SO-M1", title_en="Sensors")
    unit = Unit.objects.create(module=module, code="SO-M1-U1", title_en="Sensor networks", hours=4, ecvet=1)
    outcome = LearningOutcome.objects.create(
        unit=unit, code="SO-M1-U1-LO1", text_en="Installs sensors.", level=role.requirements.first().level
    )
    outcome.competences.add(competences[1])
    guide = GuidePage.objects.create(
        slug="getting-started",
        audience="everyone",
        position=1,
        title_en="Start",
        summary_en="How",
        body_en="Text",
    )

    # Learning materials of the trainer: a draft, one waiting for review, one approved.
    def material(title: str) -> Any:
        return curriculum_services.material_create(
            unit=unit,
            uploader=trainer_user,
            title=title,
            language="en",
            upload=(f"{title}.pdf", len(PDF), io.BytesIO(PDF)),
        )

    draft_material = material("draft")
    submitted = curriculum_services.material_submit(material=material("submitted"), user=trainer_user)
    approved = curriculum_services.material_submit(material=material("approved"), user=trainer_user)
    approved = curriculum_services.material_approve(material=approved, reviewer=editor)

    # The trainer's question, a practice test with the learner's attempt in progress.
    question = QuestionFactory(competence=competences[0], author=trainer_user)
    practice = exam_with_bank(
        [competences[1]], per_competence=1, bank_size=1, slug="practice", kind="practice"
    )
    attempt = attempts.attempt_start(test=practice, learner=learner)
    attempt_question = attempt.items.select_related("question").first()
    assert attempt_question is not None
    attempt_choice = attempt_question.question.choices.first()
    assert attempt_choice is not None

    # Validation case of the learner with a file as evidence; the learner passes the exam and
    # holds the scheme's certificate (its PDF made now, as the task would).
    case = certification_services.case_open(
        learner=learner, scheme=scheme, competence_ids=[competences[0].pk], statement="I do this daily."
    )
    evidence = certification_services.evidence_add(
        claim=case.claims.get(),
        learner=learner,
        evidence=certification_services.EvidenceInput(
            kind="file", name="proof.pdf", size=len(PDF), handle=io.BytesIO(PDF)
        ),
    )
    _sit(exam, learner, right={c.code for c in competences})
    # The PDF task waits for a commit that never comes (all is rolled back): a stand-in PDF is
    # stored as the task would store the real one.
    certificate = certification_services.certificate_issue(scheme=scheme, holder=learner, actor=certifier)
    certificate.pdf.save("certificate.pdf", ContentFile(PDF), save=False)
    certificate.pdf_status = Certificate.Pdf.READY
    certificate.save(update_fields=["pdf", "pdf_status"])
    batch = CertificateBatch.objects.create(
        scheme=scheme, created_by=certifier, holder_ids=[learner.pk], status=CertificateBatch.Status.FINISHED
    )
    assert SchemeExam.objects.filter(scheme=scheme).exists()
    SchemeFactory(role=other_role)  # a second published scheme

    # Trainers: criteria, the trainer's profile, accreditations in three states, and the training
    # organisation's accreditation.
    for code in ("T1", "T2"):
        CriterionFactory(code=code)
    CriterionFactory(code="O1", applies_to=QualityCriterion.AppliesTo.ORGANISATION)
    profile = TrainerFactory(user=trainer_user, organisation=training)
    accredited = AccreditationFactory(trainer=profile, role=role)
    applied = AccreditationFactory(trainer=profile, role=other_role, status=Accreditation.Status.APPLIED)
    suspended = AccreditationFactory(
        trainer=profile, role=suspended_role, status=Accreditation.Status.SUSPENDED
    )
    AccreditationFactory(trainer=None, organisation=training, role=role, applied_by=trainer_user)

    # The learner shares their passport by link and with HR of the city.
    passport = passport_services.passport_share_set(user=learner, shared=True)
    department = Department.objects.create(organisation=city, slug="digital", name_en="Digital Services")
    member = passport_services.consent_set(user=learner, consent=True)
    assert member is not None
    passport_services.staff_update(actor=hr, member=member, department=department, target_role=role)

    sessions = {}
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        sessions[name] = client.cookies[settings.SESSION_COOKIE_NAME].value

    ids = {
        "framework": framework.slug,
        "draft": draft.slug,
        "area_id": area.pk,
        "competence_id": competences[0].pk,
        "draft_competence_id": draft_competence.pk,
        "role": role.slug,
        "other_role": other_role.slug,
        "free_role_id": free_role.pk,
        "course": course.slug,
        "unit_id": unit.pk,
        "guide": guide.slug,
        "draft_material_id": draft_material.pk,
        "submitted_material_id": submitted.pk,
        "approved_material_id": approved.pk,
        "question_id": question.pk,
        "exam": exam.slug,
        "exam_id": exam.pk,
        "practice": practice.slug,
        "practice_id": practice.pk,
        "attempt_id": attempt.pk,
        "attempt_question_id": attempt_question.question_id,
        "attempt_choice_id": attempt_choice.pk,
        "scheme": scheme.slug,
        "certificate_id": certificate.pk,
        "code": certificate.code,
        "case_id": case.pk,
        "evidence_id": evidence.pk,
        "batch_id": batch.pk,
        "trainer_profile_id": profile.pk,
        "training_id": training.pk,
        "accredited_id": accredited.pk,
        "applied_id": applied.pk,
        "suspended_id": suspended.pk,
        "share_token": passport.share_token,
        "city_id": city.pk,
        "other_city_id": other_city.pk,
        "learner_id": learner.pk,
        "silent_id": silent.pk,
        "reset_uid": urlsafe_base64_encode(force_bytes(learner.pk)),
        "reset_token": default_token_generator.make_token(learner),
    }
    return World(users=users, sessions=sessions, ids=ids)


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """The objects, built once; everything is rolled back when the module is done."""
    from config.celery import app

    private = override_settings(PRIVATE_MEDIA_ROOT=Path(tmp_path_factory.mktemp("matrix")) / "private")
    private.enable()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    # More than a thousand refusals are expected here: not one warning (with its traceback) each.
    quiet = {name: logging.getLogger(name).level for name in ("django.request", "weasyprint")}
    for name in quiet:
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        with django_db_blocker.unblock(), translation.override("en"):
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                yield build_world()
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
    finally:
        for name, level in quiet.items():
            logging.getLogger(name).setLevel(level)
        app.conf.task_always_eager = eager
        private.disable()


# --- Requests -----------------------------------------------------------------------------------

CELLS: list[tuple[str, str]] = []  # (operation, role) of every cell checked


def request(world: World, role: str, method: str, url: str, data: Any, multipart: bool) -> HttpResponse:
    """One request as ``role``, in a savepoint rolled back afterwards."""
    client = Client(raise_request_exception=False)
    if role != ANON:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    kwargs: dict[str, Any] = {}
    if data is not None:
        kwargs["data"] = data
        if url.startswith("/api/") and not multipart:
            kwargs["content_type"] = "application/json"
    with transaction.atomic():
        response = getattr(client, method.lower())(url, **kwargs)
        transaction.set_rollback(True)
    return response


def expected(rule_: Rule, role: str, api: bool) -> tuple[frozenset[int], str]:
    """The statuses ``role`` must get, and a word on why."""
    if role in rule_.per_role:
        return rule_.per_role[role], "special"
    if role in rule_.allow:
        return rule_.ok, "allowed"
    if role == ANON:
        if rule_.anon is not None:
            return frozenset({rule_.anon}), "denied"
        return (frozenset({401}), "denied") if api else (frozenset({302}), "sign in")
    return rule_.deny, "denied"


def check(world: World, key: str, rule_: Rule, role: str) -> str | None:
    """Request the cell; a message when the answer is not the expected one."""
    method, name = split_key(key)
    url = rule_.url.format(**world.ids)
    api = name.startswith("/api/")
    matched = resolve(url.split("?")[0])
    if name.startswith("/"):
        resolved = Pattern(matched.route, None, matched.func).path
        assert resolved == name, f"{url} resolves to {resolved}, not to {name}"
    else:
        assert matched.view_name == name, f"{url} resolves to {matched.view_name}, not to {name}"
    data = rule_.data(world) if callable(rule_.data) else rule_.data
    response = request(world, role, method, url, data, rule_.multipart)
    CELLS.append((f"{key} {rule_.variant}".strip(), role))
    statuses, why = expected(rule_, role, api)
    location = response.get("Location", "")
    problem = None
    if response.status_code not in statuses:
        problem = f"got {response.status_code}, expected {sorted(statuses)} ({why})"
    elif response.status_code == 302 and why == "sign in":
        if not location.startswith(LOGIN_PATH):
            problem = f"redirected to {location}, not to sign in"
    elif response.status_code == 302 and (location.startswith(LOGIN_PATH) or "/admin/login/" in location):
        problem = f"sent to sign in ({location}) although {why}"
    if problem is None:
        return None
    detail = ""
    error = getattr(response, "exc_info", None)
    if error:
        detail = f": {error[1]!r}"
    elif response.status_code >= 400 and not response.streaming:
        detail = ": " + response.content[:200].decode(errors="replace").replace("\n", " ")
    variant = f" [{rule_.variant}]" if rule_.variant else ""
    return f"{method} {url}{variant} as {role}: {problem}{detail}"


# --- Tests --------------------------------------------------------------------------------------


def test_the_table_covers_every_endpoint() -> None:
    api, admin_patterns, pages = endpoints()
    table_api = {key for key in TABLE if split_key(key)[1].startswith("/")}
    table_pages: dict[str, set[str]] = {}
    for key in TABLE:
        method, name = split_key(key)
        if not name.startswith("/"):
            table_pages.setdefault(name, set()).add(method)
    problems = [f"API operation missing from the table: {op}" for op in sorted(api - table_api)]
    problems += [f"table names an API operation the URLconf lacks: {op}" for op in sorted(table_api - api)]
    problems += [f"page missing from the table: {name}" for name in sorted(set(pages) - set(table_pages))]
    problems += [
        f"table names a page the URLconf lacks: {name}" for name in sorted(set(table_pages) - set(pages))
    ]
    for name, methods in sorted(pages.items()):
        missing = methods - table_pages.get(name, set())
        if missing:
            problems.append(f"page {name} handles {sorted(missing)}, missing from the table")
    for method, name in (split_key(key) for key in TABLE):
        if method not in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            problems.append(f"unknown method in {method} {name}")
    unnamed = [p.route for p in url_patterns() if p.kind == "page" and not p.name]
    problems += [f"page pattern without a name: {route}" for route in unnamed]
    assert admin_patterns, "the admin is not in the URLconf"
    assert not problems, "\n".join(problems)


def test_the_schema_documents_the_same_api_operations() -> None:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    documented = set()
    for path, operations in schema["paths"].items():
        for method in operations:
            if method.upper() in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                documented.add(f"{method.upper()} {re.sub(r'{id}', '{pk}', path)}")
    api, _admin, _pages = endpoints()
    in_v1 = {op for op in api if split_key(op)[1].startswith("/api/v1/")}

    # drf-spectacular names a path parameter after the model field (pk → id); compare shapes.
    def shape(op: str) -> str:
        return re.sub(r"{\w+}", "{}", op)

    assert {shape(op) for op in in_v1} == {shape(op) for op in documented}, sorted(
        {shape(op) for op in in_v1} ^ {shape(op) for op in documented}
    )


ENTRIES = table_entries()


@pytest.mark.parametrize(
    ("key", "rule_"),
    ENTRIES,
    ids=[f"{key}{' [' + r.variant + ']' if r.variant else ''}" for key, r in ENTRIES],
)
def test_permission_matrix(world: World, key: str, rule_: Rule) -> None:
    problems = [message for role in ROLES if (message := check(world, key, rule_, role))]
    assert not problems, "\n".join(problems)


# --- The admin ------------------------------------------------------------------------------------


def _admin_url(pattern: Pattern, world: World) -> tuple[str, str]:
    """A URL of an admin pattern (its parameters filled with real objects) and the method."""
    path = pattern.path
    values: dict[str, str] = {}
    parts = path.strip("/").split("/")  # en, admin, app, model, ...
    model = None
    if len(parts) >= 4 and not parts[2].startswith("{"):
        try:
            model = apps.get_model(parts[2], parts[3])
        except (LookupError, ValueError):
            model = None
    if "{content_type_id}" in path:  # "view on site"
        values["content_type_id"] = str(ContentType.objects.get_for_model(Organisation).pk)
        values["object_id"] = str(Organisation.objects.order_by("pk").values_list("pk", flat=True)[0])
    elif "{object_id}" in path or "{id}" in path:
        assert model is not None, path
        first = model._default_manager.order_by("pk").first()
        values["object_id"] = values["id"] = str(first.pk if first else 0)
    if "{app_label}" in path:
        values["app_label"] = "accounts"
    if "{url}" in path:
        values["url"] = "no-such-page/"
    url = path.format(**values)
    if pattern.name == "admin:autocomplete":  # the user form's organisation field
        url += "?app_label=accounts&model_name=user&field_name=organisation&term=a"
    return url, "POST" if pattern.name == "admin:logout" else "GET"


def _superuser_may(pattern: Pattern, world: World) -> bool:
    """Whether the ModelAdmin lets even a superuser do what the pattern is for."""
    name = pattern.name or ""
    action = next((a for a in ("add", "delete", "change") if name.endswith(f"_{a}")), None)
    parts = pattern.path.strip("/").split("/")
    if action is None or len(parts) < 4:
        return True
    try:
        model = apps.get_model(parts[2], parts[3])
    except (LookupError, ValueError):
        return True
    model_admin = admin.site._registry[model]
    probe = RequestFactory().get("/")
    probe.user = world.users[ADMIN]
    first = model._default_manager.order_by("pk").first()
    if action == "add":
        return bool(model_admin.has_add_permission(probe))
    if action == "delete":
        return bool(model_admin.has_delete_permission(probe, first))
    return bool(model_admin.has_view_or_change_permission(probe, first))


def test_admin_is_for_staff_only(world: World) -> None:
    """Every admin pattern: non-staff are sent to the admin's sign-in page (which itself is open),
    the superuser never gets 403 (unless the ModelAdmin refuses the action to everybody) or 500."""
    _api, admin_patterns, _pages = endpoints()
    problems = []
    for pattern in admin_patterns:
        url, method = _admin_url(pattern, world)
        for role in ROLES:
            response = request(world, role, method, url, {} if method == "POST" else None, False)
            CELLS.append((f"{method} {pattern.path}", role))
            status, location = response.status_code, response.get("Location", "")
            if role == ADMIN:
                allowed = {200, 302, 404} if _superuser_may(pattern, world) else {403}
                ok = status in allowed and not location.startswith(ADMIN_LOGIN_PATH)
            elif pattern.name == "admin:login":
                ok = status == 200
            elif pattern.name == "admin:logout":  # nobody to sign out: back to the admin's index
                ok = status == 302 and location == "/en/admin/"
            else:
                ok = status == 302 and location.startswith(ADMIN_LOGIN_PATH)
            if not ok:
                error = getattr(response, "exc_info", None)
                detail = f" {error[1]!r}" if error else ""
                problems.append(f"{method} {url} as {role}: got {status} {location}{detail}")
    assert not problems, "\n".join(problems)


def test_zz_cells_checked() -> None:
    """The number of cells (operation and role) checked above; printed for the record (-s)."""
    api, admin_patterns, pages = endpoints()
    page_ops = [key for key in TABLE if not split_key(key)[1].startswith("/")]
    print(
        f"\npermission matrix: {len(pages)} page patterns ({len(page_ops)} page operations), "
        f"{len(api)} API operations, {len(admin_patterns)} admin patterns, "
        f"{len(ENTRIES)} table entries with variants; {len(CELLS)} cells checked "
        f"({len(ROLES)} roles)"
    )
    assert len(CELLS) <= (len(ENTRIES) + len(admin_patterns)) * len(ROLES)
