"""Validation of prior learning through the pages: identification, documentation (safe uploads),
assessment by a certifier; who may see what."""

import pytest

from accounts.roles import Role
from certification.models import Evidence, ValidationCase, ValidationClaim
from tests.accounts.factories import UserFactory
from tests.certification.factories import scheme_with_exam

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signed_in(client, user):
    client.logout()
    client.force_login(user)
    return client


@pytest.fixture
def scheme():
    return scheme_with_exam(min_score=60, validation_allowed=True)[0]


def test_a_case_from_identification_to_certification(client, learner, certifier, scheme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    competences = list(scheme.role.requirements.values_list("competence_id", flat=True))
    url = f"/en/certification/{scheme.slug}/validation/"
    assert signed_in(client, learner).get(url).status_code == 200
    response = client.post(url, {"competences": competences, "statement": "Five years of sensor pilots."})
    case = ValidationCase.objects.get()
    assert response.status_code == 302 and case.phase == "documentation"
    case_url = f"/en/certification/validation/{case.pk}/"
    claims = list(case.claims.order_by("competence__code"))

    # A file that is not what its name says changes nothing and says why.
    bad = client.post(
        case_url,
        {
            "claim": claims[0].pk,
            "kind": "file",
            "file": SimpleUploadedFile("report.pdf", b"MZ\x90\x00binary"),
        },
    )
    assert bad.status_code == 400 and "This type of file is not accepted" in bad.content.decode()
    assert not Evidence.objects.exists()
    # Submitting before every competence has evidence is refused.
    assert client.post(case_url, {"action": "submit"}).status_code == 400

    good = client.post(
        case_url, {"claim": claims[0].pk, "kind": "file", "file": SimpleUploadedFile("report.pdf", PDF)}
    )
    assert good.status_code == 302
    client.post(case_url, {"claim": claims[1].pk, "kind": "link", "url": "https://example.org/pilot"})
    assert client.post(case_url, {"action": "submit"}).status_code == 302
    case.refresh_from_db()
    assert case.phase == "assessment"

    # Another learner sees nothing of it; the file goes to its owner and certifiers only.
    evidence = Evidence.objects.get(kind="file")
    other = UserFactory(roles=[Role.LEARNER])
    assert signed_in(client, other).get(case_url).status_code == 404
    assert client.get(f"/en/certification/validation/evidence/{evidence.pk}/").status_code == 404
    assert (
        signed_in(client, learner).get(f"/en/certification/validation/evidence/{evidence.pk}/").status_code
        == 200
    )

    signed_in(client, certifier)
    assert case.learner.full_name in client.get("/en/certifier/validation/").content.decode()
    assess_url = f"/en/certifier/validation/{case.pk}/"
    level = scheme.role.requirements.first().level
    incomplete = client.post(
        assess_url, {f"decision_{claims[0].pk}": "accepted", f"decision_{claims[1].pk}": "rejected"}
    )
    assert incomplete.status_code == 400
    assert "Give the level at which" in incomplete.content.decode()
    assert ValidationClaim.objects.filter(decision="pending").count() == 2
    done = client.post(
        assess_url,
        {
            f"decision_{claims[0].pk}": "accepted",
            f"level_{claims[0].pk}": level.pk,
            f"decision_{claims[1].pk}": "rejected",
            f"comment_{claims[1].pk}": "The link shows the city's pilot, not your part in it.",
        },
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.phase == "certification" and case.assessor == certifier
    assert signed_in(client, learner).get(case_url).status_code == 200


def test_only_learners_open_cases_and_certifiers_assess(client, learner, scheme):
    url = f"/en/certification/{scheme.slug}/validation/"
    assert client.get(url).status_code == 302
    assert signed_in(client, UserFactory(roles=[Role.TRAINER])).get(url).status_code == 403
    assert signed_in(client, learner).get("/en/certifier/validation/").status_code == 403


def test_a_scheme_without_validation_has_no_case_page(client, learner):
    scheme = scheme_with_exam(min_score=60, validation_allowed=False)[0]
    assert signed_in(client, learner).get(f"/en/certification/{scheme.slug}/validation/").status_code == 404
