"""Who may use the certification pages and API, verification, the credential, constant queries."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.roles import Role
from certification import credentials, services
from certification.models import Certificate
from tests.accounts.factories import UserFactory
from tests.certification.conftest import sit
from tests.certification.factories import scheme_with_exam
from tests.certification.test_credentials import undefined_terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(committed, learner, certifier):
    scheme, test, _ = scheme_with_exam(min_score=60)
    sit(test, learner, right={"SC-A.1", "SC-B.1"})
    return committed(services.certificate_issue, scheme=scheme, holder=learner, actor=certifier)


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url", ["/en/certifier/candidates/", "/en/certifier/certificates/", "/en/certifier/validation/"]
)
def test_certifier_pages_refuse_others(client, learner, certifier, issued, url):
    assert client.get(url).status_code == 302  # anonymous: sign in first
    assert signed_in(client, learner).get(url).status_code == 403
    assert signed_in(client, certifier).get(url).status_code == 200


def test_the_pdf_and_the_credential_go_to_holder_certifier_and_admin_only(client, learner, certifier, issued):
    urls = [
        f"/en/certification/my/certificates/{issued.pk}/pdf/",
        f"/en/certification/my/certificates/{issued.pk}/credential/",
    ]
    for url in urls:
        client.logout()
        assert client.get(url).status_code == 302
        assert signed_in(client, UserFactory(roles=[Role.LEARNER])).get(url).status_code == 404
        assert signed_in(client, learner).get(url).status_code == 200
        assert signed_in(client, certifier).get(url).status_code == 200
        assert signed_in(client, UserFactory(is_superuser=True)).get(url).status_code == 200
    api = APIClient()
    api.force_authenticate(UserFactory(roles=[Role.LEARNER]))
    assert api.get(f"/api/v1/certificates/{issued.pk}/credential/").status_code == 404
    assert api.get("/api/v1/certificates/").json()["count"] == 0


def test_learners_see_where_they_stand(client, learner):
    _scheme, test, _ = scheme_with_exam(min_score=60)
    sit(test, learner, right={"SC-A.1"})
    page = signed_in(client, learner).get("/en/certification/my/").content.decode()
    assert "Your best score is 50%; you need at least 60%." in page
    api = APIClient()
    api.force_authenticate(learner)
    body = api.get("/api/v1/me/eligibility/").json()
    assert body[0]["eligible"] is False and body[0]["checks"][0]["met"] is False
    assert APIClient().get("/api/v1/me/eligibility/").status_code == 401


def test_issuing_through_the_api_refuses_with_the_reason_and_writes_nothing(learner, certifier):
    scheme, test, _ = scheme_with_exam(min_score=60)
    sit(test, learner, right={"SC-A.1"})
    api = APIClient()
    api.force_authenticate(certifier)
    response = api.post(
        "/api/v1/certificates/", {"scheme": scheme.slug, "holder": learner.email}, format="json"
    )
    assert response.status_code == 400
    assert "you need at least 60%" in json.dumps(response.json())
    assert not Certificate.objects.exists()
    api.force_authenticate(learner)
    assert (
        api.post(
            "/api/v1/certificates/", {"scheme": scheme.slug, "holder": learner.email}, format="json"
        ).status_code
        == 403
    )


def test_verification_is_public_404_for_unknown_codes_and_throttled(client, issued, settings):
    body = APIClient().get(f"/api/v1/verify/{issued.code}/").json()
    assert body["status"] == "valid" and body["holder_name"] == "Мария Иванова"
    assert "code" not in body and "holder" not in body
    page = client.get(f"/el/verify/{issued.code}/").content.decode()
    assert issued.serial in page and "Мария Иванова" in page
    settings.VERIFY_MISSES_ALLOWED = 3
    cache.clear()
    for _ in range(3):
        assert APIClient().get("/api/v1/verify/AAAAAAAAAAAAAAAAAAAAAA/").status_code == 404
    assert APIClient().get("/api/v1/verify/AAAAAAAAAAAAAAAAAAAAAA/").status_code == 429
    assert client.get(f"/en/verify/{issued.code}/").status_code == 429


def test_an_edited_pdf_does_not_verify(client, issued):
    data = Certificate.objects.get(pk=issued.pk).pdf.read()
    good = client.post("/en/verify/", {"file": _upload(data)})
    assert good.status_code == 200 and issued.serial in good.content.decode()
    forged = data[:-200] + data[-200:].replace(b"0", b"1", 1)
    assert forged != data
    assert client.post("/en/verify/", {"file": _upload(forged)}).status_code == 400
    garbage = client.post("/en/verify/", {"file": _upload(b"hello", "x.txt")})
    assert garbage.status_code == 400 and "neither a PDF nor a credential" in garbage.content.decode()


def _upload(data, name="certificate.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_the_credential_verifies_and_its_status_follows_revocation(
    client, learner, certifier, issued, committed
):
    body = (
        signed_in(client, learner).get(f"/en/certification/my/certificates/{issued.pk}/credential/").content
    )
    credential = json.loads(body)
    assert credentials.verify(credential)
    tampered = json.loads(body.replace("Мария".encode(), "Марин".encode()))
    assert not credentials.verify(tampered)
    status = credential["credentialStatus"]
    index = int(status["statusListIndex"])
    status_list = APIClient().get(status["statusListCredential"].replace("http://127.0.0.1:8000", "")).json()
    assert credentials.verify(status_list) and not credentials.status_bit(status_list, index)
    services.certificate_revoke(certificate=issued, actor=certifier, reason="Fraud")
    status_list = APIClient().get(status["statusListCredential"].replace("http://127.0.0.1:8000", "")).json()
    assert credentials.status_bit(status_list, index)
    # An uploaded credential is checked by its signature and then shows the current status.
    check = client.post("/en/verify/", {"file": _upload(body, "c.json")})
    assert check.status_code == 200 and "Revoked" in check.content.decode()
    did = client.get("/.well-known/did.json").json()
    assert did["id"] == credentials.issuer_did()


def test_certifier_lists_cost_the_same_queries_for_more_certificates(client, certifier, committed):
    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add(n):
        for _ in range(n):
            scheme, test, _ = scheme_with_exam(min_score=60)
            person = UserFactory(roles=[Role.LEARNER])
            sit(test, person, right={"SC-A.1", "SC-B.1"})
            committed(services.certificate_issue, scheme=scheme, holder=person, actor=certifier)

    signed_in(client, certifier)
    add(1)
    urls = [
        "/en/certifier/certificates/",
        "/en/certification/certified/",
        "/api/v1/certificates/",
        "/en/certification/",
    ]
    before = {url: count(url) for url in urls}
    add(3)
    assert {url: count(url) for url in urls} == before


def test_a_batch_issues_the_eligible_and_reports_the_others(
    client, certifier, django_capture_on_commit_callbacks
):
    scheme, test, _ = scheme_with_exam(min_score=60)
    ready = [UserFactory(roles=[Role.LEARNER]) for _ in range(2)]
    for person in ready:
        sit(test, person, right={"SC-A.1", "SC-B.1"})
    signed_in(client, certifier)
    page = client.get(f"/en/certifier/candidates/?scheme={scheme.slug}").content.decode()
    assert all(person.full_name in page for person in ready)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/certifier/candidates/", {"scheme": scheme.slug, "holders": [p.pk for p in ready]}
        )
    assert response.status_code == 302
    progress = client.get(response["Location"] + "?format=json").json()
    assert progress == {"status": "finished", "total": 2, "issued": 2, "refused": 0}
    assert Certificate.objects.filter(pdf_status="ready").count() == 2
    # Not eligible any more (they hold it): a second batch for them is refused by the form.
    again = client.post("/en/certifier/candidates/", {"scheme": scheme.slug, "holders": [ready[0].pk]})
    assert again.status_code == 400


def test_a_real_certificates_credential_expands_and_verifies_with_the_published_key(
    client, learner, issued, local_loader
):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    credential = signed_in(client, learner).get(f"/api/v1/certificates/{issued.pk}/credential/").json()
    assert undefined_terms(credential, local_loader) == set()
    did = client.get("/.well-known/did.json").json()
    method = next(
        m for m in did["verificationMethod"] if m["id"] == credential["proof"]["verificationMethod"]
    )
    raw = credentials.base58btc_decode(method["publicKeyMultibase"][1:])
    published = Ed25519PublicKey.from_public_bytes(raw[2:])
    assert raw[:2] == b"\xed\x01"
    assert credentials.verify(credential, public_key=published)
    credential["validUntil"] = credential["validUntil"].replace("2028", "2038")
    assert not credentials.verify(credential, public_key=published)
    codes = {
        a["targetCode"]
        for a in credential["credentialSubject"]["achievement"]["alignment"]
        if "targetCode" in a
    }
    assert codes == {"SC-A.1", "SC-B.1"}
