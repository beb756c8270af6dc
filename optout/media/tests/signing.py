"""Throwaway certificates, and Content Credentials made by c2pa itself (as a camera or an editor would make them)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

USAGE = dict(digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
             key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False)


def certificate(subject, issuer, public_key, signing_key, *, ca: bool):
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
               .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
               .not_valid_after(now + dt.timedelta(days=30))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(**USAGE | ({"key_cert_sign": True, "crl_sign": True} if ca
                                                       else {"digital_signature": True})), critical=True))
    builder = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    if not ca:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        builder = builder.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(signing_key.public_key()),
                                        critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def pem(cert) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def signer_files(folder: Path, name: str) -> tuple[Path, Path]:
    """(certificate chain, private key) for `name`, issued by a throwaway CA of their own."""
    root_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Throwaway CA of {name}")])
    leaf_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    root = certificate(root_name, root_name, root_key.public_key(), root_key, ca=True)
    leaf = certificate(leaf_name, root_name, leaf_key.public_key(), root_key, ca=False)
    folder.mkdir(parents=True, exist_ok=True)
    chain, key = folder / f"{name}.pem", folder / f"{name}.key"
    chain.write_bytes(pem(leaf) + pem(root))
    key.write_bytes(key_pem(leaf_key))
    return chain, key


def sign_directly(source, target, chain, key, assertions, *, generator: str = "a camera app", parent: Path | None = None):
    """Content Credentials made by another tool (c2pa itself), with the assertions given; with `parent`, that file
    (and its own Content Credentials) becomes the parent ingredient, as an editor's tool does."""
    import c2pa

    from optout.media.credentials import _algorithm

    info = c2pa.C2paSignerInfo(_algorithm(key.read_bytes()), chain.read_bytes(), key.read_bytes(), None)
    manifest = {"claim_generator_info": [{"name": generator, "version": "1"}], "assertions": assertions}
    with c2pa.Signer.from_info(info) as signer, c2pa.Builder(manifest) as builder:
        if parent is None:
            builder.set_intent(c2pa.C2paBuilderIntent.CREATE, c2pa.C2paDigitalSourceType.DIGITAL_CAPTURE)
        else:
            builder.add_ingredient({"title": parent.name, "relationship": "parentOf"}, "image/jpeg",
                                   io.BytesIO(parent.read_bytes()))
            builder.set_intent(c2pa.C2paBuilderIntent.EDIT)
        out = io.BytesIO()
        builder.sign(signer, "image/jpeg", io.BytesIO(source.read_bytes()), out)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(out.getvalue())
    return target
