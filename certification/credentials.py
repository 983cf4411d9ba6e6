"""Open Badges 3.0 credentials (W3C VC Data Model 2.0) with an eddsa-jcs-2022 Data Integrity proof.

Pure functions, no models. The proof follows W3C "Data Integrity EdDSA Cryptosuites v1.0" §3.3:
``hashData = SHA-256(JCS(proofConfig)) || SHA-256(JCS(document))``, signed with Ed25519 and
published as multibase base58-btc. No JSON-LD processing happens at run time; every term used
here is defined by the VC 2.0 and OB 3.0.3 contexts (the tests expand the output to prove it).

Revocation uses a W3C Bitstring Status List: one signed list credential, one bit per credential.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
CRYPTOSUITE = "eddsa-jcs-2022"
ISSUER_NAME = "Skills4Cities"
DEFAULT_SITE_URL = "http://127.0.0.1:8000"
KEY_INFO = b"skills4cities credential signing key v1"
#: Multicodec prefix of an Ed25519 public key (0xed as an unsigned varint).
ED25519_MULTICODEC = b"\xed\x01"
#: OB 3.0 AlignmentTargetType values; anything else must use the "ext:" prefix.
ALIGNMENT_TARGET_TYPES = frozenset(
    {
        "ceasn:Competency",
        "ceterms:Credential",
        "CFItem",
        "CFRubric",
        "CFRubricCriterion",
        "CFRubricCriterionLevel",
        "CTDL",
    }
)
#: Largest decompressed status list accepted (bytes), so a hostile list cannot exhaust memory.
MAX_STATUS_LIST_BYTES = 1 << 24

_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {char: value for value, char in enumerate(_B58_ALPHABET)}
_MAX_SAFE_INTEGER = 2**53 - 1
_JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_JCS_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f]')
_XSD_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


@dataclass(frozen=True)
class Alignment:
    """A competence or framework item the achievement is aligned to."""

    target_url: str
    target_name: str
    target_type: str
    target_code: str = ""
    target_framework: str = ""


@dataclass(frozen=True)
class CredentialFacts:
    """Everything a certificate's credential states."""

    credential_id: str
    achievement_id: str
    achievement_name: str
    achievement_description: str
    criteria_narrative: str
    holder_name: str
    holder_id: str
    serial: str
    issued_at: datetime
    valid_until: datetime | None
    language: str
    alignments: tuple[Alignment, ...]
    status_list_url: str
    status_index: int
    competences: tuple[tuple[str, str], ...] = ()


# --- Encodings ---------------------------------------------------------------------------------


def _jcs_escape(match: re.Match[str]) -> str:
    char = match.group()
    return _JSON_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _jcs_string(text: str) -> str:
    # ECMAScript JSON.stringify: escape only '"', '\\' and U+0000..U+001F; everything else is literal.
    return '"' + _JCS_NEEDS_ESCAPE.sub(_jcs_escape, text) + '"'


def _jcs_text(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        if abs(value) > _MAX_SAFE_INTEGER:
            raise ValueError(f"JCS: integer {value} is outside the IEEE 754 safe range")
        return str(value)
    if isinstance(value, float):
        raise ValueError("JCS: floating-point numbers are not supported; use integers or strings")
    if isinstance(value, str):
        return _jcs_string(value)
    if isinstance(value, list | tuple):
        return "[" + ",".join(_jcs_text(item) for item in value) + "]"
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str):
                raise ValueError(f"JCS: object keys must be strings, not {type(key).__name__}")
        keys = sorted(value, key=lambda key: key.encode("utf-16-be", "surrogatepass"))
        return "{" + ",".join(f"{_jcs_string(key)}:{_jcs_text(value[key])}" for key in keys) + "}"
    raise ValueError(f"JCS: {type(value).__name__} is not a JSON value")


def jcs(value: object) -> bytes:
    """RFC 8785 canonical JSON, UTF-8 encoded. Floats are refused (ValueError)."""
    return _jcs_text(value).encode("utf-8")  # lone surrogates raise UnicodeEncodeError (a ValueError)


def base58btc_encode(data: bytes) -> str:
    """Bitcoin base58 (no checksum)."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(_B58_ALPHABET[remainder])
    return "1" * zeros + "".join(reversed(digits))


def base58btc_decode(text: str) -> bytes:
    """Inverse of :func:`base58btc_encode`; ValueError on a character outside the alphabet."""
    number = 0
    for char in text:
        if char not in _B58_INDEX:
            raise ValueError(f"invalid base58btc character {char!r}")
        number = number * 58 + _B58_INDEX[char]
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def _xsd_datetime(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("credential datetimes must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- Issuer and key ----------------------------------------------------------------------------


def _site_url() -> str:
    return str(getattr(settings, "SITE_URL", DEFAULT_SITE_URL)).rstrip("/")


def issuer_did() -> str:
    """The ``did:web`` identifier of ``settings.SITE_URL`` (port colon as %3A, path as ``:``)."""
    parts = urlsplit(_site_url())
    host = (parts.hostname or "").lower()
    if not host:
        raise ImproperlyConfigured(f"SITE_URL has no host: {_site_url()!r}")
    if parts.port is not None:
        host = f"{host}%3A{parts.port}"
    segments = [quote(unquote(segment), safe="") for segment in parts.path.split("/") if segment]
    return ":".join(["did", "web", host, *segments])


def signing_key() -> Ed25519PrivateKey:
    """The issuer's Ed25519 key: ``CREDENTIAL_SIGNING_KEY`` (base64url seed) or HKDF(SECRET_KEY)."""
    configured = getattr(settings, "CREDENTIAL_SIGNING_KEY", "") or ""
    if configured:
        try:
            seed = base64.urlsafe_b64decode(configured + "=" * (-len(configured) % 4))
        except (binascii.Error, ValueError) as error:
            raise ImproperlyConfigured("CREDENTIAL_SIGNING_KEY is not valid base64url") from error
        if len(seed) != 32:
            raise ImproperlyConfigured("CREDENTIAL_SIGNING_KEY must encode exactly 32 bytes")
    else:
        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_INFO)
        seed = hkdf.derive(str(settings.SECRET_KEY).encode("utf-8"))
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    """Multikey form of an Ed25519 public key (``z6Mk…``)."""
    return "z" + base58btc_encode(ED25519_MULTICODEC + public_key.public_bytes_raw())


def verification_method() -> str:
    """The id of the issuer's signing key in its DID document."""
    return f"{issuer_did()}#key-1"


def did_document() -> dict[str, Any]:
    """The did:web document (``/.well-known/did.json``, or ``<path>/did.json``) publishing the key."""
    did = issuer_did()
    method = verification_method()
    return {
        "@context": list(DID_CONTEXTS),
        "id": did,
        "verificationMethod": [
            {
                "id": method,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": public_key_multibase(signing_key().public_key()),
            }
        ],
        "assertionMethod": [method],
        "authentication": [method],
    }


# --- Credentials -------------------------------------------------------------------------------


def _alignment(alignment: Alignment) -> dict[str, Any]:
    if alignment.target_type not in ALIGNMENT_TARGET_TYPES and not (
        alignment.target_type.startswith("ext:") and len(alignment.target_type) > 4
    ):
        raise ValueError(
            f"alignment targetType {alignment.target_type!r} is not an OB 3.0 value and lacks the 'ext:' prefix"
        )
    node: dict[str, Any] = {
        "type": ["Alignment"],
        "targetName": alignment.target_name,
        "targetUrl": alignment.target_url,
        "targetType": alignment.target_type,
    }
    if alignment.target_code:
        node["targetCode"] = alignment.target_code
    if alignment.target_framework:
        node["targetFramework"] = alignment.target_framework
    return node


def build_credential(facts: CredentialFacts) -> dict[str, Any]:
    """The unsigned ``OpenBadgeCredential`` for one certificate version."""
    if facts.status_index < 0:
        raise ValueError("status_index must not be negative")
    achievement: dict[str, Any] = {
        "id": facts.achievement_id,
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": facts.achievement_name,
        "description": facts.achievement_description,
        "criteria": {"narrative": facts.criteria_narrative},
        "inLanguage": facts.language,
    }
    if facts.alignments:
        achievement["alignment"] = [_alignment(alignment) for alignment in facts.alignments]
    if facts.competences:
        achievement["resultDescription"] = [
            {
                "id": f"{facts.achievement_id}#competence-{number}",
                "type": ["ResultDescription"],
                "name": title,
                "resultType": "PerformanceLevel",
                "requiredValue": level,
            }
            for number, (title, level) in enumerate(facts.competences, start=1)
        ]
    credential: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": facts.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_did(), "type": ["Profile"], "name": ISSUER_NAME, "url": _site_url()},
        "validFrom": _xsd_datetime(facts.issued_at),
    }
    if facts.valid_until is not None:
        credential["validUntil"] = _xsd_datetime(facts.valid_until)
    credential["name"] = facts.achievement_name
    credential["credentialSubject"] = {
        "id": facts.holder_id,
        "type": ["AchievementSubject"],
        # OB 3.0 has no "name" on AchievementSubject; a plaintext IdentityObject of type "name" is its way.
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": facts.holder_name,
                "identityType": "name",
                "hashed": False,
            }
        ],
        # "The license number that was issued with this credential": the per-certificate serial.
        "licenseNumber": facts.serial,
        "achievement": achievement,
    }
    credential["credentialStatus"] = {
        "id": f"{facts.status_list_url}#{facts.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(facts.status_index),
        "statusListCredential": facts.status_list_url,
    }
    return credential


# --- Data Integrity proof (eddsa-jcs-2022) -----------------------------------------------------


def _hash_data(unsecured: dict[str, Any], proof_config: dict[str, Any]) -> bytes:
    return hashlib.sha256(jcs(proof_config)).digest() + hashlib.sha256(jcs(unsecured)).digest()


def sign(
    document: dict[str, Any], *, created: datetime | None = None, key: Ed25519PrivateKey | None = None
) -> dict[str, Any]:
    """A copy of ``document`` with an eddsa-jcs-2022 ``DataIntegrityProof`` (assertionMethod)."""
    if "proof" in document:
        raise ValueError("the document already has a proof; sign the unsecured document")
    key = key if key is not None else signing_key()
    options: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": _xsd_datetime(created if created is not None else datetime.now(tz=UTC)),
        "verificationMethod": verification_method(),
        "proofPurpose": "assertionMethod",
    }
    proof_config = dict(options)
    if "@context" in document:
        proof_config["@context"] = document["@context"]
    signature = key.sign(_hash_data(document, proof_config))
    return {**document, "proof": {**options, "proofValue": "z" + base58btc_encode(signature)}}


def _as_list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _verify(document: object, public_key: Ed25519PublicKey | None) -> bool:
    if not isinstance(document, dict):
        return False
    proof = document.get("proof")
    if not isinstance(proof, dict):
        return False
    if (
        proof.get("type") != "DataIntegrityProof"
        or proof.get("cryptosuite") != CRYPTOSUITE
        or proof.get("proofPurpose") != "assertionMethod"
    ):
        return False
    method, created, proof_value = (
        proof.get("verificationMethod"),
        proof.get("created"),
        proof.get("proofValue"),
    )
    if not (isinstance(method, str) and isinstance(created, str) and isinstance(proof_value, str)):
        return False
    # An Ed25519 signature is 64 bytes: at most 88 base58 digits (longer input is refused unread).
    if not _XSD_DATETIME.fullmatch(created) or not proof_value.startswith("z") or len(proof_value) > 90:
        return False
    if public_key is None:
        if method != verification_method():
            return False
        public_key = signing_key().public_key()
    signature = base58btc_decode(proof_value[1:])
    if len(signature) != 64:
        return False
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    proof_config = {name: value for name, value in proof.items() if name != "proofValue"}
    if "@context" in proof_config:
        # §3.3.2: the proof's context must be a prefix of the document's, and then replaces it.
        expected = _as_list(proof_config["@context"])
        if _as_list(document.get("@context"))[: len(expected)] != expected:
            return False
        unsecured["@context"] = proof_config["@context"]
    if "@context" in unsecured:
        proof_config["@context"] = unsecured["@context"]
    try:
        public_key.verify(signature, _hash_data(unsecured, proof_config))
    except InvalidSignature:
        return False
    return True


def verify(document: object, public_key: Ed25519PublicKey | None = None) -> bool:
    """True only for an intact eddsa-jcs-2022 proof by our key (or ``public_key``); never raises on bad input."""
    try:
        return _verify(document, public_key)
    except (ValueError, TypeError, RecursionError):
        return False


# --- Bitstring Status List ---------------------------------------------------------------------


def encode_bitstring(bits: bytes) -> str:
    """``encodedList``: multibase base64url (no padding, prefix ``u``) of the GZIP-compressed bits."""
    compressed = gzip.compress(bits, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode_bitstring(encoded: object) -> bytes:
    """Inverse of :func:`encode_bitstring`; ValueError on anything malformed."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("encodedList must be a multibase base64url string starting with 'u'")
    body = encoded[1:]
    if not _BASE64URL.fullmatch(body) or len(body) % 4 == 1:
        raise ValueError("encodedList is not valid base64url")
    compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # GZIP framing
    try:
        bits = decompressor.decompress(compressed, MAX_STATUS_LIST_BYTES + 1)
    except zlib.error as error:
        raise ValueError(f"encodedList is not GZIP data: {error}") from error
    if len(bits) > MAX_STATUS_LIST_BYTES:
        raise ValueError("encodedList decompresses to more than the accepted maximum")
    if not decompressor.eof:
        raise ValueError("encodedList holds truncated GZIP data")
    return bits


def status_list_credential(
    *, list_url: str, revoked: set[int] | frozenset[int], length: int = 131072, valid_from: datetime
) -> dict[str, Any]:
    """The signed ``BitstringStatusListCredential`` with the ``revoked`` bits set (bit 0 = first byte's MSB)."""
    if length <= 0 or length % 8:
        raise ValueError("the status list length must be a positive multiple of 8")
    bits = bytearray(length // 8)
    for index in revoked:
        if not 0 <= index < length:
            raise ValueError(f"status index {index} is outside the list of {length} entries")
        bits[index // 8] |= 0x80 >> (index % 8)
    credential = {
        "@context": [VC_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": _xsd_datetime(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_bitstring(bytes(bits)),
        },
    }
    return sign(credential, created=valid_from)


def status_bit(status_list: dict[str, Any], index: int) -> bool:
    """The bit at ``index`` of a status list credential (True = revoked); ValueError if malformed."""
    subject = status_list.get("credentialSubject") if isinstance(status_list, dict) else None
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    if not isinstance(subject, dict):
        raise ValueError("the status list credential has no credentialSubject object")
    bits = decode_bitstring(subject.get("encodedList"))
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(bits) * 8:
        raise ValueError(f"status index {index!r} is outside the list of {len(bits) * 8} entries")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
