"""Learning materials through the API: upload, review, download; refusals; who may do what."""

import io

import pytest
from rest_framework.test import APIClient

from curriculum.models import Material, MaterialVersion
from tests.accounts.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def unit(demo):
    from curriculum.models import Unit

    return Unit.objects.filter(module__course__slug="smart-city-technician").order_by("id").first()


def as_user(*roles, **extra):
    client = APIClient()
    user = UserFactory(roles=list(roles), **extra)
    client.force_authenticate(user)
    return client, user


def upload(client, unit, name="guide.pdf", content=PDF, **fields):
    """A multipart request written by hand: Django's test client would strip a path from the
    file name, as browsers do, and a crafted request may not."""
    boundary = "----s4c-test-boundary"
    parts = {"unit": str(unit.pk), "title": fields.pop("title", "Sensor guide"), "language": "en"}
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in parts.items()
    )
    body += (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.generic(
        "POST", "/api/v1/materials/", body, content_type=f"multipart/form-data; boundary={boundary}", **fields
    )


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_trainer_uploads_submits_editor_approves_learner_downloads(unit, private_media):
    trainer_client, _trainer = as_user("trainer")
    editor_client, _editor = as_user("framework_editor")
    learner_client, _learner = as_user("learner")

    created = upload(trainer_client, unit)
    assert created.status_code == 201, created.json()
    material_id = created.json()["id"]
    version = MaterialVersion.objects.get(material_id=material_id)
    assert version.sha256 and version.size == len(PDF) and version.content_type == "application/pdf"
    assert (
        version.original_name == "guide.pdf" and "guide" not in version.file.name
    )  # unguessable stored name
    assert learner_client.get(f"/api/v1/materials/{material_id}/").status_code == 404  # a draft is hidden

    assert trainer_client.post(f"/api/v1/materials/{material_id}/submit/").json()["status"] == "submitted"
    assert learner_client.get(f"/api/v1/materials/{material_id}/").status_code == 404
    assert editor_client.post(f"/api/v1/materials/{material_id}/approve/").json()["status"] == "approved"

    response = learner_client.get(f"/api/v1/materials/{material_id}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="guide.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert APIClient().get(f"/api/v1/materials/{material_id}/download/").status_code == 401


def test_a_new_version_keeps_the_old_one_and_learners_keep_the_approved_file(unit):
    trainer_client, _trainer = as_user("trainer")
    editor_client, _editor = as_user("framework_editor")
    _learner_client, _learner = as_user("learner")
    material_id = upload(trainer_client, unit).json()["id"]
    trainer_client.post(f"/api/v1/materials/{material_id}/submit/")
    editor_client.post(f"/api/v1/materials/{material_id}/approve/")
    newer = io.BytesIO(PDF + b"% second edition\n")
    newer.name = "guide-v2.pdf"
    response = trainer_client.post(
        f"/api/v1/materials/{material_id}/versions/", {"file": newer}, format="multipart"
    )
    assert response.status_code == 201
    assert [v["number"] for v in response.json()["versions"]] == [2, 1]
    assert response.json()["status"] == "draft"
    # Learners still get version 1, the approved one (and a draft again is not listed to them).
    assert Material.objects.get(pk=material_id).approved_version.number == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("big.pdf", PDF + b"0" * (1024 * 1024 + 1), "larger than the limit of 1 MB"),
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100, "This type of file is not accepted"),
        ("page.pdf", b"<html><script>alert(1)</script></html>", "This type of file is not accepted"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "This type of file is not accepted",
        ),
        ("../../etc/passwd.pdf", PDF, "may not contain a path"),
        ("empty.pdf", b"", "The file is empty."),
        ("notes.docx", PDF, "but its name ends in"),
    ],
)
def test_refused_uploads_say_why_and_store_nothing(unit, settings, private_media, name, content, message):
    settings.MATERIAL_MAX_UPLOAD_MB = 1
    trainer_client, _trainer = as_user("trainer")
    response = upload(trainer_client, unit, name=name, content=content)
    assert response.status_code == 400
    assert message in str(response.json())
    assert not Material.objects.exists() and not MaterialVersion.objects.exists()
    assert stored_files(private_media) == []


def test_refusal_is_in_the_users_language(unit):
    from django.utils import translation

    trainer_client, _trainer = as_user("trainer")
    response = upload(trainer_client, unit, name="x.pdf", content=b"MZ\x90\x00", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    with translation.override("de"):
        expected = translation.gettext(
            "This type of file is not accepted: upload a PDF, an office document, an image, a video or a zip archive."
        )
    assert expected.startswith("Dieser") or expected.startswith("Diese")
    assert response.json() == {"file": [expected]}


def test_other_trainers_cannot_change_or_delete_and_learners_cannot_upload(unit):
    owner_client, _owner = as_user("trainer")
    editor_client, _editor = as_user("framework_editor")
    other_client, _other = as_user("trainer")
    learner_client, _learner = as_user("learner")
    material_id = upload(owner_client, unit).json()["id"]
    # A draft of someone else does not exist for them.
    assert other_client.post(f"/api/v1/materials/{material_id}/submit/").status_code == 404
    assert other_client.delete(f"/api/v1/materials/{material_id}/").status_code == 404
    owner_client.post(f"/api/v1/materials/{material_id}/submit/")
    editor_client.post(f"/api/v1/materials/{material_id}/approve/")
    # Approved: visible, but still not theirs.
    assert other_client.delete(f"/api/v1/materials/{material_id}/").status_code == 403
    file = io.BytesIO(PDF)
    file.name = "mine.pdf"
    assert (
        other_client.post(
            f"/api/v1/materials/{material_id}/versions/", {"file": file}, format="multipart"
        ).status_code
        == 403
    )
    assert learner_client.post(f"/api/v1/materials/{material_id}/approve/").status_code in (400, 403)
    assert upload(learner_client, unit).status_code == 403
    assert Material.objects.get(pk=material_id).versions.count() == 1


def test_rejection_needs_a_reason(unit):
    owner_client, _owner = as_user("trainer")
    editor_client, _editor = as_user("framework_editor")
    material_id = upload(owner_client, unit).json()["id"]
    owner_client.post(f"/api/v1/materials/{material_id}/submit/")
    assert editor_client.post(f"/api/v1/materials/{material_id}/reject/", {"reason": " "}).status_code == 400
    response = editor_client.post(
        f"/api/v1/materials/{material_id}/reject/", {"reason": "Cite your sources."}
    )
    assert (
        response.json()["status"] == "rejected"
        and response.json()["rejection_reason"] == "Cite your sources."
    )


def test_material_list_costs_the_same_queries_for_more_rows(unit, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owner_client, _owner = as_user("trainer")

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert owner_client.get("/api/v1/materials/").status_code == 200
        return len(captured)

    upload(owner_client, unit)
    before = count()
    for n in range(5):
        upload(owner_client, unit, title=f"More {n}")
    assert count() == before
