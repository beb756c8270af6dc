"""Content Credentials (C2PA) with the CAWG training-and-data-mining assertion: sign, and read back.

Pure module; uses c2pa-python, which works offline. Signing needs the person's own certificate chain
and private key (PEM); the library refuses self-signed leaf certificates.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from optout.lib.i18n import gettext_noop as _

from .marks import FIELDS, BadImage, Marks

MIME = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "tiff": "image/tiff",
        "heif": "image/heic"}
ASSERTION = "cawg.training-mining"
OLD_ASSERTION = "c2pa.training-mining"
ENTRIES = ("cawg.ai_training", "cawg.ai_generative_training", "cawg.ai_inference", "cawg.data_mining")
USES = ("allowed", "notAllowed", "constrained")
N, A, C = "notAllowed", "allowed", "constrained"
# PLUS data-mining choice -> uses for (training, generative training, inference, data mining).
# Where the PLUS value says nothing about a use, it is "constrained" and points at the file's rights.
FROM_PLUS = {
    "DMI-ALLOWED": (A, A, A, A),
    "DMI-PROHIBITED": (N, N, N, N),
    "DMI-PROHIBITED-AIMLTRAINING": (N, N, C, C),
    "DMI-PROHIBITED-GENAIMLTRAINING": (C, N, C, C),
    "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING": (N, N, N, C),
}


@dataclass(frozen=True)
class SigningKey:
    certificates: bytes  # PEM: the signing certificate first, then its issuers
    private_key: bytes  # PEM
    algorithm: str = ""  # es256 | es384 | ps256 | ed25519 …; found from the key when empty
    timestamp_url: str | None = None


def entries_for(marks: Marks, overrides: dict[str, str] | None = None) -> dict[str, dict]:
    """The assertion's entries for the person's choices (overrides: entry -> use)."""
    code = marks.data_mining.rsplit("/", 1)[-1]
    uses = FROM_PLUS.get(code, (C, C, C, C))
    info = marks.other_constraints or marks.usage_terms or marks.web_statement or \
        "See the rights information (IPTC/XMP) in this file."
    entries = {}
    for name, use in zip(ENTRIES, uses, strict=True):
        use = (overrides or {}).get(name, use)
        if use not in USES:
            raise ValueError(f"{name}: use must be one of {', '.join(USES)}")
        entries[name] = {"use": use} | ({"constraint_info": info} if use == C else {})
    return entries


def _algorithm(private_key: bytes) -> str:
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        key = load_pem_private_key(private_key, password=None)
    except (ValueError, TypeError) as exc:
        raise BadImage(_("the private key cannot be read (PEM, without a password): %(reason)s"), reason=str(exc)) from exc
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return {256: "es256", 384: "es384", 521: "es512"}.get(key.curve.key_size, "es256")
    if isinstance(key, rsa.RSAPrivateKey):
        return "ps256"
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return "ed25519"
    raise BadImage(_("the private key must be an EC, RSA or Ed25519 key"))


def check_certificates(chain: bytes) -> None:
    """Refuse what C2PA does not accept as a signer: unreadable PEM, and a self-signed signing certificate."""
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature

    try:
        certificates = x509.load_pem_x509_certificates(chain)
    except ValueError as exc:
        raise BadImage(_("the certificate file cannot be read (PEM expected): %(reason)s"), reason=str(exc)) from exc
    leaf = certificates[0]
    if leaf.issuer == leaf.subject:
        try:
            leaf.verify_directly_issued_by(leaf)
        except (ValueError, TypeError, InvalidSignature):  # signed by someone else with the same name
            return
        raise BadImage(_("the signing certificate is self-signed; Content Credentials need a certificate issued by a "
                         "certificate authority (see the help on getting one)"))


def manifest(marks: Marks, overrides: dict[str, str] | None = None) -> dict:
    rights = {name: value for name, value in marks.given().items() if name != "data_mining"}
    assertions = [{"label": ASSERTION, "data": {"entries": entries_for(marks, overrides)}}]
    if marks.creator:
        assertions.append({"label": "stds.schema-org.CreativeWork", "kind": "Json",
                           "data": {"@context": "https://schema.org", "@type": "CreativeWork",
                                    "author": [{"@type": "Person", "name": marks.creator}],
                                    **({"copyrightNotice": rights["copyright"]} if "copyright" in rights else {})}})
    return {"claim_generator_info": [{"name": "optout", "version": "0.1"}], "title": "Rights and AI-training choices",
            "assertions": assertions}


def sign(data: bytes, kind: str, key: SigningKey, marks: Marks, overrides: dict[str, str] | None = None) -> bytes:
    """The file with a Content Credentials manifest added (sign after the XMP is written)."""
    import c2pa

    if kind not in MIME or kind == "heif":
        raise BadImage(_("Content Credentials can be added to JPEG, PNG, WebP and TIFF files only"))
    check_certificates(key.certificates)
    algorithm = key.algorithm or _algorithm(key.private_key)
    try:
        info = c2pa.C2paSignerInfo(algorithm, key.certificates, key.private_key, key.timestamp_url)
        with c2pa.Signer.from_info(info) as signer, c2pa.Builder(manifest(marks, overrides)) as builder:
            # The file as it was becomes the parent ingredient ("opened"); the new manifest adds the assertion.
            builder.set_intent(c2pa.C2paBuilderIntent.EDIT)
            out = io.BytesIO()
            builder.sign(signer, MIME[kind], io.BytesIO(data), out)
            return out.getvalue()
    except c2pa.C2paError as exc:
        raise BadImage(_("signing failed: %(reason)s"), reason=str(exc)) from exc


def read_credentials(data: bytes, kind: str) -> dict | None:
    """None when the file has no Content Credentials; else who signed, whether it validates, the entries."""
    import c2pa

    if kind not in MIME:
        return None
    try:
        reader = c2pa.Reader.try_create(MIME[kind], io.BytesIO(data))
        if reader is None:
            return None
        with reader:
            store = json.loads(reader.json())
            state = reader.get_validation_state() or ""
    except c2pa.C2paError as exc:
        if b"jumb" not in data or b"c2pa" not in data:
            return None  # the library could not parse the file, and there is no manifest box in it to speak of
        return {"state": "invalid", "message": f"Content Credentials present but unreadable: {exc}", "entries": {}}
    active = store.get("manifests", {}).get(store.get("active_manifest", ""), {})
    entries: dict[str, str] = {}
    for assertion in active.get("assertions", []):
        if assertion.get("label", "").split("__")[0] in (ASSERTION, OLD_ASSERTION):
            for name, entry in (assertion.get("data", {}).get("entries") or {}).items():
                entries[name] = entry.get("use", "") if isinstance(entry, dict) else str(entry)
    problems = [status.get("explanation") or status.get("code", "") for status in store.get("validation_status") or []]
    signature = active.get("signature_info") or {}
    valid = state.lower() in ("valid", "trusted")
    return {
        "state": "valid" if valid else "invalid",
        "validation": state,
        "trusted": state.lower() == "trusted",
        "signed_by": signature.get("common_name") or signature.get("issuer") or "",
        "issuer": signature.get("issuer", ""),
        "entries": entries,
        "message": "; ".join(p for p in problems if p),
    }


__all__ = ["FIELDS", "SigningKey", "entries_for", "manifest", "read_credentials", "sign"]
