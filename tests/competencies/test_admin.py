"""The admin lets framework editors change drafts and only look at published versions."""

import pytest

from competencies.models import Competence, Framework
from tests.accounts.factories import UserFactory

from .factories import CompetenceFactory, FrameworkFactory


@pytest.fixture
def editor_client(client, db):
    client.force_login(UserFactory(roles=["framework_editor"], is_staff=True))
    return client


def test_editor_changes_a_draft_competence_in_the_admin(editor_client):
    draft = FrameworkFactory(status=Framework.Status.DRAFT)
    competence = CompetenceFactory(framework=draft, title_en="Old", title_bg="Старо")
    url = f"/en/admin/competencies/competence/{competence.pk}/change/"
    page = editor_client.get(url)
    assert page.status_code == 200
    assert "title_bg" in page.content.decode()  # a tab per language
    response = editor_client.post(
        url,
        {
            "framework": draft.pk,
            "kind": "competence",
            "code": competence.code,
            "position": 0,
            "title_en": "New title",
            "title_bg": "Ново заглавие",
            "uri": "",
            "descriptors-TOTAL_FORMS": 0,
            "descriptors-INITIAL_FORMS": 0,
            "associations_out-TOTAL_FORMS": 0,
            "associations_out-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    competence.refresh_from_db()
    assert competence.title_bg == "Ново заглавие"
    assert "ново заглавие" in competence.search_text
    assert competence.area_id == competence.pk


def test_published_competences_are_read_only_in_the_admin(editor_client):
    published = FrameworkFactory(status=Framework.Status.PUBLISHED)
    competence = CompetenceFactory(framework=published, title_en="Fixed")
    url = f"/en/admin/competencies/competence/{competence.pk}/change/"
    assert editor_client.get(url).status_code == 200  # may look
    response = editor_client.post(url, {"title_en": "Changed", "framework": published.pk, "kind": "skill"})
    assert response.status_code == 403
    competence.refresh_from_db()
    assert competence.title_en == "Fixed"
    assert (
        editor_client.post(
            f"/en/admin/competencies/competence/{competence.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert Competence.objects.filter(pk=competence.pk).exists()


def test_other_roles_cannot_open_the_framework_admin(client, db):
    client.force_login(UserFactory(roles=["trainer"], is_staff=True))
    assert client.get("/en/admin/competencies/competence/").status_code == 403


def test_editor_starts_a_new_draft_from_a_published_version_in_the_admin(editor_client):
    published = FrameworkFactory(
        key="city", version="2.3", slug="city-2-3", status=Framework.Status.PUBLISHED
    )
    CompetenceFactory(framework=published, code="X.1")
    response = editor_client.post(
        "/en/admin/competencies/framework/", {"action": "new_draft", "_selected_action": [published.pk]}
    )
    assert response.status_code == 302
    draft = Framework.objects.get(key="city", version="2.4")
    assert draft.status == Framework.Status.DRAFT and draft.derived_from == published
    assert draft.competences.get().code == "X.1"
    response = editor_client.post(
        "/en/admin/competencies/framework/", {"action": "publish", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.status == Framework.Status.PUBLISHED


def test_next_version():
    from competencies.services import next_version

    assert [next_version(v) for v in ("1.0", "1.9", "2", "2024-draft")] == [
        "1.1",
        "1.10",
        "3",
        "2024-draft.1",
    ]
