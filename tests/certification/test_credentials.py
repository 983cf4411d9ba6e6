"""Open Badges 3.0 credentials: JCS, eddsa-jcs-2022 proofs, did:web, status lists, JSON-LD validity.

No database. The JSON-LD checks expand with the official contexts kept beside the project
(../shared/data/openbadges/contexts) and skip when they are absent; nothing is fetched.
"""

import base64
import copy
import dataclasses
import gzip
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from pyld import jsonld

from certification import credentials
from certification.credentials import (
    Alignment,
    CredentialFacts,
    base58btc_decode,
    base58btc_encode,
    build_credential,
    decode_bitstring,
    did_document,
    issuer_did,
    jcs,
    public_key_multibase,
    sign,
    signing_key,
    status_bit,
    status_list_credential,
    verification_method,
    verify,
)
from tests.conftest import SHARED_DATA

CONTEXTS = SHARED_DATA / "openbadges" / "contexts"
CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-3.0.3.json",
    "https://w3id.org/security/data-integrity/v1": "data-integrity-v1.jsonld",
}
#: Appended as the last context's @vocab: a term no context defines expands to this prefix
#: instead of being dropped silently, which is what plain JSON-LD expansion does.
UNDEFINED = "urn:x-undefined-term:"
SITE = "https://skills4cities.example"
STATUS_LIST = f"{SITE}/credentials/status/1"
CYRILLIC = "Мария Иванова-Петрова"
GREEK = "Γιώργος Παπαδόπουλος"


@pytest.fixture(autouse=True)
def _issuer(settings: Any) -> None:
    settings.SITE_URL = SITE
    settings.CREDENTIAL_SIGNING_KEY = ""


def make_facts(**changes: Any) -> CredentialFacts:
    facts = CredentialFacts(
        credential_id=f"{SITE}/credentials/3f0c9a52-6d7e-4f1e-9c3b-2a7d5e8b1c40/v1",
        achievement_id=f"{SITE}/certification/schemes/smart-city-project-manager",
        achievement_name="Smart City Project Manager",
        achievement_description="Plans and leads smart-city projects across city services.",
        criteria_narrative="Pass the written test (70 %) and the project assessment; hold two years' experience.",
        holder_name=CYRILLIC,
        holder_id="urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        serial="S4C-2026-000123",
        issued_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        valid_until=datetime(2029, 3, 1, 9, 30, tzinfo=UTC),
        language="bg",
        alignments=(
            Alignment(
                target_url=f"{SITE}/ims/case/v1p0/CFItems/5d1f3c2e-8a9b-4c7d-9e0f-1a2b3c4d5e6f",
                target_name="Smart city project management",
                target_type="CFItem",
                target_code="SC-PM-1",
                target_framework="Skills4Cities competence framework",
            ),
            Alignment(
                target_url="http://data.europa.eu/esco/occupation/0e3a7f1c-5b9d-4e2a-8c6f-7d1b2a3c4e5f",
                target_name="ICT project manager",
                target_type="ext:ESCO",
            ),
            Alignment(
                target_url=f"{SITE}/frameworks/e-cf/E.2",
                target_name="Project and Portfolio Management",
                target_type="ext:eCF",
                target_code="E.2",
                target_framework="e-CF 4.0",
            ),
        ),
        status_list_url=STATUS_LIST,
        status_index=4242,
        competences=(("Project and Portfolio Management", "e-4"), ("Urban data governance", "Advanced")),
    )
    return dataclasses.replace(facts, **changes)


def signed_credential(**changes: Any) -> dict[str, Any]:
    return sign(build_credential(make_facts(**changes)), created=datetime(2026, 3, 1, 9, 31, tzinfo=UTC))


def as_text(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False)


def edited(document: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    text = as_text(document)
    assert text.count(old) == 1, f"{old!r} must occur once"
    return json.loads(text.replace(old, new))


# --- JCS (RFC 8785) and base58btc --------------------------------------------------------------


def test_jcs_sorts_keys_by_utf16_code_units():
    # RFC 8785 §3.2.3: U+1F600 is the surrogate pair D83D DE00 and sorts before U+FB33.
    value = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\U0001f600": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }
    expected = (
        '{"\\r":"Carriage Return","1":"One","\u0080":"Control",'
        '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",'
        '"\U0001f600":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}'
    )
    assert jcs(value) == expected.encode("utf-8")


def test_jcs_escapes_strings_as_ecmascript_does():
    # RFC 8785 §3.2.2.2 example, plus the short escapes and a control character without one.
    assert jcs('\u20ac$\x0f\nA\'B"\\\\"/') == r'''"€$\u000f\nA'B\"\\\\\"/"'''.encode()
    assert jcs("\b\f\t\r\x1f\x7f\u2028") == '"\\b\\f\\t\\r\\u001f\x7f\u2028"'.encode()
    assert jcs({"name": CYRILLIC}) == f'{{"name":"{CYRILLIC}"}}'.encode()


def test_jcs_nested_values_have_no_whitespace():
    value = {"b": [3, {"z": None, "a": True}], "a": {"c": False, "b": -12}, "": "empty", "list": []}
    assert jcs(value) == b'{"":"empty","a":{"b":-12,"c":false},"b":[3,{"a":true,"z":null}],"list":[]}'


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"score": 0.5}, "floating-point"),
        ([1.0], "floating-point"),
        (2**53, "safe range"),
        ({1: "x"}, "keys must be strings"),
        ({"when": datetime(2026, 1, 1, tzinfo=UTC)}, "not a JSON value"),
    ],
)
def test_jcs_refuses_what_it_cannot_canonicalise(value, message):
    with pytest.raises(ValueError, match=message):
        jcs(value)


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [
        (b"Hello World!", "2NEpo7TZRRrLZSi2U"),
        (
            b"The quick brown fox jumps over the lazy dog.",
            "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z",
        ),
        (bytes.fromhex("0000287fb4cd"), "11233QC4"),
        (b"", ""),
        (b"\0", "1"),
    ],
)
def test_base58btc(raw, encoded):
    assert base58btc_encode(raw) == encoded
    assert base58btc_decode(encoded) == raw


def test_base58btc_refuses_characters_outside_the_alphabet():
    with pytest.raises(ValueError, match="base58btc"):
        base58btc_decode("0OIl")


# --- Issuer, key, DID document -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("site_url", "did"),
    [
        ("http://127.0.0.1:8000", "did:web:127.0.0.1%3A8000"),
        ("https://Skills4Cities.example/", "did:web:skills4cities.example"),
        ("https://example.org/s4c/eu", "did:web:example.org:s4c:eu"),
    ],
)
def test_issuer_did_is_the_did_web_form_of_site_url(settings, site_url, did):
    settings.SITE_URL = site_url
    assert issuer_did() == did
    assert verification_method() == f"{did}#key-1"


def test_public_key_is_an_ed25519_multikey():
    public_key = signing_key().public_key()
    encoded = public_key_multibase(public_key)
    assert encoded.startswith("z6Mk")
    assert base58btc_decode(encoded[1:]) == b"\xed\x01" + public_key.public_bytes_raw()


def test_did_document_publishes_the_verification_method():
    document = did_document()
    method = verification_method()
    assert document["@context"] == ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
    assert document["id"] == issuer_did() == "did:web:skills4cities.example"
    assert document["assertionMethod"] == [method]
    assert document["authentication"] == [method]
    assert document["verificationMethod"] == [
        {
            "id": method,
            "type": "Multikey",
            "controller": issuer_did(),
            "publicKeyMultibase": public_key_multibase(signing_key().public_key()),
        }
    ]


def test_signing_key_comes_from_the_setting_or_is_derived_from_secret_key(settings):
    derived = signing_key().private_bytes_raw()
    assert signing_key().private_bytes_raw() == derived  # deterministic
    settings.SECRET_KEY = "another-secret-key-for-this-test-only"
    assert signing_key().private_bytes_raw() != derived

    seed = bytes(range(32))
    settings.CREDENTIAL_SIGNING_KEY = base64.urlsafe_b64encode(seed).decode().rstrip("=")
    assert signing_key().private_bytes_raw() == seed

    settings.CREDENTIAL_SIGNING_KEY = base64.urlsafe_b64encode(b"too short").decode()
    with pytest.raises(ImproperlyConfigured, match="32 bytes"):
        signing_key()


# --- The credential ----------------------------------------------------------------------------


def test_credential_states_the_facts():
    credential = build_credential(make_facts(valid_until=None, competences=()))
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"] == {
        "id": "did:web:skills4cities.example",
        "type": ["Profile"],
        "name": "Skills4Cities",
        "url": SITE,
    }
    assert credential["validFrom"] == "2026-03-01T09:30:00Z"
    assert "validUntil" not in credential
    subject = credential["credentialSubject"]
    assert subject["identifier"] == [
        {"type": "IdentityObject", "identityHash": CYRILLIC, "identityType": "name", "hashed": False}
    ]
    assert subject["licenseNumber"] == "S4C-2026-000123"
    achievement = subject["achievement"]
    assert achievement["achievementType"] == "Certificate"
    assert achievement["inLanguage"] == "bg"
    assert "resultDescription" not in achievement
    assert achievement["alignment"][1] == {
        "type": ["Alignment"],
        "targetName": "ICT project manager",
        "targetUrl": "http://data.europa.eu/esco/occupation/0e3a7f1c-5b9d-4e2a-8c6f-7d1b2a3c4e5f",
        "targetType": "ext:ESCO",
    }
    assert credential["credentialStatus"] == {
        "id": f"{STATUS_LIST}#4242",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "4242",
        "statusListCredential": STATUS_LIST,
    }


def test_datetimes_are_utc_and_must_be_aware():
    from zoneinfo import ZoneInfo

    sofia = datetime(2026, 3, 1, 11, 30, tzinfo=ZoneInfo("Europe/Sofia"))
    assert build_credential(make_facts(issued_at=sofia))["validFrom"] == "2026-03-01T09:30:00Z"
    with pytest.raises(ValueError, match="timezone-aware"):
        build_credential(make_facts(issued_at=datetime(2026, 3, 1, 9, 30)))  # noqa: DTZ001


def test_alignment_target_types_follow_ob_3():
    bad = Alignment(target_url=f"{SITE}/x", target_name="x", target_type="ESCO")
    with pytest.raises(ValueError, match="ext:"):
        build_credential(make_facts(alignments=(bad,)))


# --- Signing and verifying ---------------------------------------------------------------------


@pytest.mark.parametrize("holder_name", [CYRILLIC, GREEK])
def test_sign_verify_round_trip(holder_name):
    signed = signed_credential(holder_name=holder_name)
    proof = signed["proof"]
    assert {key: value for key, value in proof.items() if key != "proofValue"} == {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": "2026-03-01T09:31:00Z",
        "verificationMethod": "did:web:skills4cities.example#key-1",
        "proofPurpose": "assertionMethod",
    }
    assert proof["proofValue"].startswith("z") and len(base58btc_decode(proof["proofValue"][1:])) == 64
    assert verify(signed)
    assert verify(signed, public_key=signing_key().public_key())
    # What a holder downloads and uploads again: JSON text, escaped or not, any key order.
    assert verify(json.loads(json.dumps(signed, ensure_ascii=True)))
    assert verify(json.loads(json.dumps(signed, ensure_ascii=False, indent=2, sort_keys=True)))
    assert holder_name in as_text(signed)


def test_sign_does_not_change_its_input_or_sign_twice():
    credential = build_credential(make_facts())
    before = copy.deepcopy(credential)
    signed = sign(credential)
    assert credential == before and "proof" not in credential
    with pytest.raises(ValueError, match="already has a proof"):
        sign(signed)


def mutations(text: str):
    """Every one-character change of ``text`` that still parses as a different JSON document."""
    original = json.loads(text)
    for position, char in enumerate(text):
        if char in '{}[]:,"\\ ':
            continue
        replacement = chr(ord(char) + 1)
        if replacement in '"\\':
            replacement = chr(ord(char) - 1)
        try:
            changed = json.loads(text[:position] + replacement + text[position + 1 :])
        except json.JSONDecodeError:
            continue
        assert changed != original
        yield position, changed


def test_changing_any_single_character_breaks_the_proof():
    signed = signed_credential(holder_name=GREEK)
    text = as_text(signed)
    checked = 0
    for position, changed in mutations(text):
        assert not verify(changed), (
            f"a change at {position} ({text[max(0, position - 30) : position + 10]!r}) verified"
        )
        checked += 1
    assert checked > len(text) * 0.7  # nearly every character: all but JSON punctuation


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (CYRILLIC, "Мария Иванова-Петрово"),
        ('"validUntil": "2029-03-01T09:30:00Z"', '"validUntil": "2039-03-01T09:30:00Z"'),
        ("S4C-2026-000123", "S4C-2026-000124"),
        ('"statusListIndex": "4242"', '"statusListIndex": "4243"'),
        ('"hashed": false', '"hashed": true'),
        ('"proofPurpose": "assertionMethod"', '"proofPurpose": "authentication"'),
    ],
)
def test_named_edits_break_the_proof(old, new):
    assert not verify(edited(signed_credential(), old, new))


def test_an_edited_proof_value_fails():
    signed = signed_credential()
    value = signed["proof"]["proofValue"]
    middle = len(value) // 2
    swapped = value[:middle] + ("2" if value[middle] != "2" else "3") + value[middle + 1 :]
    assert not verify({**signed, "proof": {**signed["proof"], "proofValue": swapped}})


def test_missing_proof_and_other_keys_fail():
    signed = signed_credential()
    assert not verify({key: value for key, value in signed.items() if key != "proof"})

    other = Ed25519PrivateKey.generate()
    forged = sign(build_credential(make_facts()), key=other)  # claims our verificationMethod
    assert not verify(forged)
    assert verify(forged, public_key=other.public_key())
    assert not verify(signed, public_key=other.public_key())


def test_a_proof_by_another_issuer_fails(settings):
    signed = signed_credential()
    settings.SITE_URL = "https://elsewhere.example"
    assert not verify(signed)  # not our verificationMethod


def test_proof_context_must_prefix_the_document_context():
    signed = signed_credential()
    with_context = {**signed, "proof": {**signed["proof"], "@context": signed["@context"]}}
    assert verify(with_context)  # §3.3.2: the same proofConfig either way
    wrong = {**signed, "proof": {**signed["proof"], "@context": ["https://example.org/other"]}}
    assert not verify(wrong)


def _deeply_nested() -> dict[str, Any]:
    value: Any = "bottom"
    for _ in range(100_000):
        value = [value]
    return {"x": value, "proof": signed_credential()["proof"]}


GARBAGE = [
    None,
    [],
    [{"proof": {}}],
    "a signed credential",
    42,
    {},
    {"proof": None},
    {"proof": "z3"},
    {"proof": []},
]


@pytest.mark.parametrize("document", GARBAGE)
def test_garbage_returns_false_without_raising(document):
    assert verify(document) is False


@pytest.mark.parametrize(
    "proof_changes",
    [
        {"cryptosuite": "eddsa-rdfc-2022"},
        {"cryptosuite": None},
        {"type": ["DataIntegrityProof"]},
        {"type": "Ed25519Signature2020"},
        {"proofValue": "u" + "A" * 86},
        {"proofValue": "z0OIl"},
        {"proofValue": "z" + "2" * 10_000},
        {"proofValue": "z"},
        {"proofValue": 12},
        {"created": "yesterday"},
        {"created": None},
        {"verificationMethod": ["did:web:skills4cities.example#key-1"]},
        {"@context": {"not": "a list"}},
    ],
)
def test_malformed_proofs_return_false_without_raising(proof_changes):
    signed = signed_credential()
    assert verify({**signed, "proof": {**signed["proof"], **proof_changes}}) is False


def test_unsupported_json_returns_false_without_raising():
    signed = signed_credential()
    assert verify({**signed, "score": 0.5}) is False  # JCS here takes integers only
    assert verify({**signed, "proof": [signed["proof"]]}) is False  # proof sets are not ours
    assert verify(_deeply_nested()) is False


# --- Bitstring Status List ---------------------------------------------------------------------

VALID_FROM = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)


def test_status_list_bits_and_signature():
    revoked = {0, 7, 8, 131071}
    status_list = status_list_credential(list_url=STATUS_LIST, revoked=revoked, valid_from=VALID_FROM)
    assert verify(status_list)
    assert status_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status_list["id"] == STATUS_LIST
    subject = status_list["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    for index in revoked:
        assert status_bit(status_list, index) is True
    for index in (1, 6, 9, 15, 16, 4242, 131070):
        assert status_bit(status_list, index) is False

    encoded = subject["encodedList"]
    assert encoded.startswith("u") and "=" not in encoded
    bits = decode_bitstring(encoded)
    assert len(bits) == 131072 // 8
    assert bits[:2] == bytes([0b1000_0001, 0b1000_0000]) and bits[-1] == 1 and not any(bits[2:-1])
    # Any GZIP reader gets the same bytes (bit 0 = most significant bit of the first byte).
    body = encoded[1:]
    assert gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))) == bits


def test_status_list_tampering_breaks_its_proof():
    status_list = status_list_credential(list_url=STATUS_LIST, revoked=set(), valid_from=VALID_FROM)
    assert status_bit(status_list, 0) is False
    unrevoked = status_list_credential(list_url=STATUS_LIST, revoked={0}, valid_from=VALID_FROM)
    swapped = copy.deepcopy(status_list)
    swapped["credentialSubject"]["encodedList"] = unrevoked["credentialSubject"]["encodedList"]
    assert status_bit(swapped, 0) is True and not verify(swapped)


def test_status_list_arguments_are_checked():
    with pytest.raises(ValueError, match="multiple of 8"):
        status_list_credential(list_url=STATUS_LIST, revoked=set(), length=100, valid_from=VALID_FROM)
    with pytest.raises(ValueError, match="outside"):
        status_list_credential(list_url=STATUS_LIST, revoked={131072}, valid_from=VALID_FROM)


def _list_with(encoded: Any) -> dict[str, Any]:
    return {"credentialSubject": {"type": "BitstringStatusList", "encodedList": encoded}}


def _multibase(data: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(data).decode().rstrip("=")


@pytest.mark.parametrize(
    ("status_list", "index", "message"),
    [
        ({}, 0, "credentialSubject"),
        ({"credentialSubject": "x"}, 0, "credentialSubject"),
        (_list_with(None), 0, "multibase"),
        (_list_with("zABC"), 0, "multibase"),
        (_list_with("u***"), 0, "base64url"),
        (_list_with(_multibase(b"not gzip")), 0, "GZIP"),
        (_list_with(_multibase(gzip.compress(bytes(16))[:-9])), 0, "truncated"),
        (_list_with(_multibase(gzip.compress(bytes(16)))), 128, "outside"),
        (_list_with(_multibase(gzip.compress(bytes(16)))), -1, "outside"),
    ],
)
def test_status_bit_refuses_malformed_lists(status_list, index, message):
    with pytest.raises(ValueError, match=message):
        status_bit(status_list, index)


def test_status_bit_refuses_a_list_that_decompresses_too_far(monkeypatch):
    monkeypatch.setattr(credentials, "MAX_STATUS_LIST_BYTES", 1024)
    with pytest.raises(ValueError, match="maximum"):
        status_bit(_list_with(_multibase(gzip.compress(bytes(4096)))), 0)


# --- JSON-LD: every term is defined by the official contexts -----------------------------------


@pytest.fixture
def local_loader():
    missing = [name for name in CONTEXT_FILES.values() if not (CONTEXTS / name).is_file()]
    if missing:
        pytest.skip(
            f"the official JSON-LD contexts are not at {CONTEXTS} (third-party files kept outside "
            f"the project; missing: {', '.join(missing)})"
        )

    def load(url: str, options: Any = None) -> dict[str, Any]:
        name = CONTEXT_FILES.get(url)
        if name is None:
            raise RuntimeError(f"refusing to fetch {url}: only the local context files are served")
        document = json.loads((CONTEXTS / name).read_text(encoding="utf-8"))
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": document,
        }

    return load


def undefined_terms(document: dict[str, Any], loader: Any) -> set[str]:
    """Terms and types of ``document`` that no context defines (found through a sentinel @vocab)."""
    probe = copy.deepcopy(document)
    contexts = probe["@context"] if isinstance(probe["@context"], list) else [probe["@context"]]
    probe["@context"] = [*contexts, {"@vocab": UNDEFINED}]
    expanded = jsonld.expand(probe, {"documentLoader": loader})
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key.startswith(UNDEFINED):
                    found.add(key.removeprefix(UNDEFINED))
                elif not key.startswith("@"):
                    assert ":" in key, f"{key!r} did not expand to an absolute IRI"
                if key in ("@type", "@id"):
                    for iri in value if isinstance(value, list) else [value]:
                        if isinstance(iri, str) and iri.startswith(UNDEFINED):
                            found.add(iri.removeprefix(UNDEFINED))
                walk(value)

    walk(expanded)
    assert expanded, "the document expanded to nothing"
    return found


def expanded_text(document: dict[str, Any], loader: Any) -> str:
    return json.dumps(jsonld.expand(copy.deepcopy(document), {"documentLoader": loader}), ensure_ascii=False)


@pytest.mark.parametrize("holder_name", [CYRILLIC, GREEK])
def test_signed_credential_uses_only_defined_terms(local_loader, holder_name):
    signed = signed_credential(holder_name=holder_name)
    assert undefined_terms(signed, local_loader) == set()
    expanded = expanded_text(signed, local_loader)
    ob = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
    assert f'"{ob}identityHash"' in expanded and f'"{ob}licenseNumber"' in expanded
    assert holder_name in expanded and "S4C-2026-000123" in expanded
    assert '"https://w3id.org/security#proofValue"' in expanded
    assert '"https://www.w3.org/ns/credentials/status#statusListIndex"' in expanded


def test_status_list_credential_uses_only_defined_terms(local_loader):
    status_list = status_list_credential(list_url=STATUS_LIST, revoked={3}, valid_from=VALID_FROM)
    assert undefined_terms(status_list, local_loader) == set()


def test_undefined_terms_are_detected(local_loader):
    signed = signed_credential()
    signed["favouriteColour"] = "green"
    signed["credentialSubject"]["achievement"]["shoeSize"] = "42"
    signed["credentialSubject"]["achievement"]["alignment"][0]["type"] = ["Alignment", "SkillAlignment"]
    assert undefined_terms(signed, local_loader) == {"favouriteColour", "shoeSize", "SkillAlignment"}
    # Why the sentinel: plain expansion drops an undefined term without a word.
    assert "favouriteColour" not in expanded_text(signed, local_loader)


def test_the_loader_serves_nothing_but_the_local_contexts(local_loader):
    credential = build_credential(make_facts())
    credential["@context"] = [*credential["@context"], "https://example.org/contexts/unknown.jsonld"]
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(credential, {"documentLoader": local_loader})
