"""Signing marked images with Content Credentials (the person's own certificate), and verifying them."""

import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from typer.testing import CliRunner

from optout.cli import build_app

from .images import make_image, pixels, read_tags, sha256
from .signing import certificate, key_pem, pem, sign_directly

runner = CliRunner()


def run(*args: str):
    return runner.invoke(build_app(), ["media", *args], env={"COLUMNS": "200"})


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
    # "No AI training" speaks for training only; inference was added with --cawg; data mining is not claimed at all
    # (CAWG reads "constrained" with nothing more as "notAllowed", which the person did not say).
    assert credentials["entries"] == {"cawg.ai_training": "notAllowed", "cawg.ai_generative_training": "notAllowed",
                                      "cawg.ai_inference": "notAllowed"}
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
    """Said once, before any image (it was said as the error of each image of a folder)."""
    chain, key, self_signed = signing_files
    original = make_image(tmp_path / "p.jpg")
    make_image(tmp_path / "q.jpg")
    result = run("protect", str(original), str(tmp_path / "q.jpg"), "-o", str(tmp_path / "out"), "--sign-cert",
                 str(self_signed), "--sign-key", str(key))
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert said.count("the signing certificate is self-signed; Content Credentials need a certificate issued by") == 1
    assert "p.jpg:" not in said and "Nothing was marked." in said
    assert "see the help" not in result.output  # there is no such help
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    other_key = tmp_path / "other.pem"
    other_key.write_bytes(key_pem(ec.generate_private_key(ec.SECP256R1())))
    mismatched = run("protect", str(original), "-o", str(tmp_path / "out"), "--sign-cert", str(chain), "--sign-key",
                     str(other_key))
    assert mismatched.exit_code == 1
    assert "the private key does not belong to the signing certificate" in " ".join(mismatched.output.split())
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
    _, _, self_signed = signing_files
    refused = client.post(reverse("media:index"), {
        "images": [SimpleUploadedFile("w.jpg", image.read_bytes())],
        "data_mining": "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED",
        "sign_cert": SimpleUploadedFile("self.pem", self_signed.read_bytes()),
        "sign_key": SimpleUploadedFile("key.pem", key.read_bytes()),
    })
    assert refused.status_code == 400  # on the certificate's field, once: no image said to have failed
    html = " ".join(refused.content.decode().split())
    assert "The signing certificate is self-signed" in html and "w.jpg:" not in html


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


def store(path):
    import io

    import c2pa

    with c2pa.Reader("image/jpeg", io.BytesIO(path.read_bytes())) as reader:
        return json.loads(reader.json())


GPS = {"label": "c2pa.metadata", "data": {"@context": {"exif": "http://ns.adobe.com/exif/1.0/"},
                                          "exif:GPSLatitude": "48,51.0N", "exif:GPSLongitude": "2,21.0E"}}


def test_credentials_a_file_already_has_stay_valid_as_the_history_when_signing(tmp_path, signing_files):
    """The parent ingredient was made from the already-edited file: its credentials showed 'dataHash.mismatch'."""
    chain, key, _ = signing_files
    camera = sign_directly(make_image(tmp_path / "c.jpg", gps=False), tmp_path / "in/cam.jpg", chain, key, [])
    result = run("protect", str(camera), "-o", str(tmp_path / "out"), "--creator", "Ann Example",
                 "--sign-cert", str(chain), "--sign-key", str(key))
    assert result.exit_code == 0, result.output
    assert "no longer verify" not in result.output
    found = store(tmp_path / "out/cam.jpg")
    active = found["manifests"][found["active_manifest"]]
    [parent] = active["ingredients"]
    history = parent["validation_results"]["activeManifest"]
    failures = {item["code"] for item in history["failure"]}
    assert failures <= {"signingCredential.untrusted"}, failures  # a test CA is on no trust list; nothing else fails
    assert "assertion.dataHash.match" in {item["code"] for item in history["success"]}
    assert parent["relationship"] == "parentOf" and parent["active_manifest"] and parent.get("title") == "cam.jpg"
    # C2PA 2.x forbids the schema.org CreativeWork assertion; the creator is in the XMP the manifest's hash covers
    assert "stds.schema-org.CreativeWork" not in [a["label"] for a in active["assertions"]]
    assert read_tags(tmp_path / "out/cam.jpg")["XMP-dc:Creator"] == ["Ann Example"]
    assert run("verify", str(tmp_path / "out/cam.jpg")).exit_code == 0


def test_marking_a_file_with_credentials_without_signing_says_they_will_stop_verifying(client, db, tmp_path,
                                                                                       signing_files):
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    chain, key, _ = signing_files
    camera = sign_directly(make_image(tmp_path / "c.jpg", gps=False), tmp_path / "in/cam.jpg", chain, key, [])
    plain = make_image(tmp_path / "in/plain.jpg", gps=False)
    result = run("protect", str(camera), str(plain), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert (f"note: {camera}: it has Content Credentials (C2PA), which will no longer verify after marking: they sign "
            "the file as it was. To keep them, sign it with your own certificate (--sign-cert and --sign-key") in text
    assert f"note: {plain}: it has Content Credentials" not in text
    assert json.loads(run("verify", str(tmp_path / "out/cam.jpg"), "--json").output)[0]["credentials"]["state"] == \
        "invalid"  # as the note said
    # in place, they would be lost for good, with no original left that carries them: refused, the file unchanged
    before = sha256(camera)
    in_place = run("protect", str(camera), "--in-place")
    assert in_place.exit_code == 1 and sha256(camera) == before
    assert "which marking it in place would break for good" in " ".join(in_place.output.split())
    signed = run("protect", str(camera), "--in-place", "--sign-cert", str(chain), "--sign-key", str(key))
    assert signed.exit_code == 0, signed.output  # signed, its old credentials are kept as the new ones' history

    response = client.post(reverse("media:index"), {"images": [SimpleUploadedFile("cam.jpg", camera.read_bytes())],
                                                    "data_mining": "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED"})
    report = zipfile.ZipFile(io.BytesIO(response.content)).read("optout-report.txt").decode()
    assert "it has Content Credentials (C2PA), which will no longer verify after marking" in report


@pytest.mark.parametrize(("choice", "entries"), [
    ("no-ai-training", {"cawg.ai_training": "notAllowed", "cawg.ai_generative_training": "notAllowed"}),
    ("no-genai-training", {"cawg.ai_generative_training": "notAllowed"}),
    ("prohibited", dict.fromkeys(("cawg.ai_training", "cawg.ai_generative_training", "cawg.ai_inference",
                                  "cawg.data_mining"), "notAllowed")),
    ("allowed", dict.fromkeys(("cawg.ai_training", "cawg.ai_generative_training", "cawg.ai_inference",
                               "cawg.data_mining"), "allowed")),
    ("unspecified", {}),
])
def test_the_training_mining_entries_say_exactly_what_the_choice_says(choice, entries):
    """Entries the choice says nothing about were written "constrained", which CAWG reads as "notAllowed"."""
    from optout.media.credentials import entries_for, manifest
    from optout.media.marks import Marks

    marks = Marks(data_mining=choice, usage_terms="Ask first")
    assert {name: entry["use"] for name, entry in entries_for(marks).items()} == entries
    assert not [entry for entry in entries_for(marks).values() if "constraint_info" in entry]
    labels = [assertion["label"] for assertion in manifest(marks)["assertions"]]
    assert labels == ([] if choice == "unspecified" else ["cawg.training-mining"])


def test_constraint_info_points_at_what_is_written():
    from optout.media.credentials import entries_for
    from optout.media.marks import Marks

    see = entries_for(Marks(data_mining="see-constraints", other_constraints="No datasets"))
    assert {entry["use"] for entry in see.values()} == {"constrained"}
    assert {entry["constraint_info"] for entry in see.values()} == {"No datasets"}
    search = entries_for(Marks(data_mining="search-indexing-only"))
    assert search["cawg.data_mining"]["use"] == "constrained" and "search engine indexing" in \
        search["cawg.data_mining"]["constraint_info"]
    added = entries_for(Marks(), {"cawg.ai_inference": "constrained"})  # nothing written to point at
    assert added["cawg.ai_inference"] == {"use": "constrained"}


def test_cawg_entries_that_contradict_the_choice_or_come_without_signing_are_refused(tmp_path, signing_files):
    chain, key, _ = signing_files
    original = make_image(tmp_path / "p.jpg", gps=False)
    signing = ["--sign-cert", str(chain), "--sign-key", str(key)]
    contra = run("protect", str(original), "-o", str(tmp_path / "out"), "--cawg", "ai_training=allowed", *signing)
    assert contra.exit_code == 1
    assert ("Error: --cawg cawg.ai_training=allowed contradicts the data-mining choice 'Prohibited for AI/ML training', "
            "which means cawg.ai_training=notAllowed, cawg.ai_generative_training=notAllowed") in " ".join(contra.output.split())
    weaker = run("protect", str(original), "-o", str(tmp_path / "out"), "--data-mining", "prohibited", "--cawg",
                 "data_mining=constrained", *signing)
    assert weaker.exit_code == 1 and "contradicts the data-mining choice 'Prohibited'" in weaker.output
    unsigned = run("protect", str(original), "-o", str(tmp_path / "out"), "--cawg", "ai_inference=notAllowed")
    assert unsigned.exit_code == 1 and "--cawg sets entries of Content Credentials, which are written only when " \
        "signing" in " ".join(unsigned.output.split())
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    adds = run("protect", str(original), "-o", str(tmp_path / "out"), "--data-mining", "no-genai-training", "--cawg",
               "ai_inference=notAllowed", *signing)
    assert adds.exit_code == 0, adds.output
    report = json.loads(run("verify", str(tmp_path / "out/p.jpg"), "--json").output)[0]
    assert report["credentials"]["entries"] == {"cawg.ai_generative_training": "notAllowed",
                                                "cawg.ai_inference": "notAllowed"}


@pytest.mark.parametrize("prefix", ["cawg", "c2pa"])
def test_signed_entries_that_contradict_the_xmp_fail_verification(tmp_path, signing_files, prefix):
    """The older C2PA 1.x assertion (c2pa.training-mining, c2pa.ai_training …) passed while it allowed what the XMP
    prohibits: only the CAWG names were compared."""
    chain, key, _ = signing_files
    assert run("protect", str(make_image(tmp_path / "p.jpg", gps=False)), "-o", str(tmp_path / "marked")).exit_code == 0
    signed = sign_directly(tmp_path / "marked/p.jpg", tmp_path / "signed/p.jpg", chain, key, [
        {"label": f"{prefix}.training-mining", "data": {"entries": {f"{prefix}.ai_training": {"use": "allowed"},
                                                                    f"{prefix}.data_mining": {"use": "allowed"}}}}])
    result = run("verify", str(signed))
    assert result.exit_code == 1, result.output
    assert (f"✗ Content Credentials: {prefix}.ai_training=allowed contradicts the XMP data-mining value 'Prohibited for "
            "AI/ML training'") in result.output
    assert "Content Credentials: valid" in result.output  # the signature itself is fine; what it says is not


def test_location_inside_content_credentials_is_found_and_not_carried_when_removing_location(tmp_path, signing_files):
    """--remove-location and verify --no-location looked only at XMP, IPTC and EXIF."""
    chain, key, _ = signing_files
    camera = sign_directly(make_image(tmp_path / "c.jpg", gps=False), tmp_path / "in/cam.jpg", chain, key, [GPS])
    checked = run("verify", str(camera), "--no-location", "--json")
    report = json.loads(checked.output)[0]
    assert checked.exit_code == 1 and report["ok"] is False
    assert "Content Credentials exif:GPSLatitude" in report["location"]
    before = sha256(camera)
    for signing in ([], ["--sign-cert", str(chain), "--sign-key", str(key)]):
        refused = run("protect", str(camera), "-o", str(tmp_path / "out"), "--remove-location", *signing)
        assert refused.exit_code == 1
        assert ("cam.jpg: its Content Credentials (C2PA) record location data (exif:GPSLatitude, exif:GPSLongitude), "
                "which optout cannot remove from them; not changed") in " ".join(refused.output.split())
        assert list((tmp_path / "out").iterdir()) == []
    assert sha256(camera) == before
    kept = run("protect", str(camera), "-o", str(tmp_path / "out"), "--sign-cert", str(chain), "--sign-key", str(key))
    assert kept.exit_code == 0, kept.output  # without --remove-location, the history (with its GPS) is kept
    after = run("verify", str(tmp_path / "out/cam.jpg"), "--no-location")
    assert after.exit_code == 1 and "Content Credentials exif:GPSLatitude" in after.output
