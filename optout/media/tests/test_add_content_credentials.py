"""Signing marked images with Content Credentials (the person's own certificate), and verifying them."""

import datetime as dt
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from typer.testing import CliRunner

from optout.cli import build_app

from .images import make_image, pixels, read_tags, sha256

runner = CliRunner()
USAGE = dict(digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
             key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False)


def run(*args: str):
    return runner.invoke(build_app(), ["media", *args], env={"COLUMNS": "200"})


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


@pytest.fixture
def signing_files(tmp_path):
    """A throwaway CA made here, and a leaf certificate for 'Ann Example' that it issued."""
    root_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Throwaway Test CA")])
    leaf_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Ann Example"),
                           x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ann Example Studio")])
    root = certificate(root_name, root_name, root_key.public_key(), root_key, ca=True)
    leaf = certificate(leaf_name, root_name, leaf_key.public_key(), root_key, ca=False)
    (tmp_path / "chain.pem").write_bytes(pem(leaf) + pem(root))
    (tmp_path / "key.pem").write_bytes(key_pem(leaf_key))
    self_signed = certificate(leaf_name, leaf_name, leaf_key.public_key(), leaf_key, ca=False)
    (tmp_path / "self.pem").write_bytes(pem(self_signed))
    return tmp_path / "chain.pem", tmp_path / "key.pem", tmp_path / "self.pem"


@pytest.mark.parametrize("suffix", [".jpg", ".png"])
def test_a_signed_image_verifies_and_carries_the_training_mining_assertion(tmp_path, signing_files, suffix):
    chain, key, _ = signing_files
    original = make_image(tmp_path / f"in/photo{suffix}")
    before = sha256(original)
    result = run("protect", str(original), "-o", str(tmp_path / "out"), "--creator", "Ann Example",
                 "--sign-cert", str(chain), "--sign-key", str(key), "--cawg", "ai_inference=notAllowed")
    assert result.exit_code == 0, result.output
    signed = tmp_path / "out" / f"photo{suffix}"

    checked = run("verify", str(signed), "--json", "--creator", "Ann Example")
    report = json.loads(checked.output)[0]
    assert checked.exit_code == 0 and report["ok"] is True
    credentials = report["credentials"]
    assert credentials["state"] == "valid" and credentials["signed_by"] == "Ann Example"
    assert credentials["trusted"] is False and "untrusted" in credentials["message"]  # a test CA is on no trust list
    assert credentials["entries"] == {"cawg.ai_training": "notAllowed", "cawg.ai_generative_training": "notAllowed",
                                      "cawg.ai_inference": "notAllowed", "cawg.data_mining": "constrained"}
    # The XMP written first survives the signing; the pixels and the original are untouched.
    assert read_tags(signed)["XMP-plus:DataMining"] == "DMI-PROHIBITED-AIMLTRAINING"
    assert pixels(signed) == pixels(original) and sha256(original) == before
    text = run("verify", str(signed)).output
    assert "Content Credentials: valid, certificate not on a trust list, signed by Ann Example" in text


def test_a_changed_signed_image_fails_verification(tmp_path, signing_files):
    chain, key, _ = signing_files
    original = make_image(tmp_path / "p.jpg", size=(200, 150))
    assert run("protect", str(original), "-o", str(tmp_path / "out"), "--sign-cert", str(chain),
               "--sign-key", str(key)).exit_code == 0
    data = bytearray((tmp_path / "out/p.jpg").read_bytes())
    data[-40] ^= 0x55  # inside the compressed image data
    (tmp_path / "out/p.jpg").write_bytes(bytes(data))
    result = run("verify", str(tmp_path / "out/p.jpg"), "--json")
    report = json.loads(result.output)[0]
    assert result.exit_code == 1 and report["credentials"]["state"] == "invalid"


def test_a_self_signed_certificate_is_refused_clearly_and_nothing_is_written(tmp_path, signing_files):
    _, key, self_signed = signing_files
    original = make_image(tmp_path / "p.jpg")
    result = run("protect", str(original), "-o", str(tmp_path / "out"), "--sign-cert", str(self_signed),
                 "--sign-key", str(key))
    assert result.exit_code == 1
    assert "p.jpg: the signing certificate is self-signed; Content Credentials need a certificate issued by" in result.output
    assert list((tmp_path / "out").iterdir()) == []
    half = run("protect", str(original), "-o", str(tmp_path / "out"), "--sign-key", str(key))
    assert half.exit_code == 1 and "Signing needs both --sign-cert and --sign-key." in half.output


def test_signing_on_the_web_page(client, db, tmp_path, signing_files):
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    chain, key, _ = signing_files
    image = make_image(tmp_path / "w.jpg")
    response = client.post(reverse("media:index"), {
        "images": [SimpleUploadedFile("w.jpg", image.read_bytes())],
        "data_mining": "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED",
        "sign_cert": SimpleUploadedFile("chain.pem", chain.read_bytes()),
        "sign_key": SimpleUploadedFile("key.pem", key.read_bytes()),
    })
    assert response.status_code == 200
    zipfile.ZipFile(io.BytesIO(response.content)).extractall(tmp_path / "zip")
    report = json.loads(run("verify", str(tmp_path / "zip/w.jpg"), "--json").output)[0]
    assert report["ok"] is True and report["credentials"]["state"] == "valid"
    assert set(report["credentials"]["entries"].values()) == {"notAllowed"}


def test_a_file_the_library_cannot_parse_is_not_said_to_carry_credentials(tmp_path, signing_files):
    from optout.media.credentials import read_credentials

    assert read_credentials(b"\xff\xd8\xff\xe0 not really a jpeg", "jpeg") is None
    chain, key, _ = signing_files
    original = make_image(tmp_path / "p.jpg")
    assert run("protect", str(original), "-o", str(tmp_path / "out"), "--sign-cert", str(chain),
               "--sign-key", str(key)).exit_code == 0
    signed = (tmp_path / "out/p.jpg").read_bytes()
    cut = signed[: signed.index(b"jumb") + 500]  # the manifest box is there but cut short
    assert read_credentials(cut, "jpeg")["state"] == "invalid"
