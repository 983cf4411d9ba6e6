"""The audit log: sensitive actions leave an entry with actor and time; admins read it; nobody
changes or deletes it (the model, the administration and, on PostgreSQL, the database refuse)."""

import pytest
from django.db import DatabaseError, connection, transaction

from accounts import services as account_services
from accounts.roles import Role
from certification import services as certification_services
from core.errors import ApplicationError
from core.models import AuditEntry, AuditLogIsAppendOnly
from tests.accounts.factories import UserFactory
from tests.certification.conftest import sit
from tests.certification.factories import scheme_with_exam
from tests.conftest import missing_service
from tests.trainers.factories import AccreditationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def entries(action):
    return list(AuditEntry.objects.filter(action=action))


def test_certificate_issue_revoke_and_reissue_and_grading_are_logged_with_their_actor(
    django_capture_on_commit_callbacks,
):
    certifier = UserFactory(roles=[Role.CERTIFIER])
    learner = UserFactory(roles=[Role.LEARNER], full_name="Ελένη Γεωργίου")
    scheme, test, _ = scheme_with_exam()
    attempt = sit(test, learner, right={"SC-A.1", "SC-B.1"})
    [graded] = entries(AuditEntry.Action.TEST_GRADED)
    assert (graded.object_id, graded.details["passed"], graded.details["score"]) == (
        str(attempt.pk), True, "100.00",
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        certificate = certification_services.certificate_issue(scheme=scheme, holder=learner, actor=certifier)
    [issued] = entries(AuditEntry.Action.CERTIFICATE_ISSUED)
    assert (issued.actor_id, issued.actor, issued.object_label) == (
        certifier.pk, certifier.email, certificate.serial,
    )  # fmt: skip
    assert issued.details["holder"] == "Ελένη Γεωργίου"

    with django_capture_on_commit_callbacks(execute=True):
        new = certification_services.certificate_reissue(
            certificate=certificate, actor=certifier, correction="Name spelt wrong"
        )
    [reissued] = entries(AuditEntry.Action.CERTIFICATE_REISSUED)
    assert (reissued.object_id, reissued.details["note"]) == (str(new.pk), "Name spelt wrong")

    certification_services.certificate_revoke(certificate=new, actor=certifier, reason="Fraud")
    [revoked] = entries(AuditEntry.Action.CERTIFICATE_REVOKED)
    assert (revoked.actor_id, revoked.details["note"]) == (certifier.pk, "Fraud")

    # A refused action writes nothing.
    with pytest.raises(ApplicationError):
        certification_services.certificate_revoke(certificate=new, actor=certifier, reason="Again")
    assert len(entries(AuditEntry.Action.CERTIFICATE_REVOKED)) == 1


def test_accreditation_decisions_are_logged():
    certifier = UserFactory(roles=[Role.CERTIFIER])
    accreditation = AccreditationFactory()
    from trainers import services as trainer_services

    trainer_services.accreditation_suspend(
        accreditation=accreditation, certifier=certifier, reason="Complaint"
    )
    trainer_services.accreditation_reinstate(accreditation=accreditation, certifier=certifier)
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "actor_id", "details__status"))
    assert [a for a in actions if a[0].startswith("accreditation.")] == [
        (AuditEntry.Action.ACCREDITATION_SUSPENDED, certifier.pk, "suspended"),
        (AuditEntry.Action.ACCREDITATION_REINSTATED, certifier.pk, "accredited"),
    ]


def test_role_and_admin_right_changes_are_logged_from_the_service_and_the_administration(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    user = UserFactory(roles=[Role.LEARNER])
    account_services.user_set_roles(user=user, roles=[Role.LEARNER, Role.CERTIFIER])
    change = AuditEntry.objects.filter(action=AuditEntry.Action.ROLES_CHANGED, object_id=str(user.pk)).first()
    assert change is not None and change.details == {"granted": ["certifier"]}

    client.force_login(admin)
    page = client.get(f"/en/admin/accounts/user/{user.pk}/change/")
    assert page.status_code == 200
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": user.preferred_language,
        "organisation": "",
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": user.date_joined.date().isoformat(),
        "date_joined_1": "12:00:00",
        "last_login_0": "",
        "last_login_1": "",
    }
    response = client.post(f"/en/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = list(AuditEntry.objects.filter(object_id=str(user.pk)).order_by("id"))[-2:]
    assert {e.action for e in latest} == {
        AuditEntry.Action.ROLES_CHANGED,
        AuditEntry.Action.ADMIN_RIGHTS_CHANGED,
    }
    assert all(e.actor_id == admin.pk for e in latest)
    removed = next(e for e in latest if e.action == AuditEntry.Action.ROLES_CHANGED)
    assert removed.details == {"removed": ["certifier", "learner"]}


def test_entries_cannot_be_changed_or_deleted_through_the_orm():
    user = UserFactory(roles=[Role.LEARNER])
    entry = AuditEntry.objects.get(object_id=str(user.pk))
    entry.object_label = "forged"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(object_label="forged")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).object_label == user.email


def test_postgresql_refuses_update_and_delete_in_sql():
    if connection.vendor != "postgresql":
        missing_service("DATABASE_URL does not point to PostgreSQL, where the append-only trigger lives")
    user = UserFactory(roles=[Role.LEARNER])
    entry = AuditEntry.objects.get(object_id=str(user.pk))
    for sql in ("UPDATE core_auditentry SET object_label = 'forged'", "DELETE FROM core_auditentry"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(sql)
    assert AuditEntry.objects.get(pk=entry.pk).object_label == user.email


@pytest.mark.parametrize(
    ("who", "status"),
    [("superuser", 200), ("staff", 403), ("certifier", 302), ("anonymous", 302)],
)
def test_only_admins_read_the_log_and_nobody_edits_it(client, who, status):
    UserFactory(roles=[Role.LEARNER])
    entry = AuditEntry.objects.first()
    users = {
        "superuser": lambda: UserFactory(is_staff=True, is_superuser=True),
        "staff": lambda: UserFactory(is_staff=True),
        "certifier": lambda: UserFactory(roles=[Role.CERTIFIER]),
    }
    if who in users:
        client.force_login(users[who]())
    listing = client.get("/en/admin/core/auditentry/")
    assert listing.status_code == status
    if who == "superuser":
        assert entry.object_label in listing.content.decode()
        assert client.get(f"/en/admin/core/auditentry/{entry.pk}/change/").status_code == 200
        assert client.get("/en/admin/core/auditentry/add/").status_code == 403
        assert (
            client.post(f"/en/admin/core/auditentry/{entry.pk}/change/", {"object_label": "x"}).status_code
            == 403
        )
        assert (
            client.post(f"/en/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
        )
        assert AuditEntry.objects.get(pk=entry.pk).object_label == entry.object_label
