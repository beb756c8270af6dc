"""Content Credentials (C2PA) with the CAWG training-and-data-mining assertion: sign, and read back.

Pure module; uses c2pa-python, which works offline. Signing needs the person's own certificate chain
and private key (PEM); the library refuses self-signed leaf certificates.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from optout.lib.i18n import Said
from optout.lib.i18n import gettext_noop as _

from .marks import DATA_MINING, FIELDS, BadImage, Marks

MIME = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "tiff": "image/tiff",
        "heif": "image/heic"}
ASSERTION = "cawg.training-mining"
ENTRIES = ("cawg.ai_training", "cawg.ai_generative_training", "cawg.ai_inference", "cawg.data_mining")
USES = ("allowed", "notAllowed", "constrained")
N, A, C = "notAllowed", "allowed", "constrained"
TRAINING, GENERATIVE, INFERENCE, MINING = ENTRIES
# PLUS data-mining choice -> the CAWG entries it speaks for, and their use. An entry the PLUS value says nothing
# about is left out: CAWG reads "constrained" without more information as "notAllowed", which would claim more than the
# person said. DMI-UNSPECIFIED says nothing, so it gets no training-and-data-mining assertion at all.
FROM_PLUS: dict[str, dict[str, str]] = {
    "DMI-ALLOWED": {TRAINING: A, GENERATIVE: A, INFERENCE: A, MINING: A},
    "DMI-PROHIBITED": {TRAINING: N, GENERATIVE: N, INFERENCE: N, MINING: N},
    "DMI-PROHIBITED-AIMLTRAINING": {TRAINING: N, GENERATIVE: N},
    "DMI-PROHIBITED-GENAIMLTRAINING": {GENERATIVE: N},
    "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING": {TRAINING: N, GENERATIVE: N, INFERENCE: N, MINING: C},
    "DMI-PROHIBITED-SEECONSTRAINT": {TRAINING: C, GENERATIVE: C, INFERENCE: C, MINING: C},
    "DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR": {TRAINING: C, GENERATIVE: C, INFERENCE: C, MINING: C},
    "DMI-PROHIBITED-SEELINKEDRIGHTSEXPR": {TRAINING: C, GENERATIVE: C, INFERENCE: C, MINING: C},
    "DMI-UNSPECIFIED": {},
}
# What a "constrained" entry points at, for the choices whose constraints are written somewhere definite.
CONSTRAINT_INFO = {
    "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING": "Only search engine indexing is allowed (PLUS data mining: "
                                                 "Prohibited except for search engine indexing).",
    "DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR": "See the embedded rights expression (Iptc4xmpExt:EmbdEncRightsExpr) in "
                                            "this file.",
    "DMI-PROHIBITED-SEELINKEDRIGHTSEXPR": "See the linked rights expression (Iptc4xmpExt:LinkedEncRightsExpr) in this "
                                          "file.",
}


@dataclass(frozen=True)
class SigningKey:
    certificates: bytes  # PEM: the signing certificate first, then its issuers
    private_key: bytes  # PEM
    algorithm: str = ""  # es256 | es384 | ps256 | ed25519 …; found from the key when empty
    timestamp_url: str | None = None


def _code(data_mining: str) -> str:
    return data_mining.rsplit("/", 1)[-1]


def contradictions(data_mining: str, uses: dict[str, str]) -> list[str]:
    """The entries (as 'entry=use') that say something else than the PLUS data-mining value says about them.

    An entry the value says nothing about may be anything: it adds to the choice, it does not contradict it."""
    said = FROM_PLUS.get(_code(data_mining), {})
    return [f"{name}={use}" for name, use in uses.items() if said.get(_cawg(name), use) != use]


def _cawg(name: str) -> str:
    """An entry by its CAWG name: the older C2PA 1.x assertion (`c2pa.training-mining`) has the same entries under
    "c2pa." (CAWG training-and-data-mining 1.1 took them over, renamed); a file may carry either."""
    return "cawg." + name.removeprefix("c2pa.") if name.startswith("c2pa.") else name


def implied(data_mining: str) -> str:
    """What the PLUS value says about the CAWG entries, as 'entry=use, …' (for messages)."""
    said = FROM_PLUS.get(_code(data_mining), {})
    return ", ".join(f"{name}={use}" for name, use in said.items()) or "nothing"


def entries_for(marks: Marks, overrides: dict[str, str] | None = None) -> dict[str, dict]:
    """The assertion's entries for the person's choices (overrides: entry -> use, adding to the PLUS choice).

    ValueError when a use is unknown or an override contradicts the PLUS data-mining choice."""
    code = _code(marks.data_mining)
    overrides = overrides or {}
    for name, use in overrides.items():
        if name not in ENTRIES:
            raise ValueError(f"unknown entry {name!r}; use one of {', '.join(ENTRIES)}")
        if use not in USES:
            raise ValueError(f"{name}: use must be one of {', '.join(USES)}")
    conflicts = contradictions(marks.data_mining, overrides)
    if conflicts:
        raise ValueError(f"--cawg {', '.join(conflicts)} contradicts the data-mining choice "
                         f"'{DATA_MINING.get(code, code)}', which means {implied(marks.data_mining)}; change "
                         f"--data-mining instead, or leave that entry out")
    uses = FROM_PLUS.get(code, {}) | overrides
    written = marks.other_constraints or marks.usage_terms or marks.web_statement
    info = marks.other_constraints if code == "DMI-PROHIBITED-SEECONSTRAINT" else CONSTRAINT_INFO.get(code, written)
    entries = {}
    for name in ENTRIES:
        if name in uses:
            use = uses[name]
            entries[name] = {"use": use} | ({"constraint_info": info} if use == C and info else {})
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
                         "certificate authority (one that issues certificates for signing documents or content)"))


def check_key(key: SigningKey) -> None:
    """Refuse a signing key no image could be signed with, once, before any image: the certificates
    (`check_certificates`), a private key that cannot be read, or one that does not belong to the signing
    certificate (each image said "signing failed: … the signature does not match")."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_private_key

    check_certificates(key.certificates)
    try:
        private = load_pem_private_key(key.private_key, password=None)
    except (ValueError, TypeError) as exc:
        raise BadImage(_("the private key file cannot be read (PEM without a password expected)")) from exc
    leaf = x509.load_pem_x509_certificates(key.certificates)[0]

    def public(item) -> bytes:
        return item.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)

    if public(private.public_key()) != public(leaf.public_key()):
        raise BadImage(_("the private key does not belong to the signing certificate (the first one in the "
                         "certificate file)"))


def manifest(marks: Marks, overrides: dict[str, str] | None = None) -> dict:
    """The new manifest: the training-and-data-mining assertion when the choice says anything about it.

    The creator and the other rights stay in the file's XMP, which the manifest's hash of the file covers; C2PA 2.x
    forbids the schema.org CreativeWork assertion that once carried them."""
    entries = entries_for(marks, overrides)
    assertions = [{"label": ASSERTION, "data": {"entries": entries}}] if entries else []
    return {"claim_generator_info": [{"name": "optout", "version": "0.1"}], "title": "Rights and AI-training choices",
            "assertions": assertions}


def thumbnail_left_out(data: bytes, kind: str) -> Said | None:
    """Why the Content Credentials of this image get no thumbnail, or None when they get one.

    C2PA makes its thumbnails by decoding the pixels (optout itself never does); an image too large to decode safely
    is signed without them, which leaves the marks and the signature whole."""
    from .dimensions import MAX_DECODED_PIXELS, declared_size, megapixels, too_large_to_decode

    size = declared_size(data, kind)
    if not too_large_to_decode(size):
        return None
    return Said(_("its Content Credentials have no thumbnail: making one would decode its %(width)s×%(height)s pixels "
                  "(%(megapixels)s megapixels), more than optout decodes (%(limit)s megapixels); the marks and the "
                  "signature are complete"), width=size[0], height=size[1], megapixels=megapixels(size),
                limit=round(MAX_DECODED_PIXELS / 1_000_000))


def _context(data: bytes, kind: str):
    """Settings for the builder: no thumbnails for an image too large to decode."""
    import c2pa

    if thumbnail_left_out(data, kind):
        return c2pa.Context(c2pa.Settings.from_dict({"builder": {"thumbnail": {"enabled": False}}}))
    return None


def sign(data: bytes, kind: str, key: SigningKey, marks: Marks, overrides: dict[str, str] | None = None,
         original: bytes | None = None, title: str = "") -> bytes:
    """The file with a Content Credentials manifest added (sign after the XMP is written).

    `original` is the file as it was before optout changed it: it becomes the parent ingredient, so Content
    Credentials it already had are kept, still valid, as the history of the new ones."""
    import c2pa

    if kind not in MIME or kind == "heif":
        raise BadImage(_("Content Credentials can be added to JPEG, PNG, WebP and TIFF files only"))
    check_certificates(key.certificates)
    algorithm = key.algorithm or _algorithm(key.private_key)
    try:
        info = c2pa.C2paSignerInfo(algorithm, key.certificates, key.private_key, key.timestamp_url)
        with c2pa.Signer.from_info(info) as signer, c2pa.Builder(manifest(marks, overrides),
                                                                 _context(data, kind)) as builder:
            # The file as it was becomes the parent ingredient ("opened"); the new manifest adds the assertion.
            parent = io.BytesIO(bytes(original if original is not None else data))
            builder.add_ingredient({"title": title or "original", "relationship": "parentOf"}, MIME[kind], parent)
            builder.set_intent(c2pa.C2paBuilderIntent.EDIT)
            out = io.BytesIO()
            builder.sign(signer, MIME[kind], io.BytesIO(data), out)
            return out.getvalue()
    except c2pa.C2paError as exc:
        raise BadImage(_("signing failed: %(reason)s"), reason=str(exc)) from exc
    except ValueError as exc:  # an override that contradicts the choice (the command line refuses it earlier)
        raise BadImage(_("signing failed: %(reason)s"), reason=str(exc)) from exc


LOCATION_KEYS = {"photoshop:City", "photoshop:State", "photoshop:Country", "Iptc4xmpCore:Location",
                 "Iptc4xmpCore:CountryCode", "Iptc4xmpExt:LocationCreated", "Iptc4xmpExt:LocationShown"}


def location_in(store) -> list[str]:
    """Names of location data anywhere in a manifest store (every manifest, the ingredients' too): GPS, city, …"""
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                local = name.rsplit(":", 1)[-1]
                if local.startswith("GPS") or name in LOCATION_KEYS:
                    found.add(name)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(store.get("manifests", {}))
    return sorted(found)


def read_credentials(data: bytes, kind: str) -> dict | None:
    """None when the file has no Content Credentials; else whether they validate, who signed the newest manifest and
    what its training-and-data-mining entries say, and the same for every manifest of the chain ("chain")."""
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
        return {"state": "invalid", "message": f"Content Credentials present but unreadable: {exc}", "entries": {},
                "location": [], "chain": [], "verdict": []}
    return _summary(store, state)


def _summary(store: dict, state: str) -> dict:
    from .provenance import chain, chain_state, verdict

    manifests = chain(store)
    newest = manifests[0] if manifests else {}
    problems = [status.get("explanation") or status.get("code", "") for status in store.get("validation_status") or []]
    library_valid = state.lower() in ("valid", "trusted")
    overall = chain_state(manifests) if manifests else "valid" if library_valid else "invalid"
    if not library_valid and overall != "invalid" and manifests:
        # The library's word, when no manifest was found to have failed: never say valid where it does not.
        newest["state"], newest["problems"], overall = "invalid", problems, "invalid"
    return {
        "state": overall,
        "location": location_in(store),
        "library_validation": state,  # c2pa's own word, about the newest manifest only; "state" is the chain's
        "trusted": overall == "valid" and all(manifest["trusted"] for manifest in manifests),
        "signed_by": newest.get("signed_by", ""),
        "issuer": newest.get("issuer", ""),
        "time": newest.get("time", ""),
        "entries": newest.get("entries") or {},
        "message": "; ".join(p for p in problems if p),
        "chain": manifests,
        "verdict": verdict(manifests),
    }


__all__ = ["FIELDS", "SigningKey", "contradictions", "entries_for", "location_in", "manifest", "read_credentials",
           "sign"]
