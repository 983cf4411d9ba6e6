"""The trainer workspace, the review queue and downloads in the browser's pages: who may open them."""

import io

import pytest

from curriculum.models import Material
from tests.accounts.factories import UserFactory

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def test_workspace_is_for_trainers_and_review_for_editors(client, db):
    assert client.get("/en/trainer/materials/").status_code == 302  # sign in first
    client.force_login(UserFactory(roles=["learner"]))
    assert client.get("/en/trainer/materials/").status_code == 403
    assert client.get("/en/review/materials/").status_code == 403
    client.force_login(UserFactory(roles=["trainer"]))
    assert client.get("/en/trainer/materials/").status_code == 200
    assert client.get("/en/review/materials/").status_code == 403
    client.force_login(UserFactory(roles=["framework_editor"]))
    assert client.get("/en/review/materials/").status_code == 200


def test_upload_form_names_the_problem_in_the_page_language_and_stores_nothing(client, demo):
    from django.utils import translation

    from curriculum.models import Unit

    client.force_login(UserFactory(roles=["trainer"]))
    unit = Unit.objects.first()
    exe = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 64)
    exe.name = "slides.pdf"
    response = client.post(
        "/bg/trainer/materials/", {"unit": unit.pk, "title": "Slides", "language": "bg", "file": exe}
    )
    assert response.status_code == 400
    with translation.override("bg"):
        expected = translation.gettext(
            "This type of file is not accepted: upload a PDF, an office document, an image, a video or a zip archive."
        )
    assert expected in response.content.decode()
    assert not Material.objects.exists()


def test_other_trainers_get_404_on_my_material_and_drafts_do_not_download(client, demo):
    from curriculum import services
    from curriculum.models import Unit

    owner = UserFactory(roles=["trainer"])
    material = services.material_create(
        unit=Unit.objects.first(),
        uploader=owner,
        title="Mine",
        language="en",
        upload=("mine.pdf", len(PDF), io.BytesIO(PDF)),
    )
    client.force_login(UserFactory(roles=["trainer"]))
    assert client.get(f"/en/trainer/materials/{material.pk}/").status_code == 404
    assert client.post(f"/en/trainer/materials/{material.pk}/", {"action": "delete"}).status_code == 404
    assert client.get(f"/en/materials/{material.pk}/download/").status_code == 404
    client.force_login(UserFactory(roles=["learner"]))
    assert client.get(f"/en/materials/{material.pk}/download/").status_code == 404
    client.force_login(owner)
    response = client.get(f"/en/materials/{material.pk}/download/")
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert Material.objects.filter(pk=material.pk).exists()
