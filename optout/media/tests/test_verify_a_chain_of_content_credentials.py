"""`optout media verify` on an image whose Content Credentials carry a history: a camera's manifest, an editor's, the
artist's own. verify reported the newest manifest's validity as the whole answer: an earlier manifest that had failed
left the file "valid"."""

import json

import pytest
from typer.testing import CliRunner

from optout.cli import build_app

from .images import make_image
from .signing import sign_directly, signer_files

runner = CliRunner()


def run(*args: str):
    return runner.invoke(build_app(), ["media", *args], env={"COLUMNS": "300"})


def training(**uses: str) -> list[dict]:
    return [{"label": "cawg.training-mining",
             "data": {"entries": {f"cawg.{name}": {"use": use} for name, use in uses.items()}}}]


@pytest.fixture
def people(tmp_path):
    """Certificates of a photographer, an editor and the artist, each from a throwaway CA of their own."""
    return {name: signer_files(tmp_path / "keys", name) for name in ("Pat Photographer", "Eddie Editor", "Ann Example")}


def signing(people, name: str) -> list[str]:
    chain, key = people[name]
    return ["--sign-cert", str(chain), "--sign-key", str(key)]


def lines(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines()]


def test_every_manifest_of_the_history_is_shown_with_its_signer_time_validity_and_training_choice(tmp_path, people):
    photo = make_image(tmp_path / "photo.jpg", gps=False)
    camera = sign_directly(photo, tmp_path / "camera/cam.jpg", *people["Pat Photographer"], [])
    edited = sign_directly(camera, tmp_path / "edited/cam.jpg", *people["Eddie Editor"], training(ai_training="notAllowed"),
                           generator="an editor", parent=camera)
    assert run("protect", str(edited), "-o", str(tmp_path / "out"), *signing(people, "Ann Example")).exit_code == 0

    result = run("verify", str(tmp_path / "out/cam.jpg"))
    assert result.exit_code == 0, result.output
    shown = lines(result.output)
    assert "Content Credentials: valid: all 3 manifests validated" in shown
    newest = next(line for line in shown if line.startswith("1. "))
    assert newest.startswith("1. newest: signed by Ann Example, time of signing not recorded; valid, certificate not on "
                             "a trust list; training and data mining: ")
    assert ("2. parent of 1 (“cam.jpg”): signed by Eddie Editor, time of signing not recorded; valid, certificate not on "
            "a trust list; training and data mining: ai_training=notAllowed") in shown
    assert ("3. parent of 2 (“cam.jpg”): signed by Pat Photographer, time of signing not recorded; valid, certificate not "
            "on a trust list; no training-and-data-mining assertion") in shown

    report = json.loads(run("verify", str(tmp_path / "out/cam.jpg"), "--json").output)[0]
    credentials = report["credentials"]
    assert credentials["state"] == "valid" and report["ok"] is True
    assert [m["signed_by"] for m in credentials["chain"]] == ["Ann Example", "Eddie Editor", "Pat Photographer"]
    assert [m["ingredient_of"] for m in credentials["chain"]] == [None, 1, 2]
    assert credentials["chain"][0]["entries"] == credentials["entries"] == {
        "cawg.ai_training": "notAllowed", "cawg.ai_generative_training": "notAllowed"}
    assert credentials["chain"][1]["entries"] == {"cawg.ai_training": "notAllowed"}
    assert credentials["chain"][2]["entries"] is None


def test_a_camera_manifest_that_no_longer_matched_its_photo_makes_the_credentials_invalid_and_is_named(tmp_path, people):
    """Marked without signing (the note warns that the camera's credentials break), then signed: the camera's manifest
    had failed when the signing took the file in. verify said "valid" and the file passed."""
    camera = sign_directly(make_image(tmp_path / "photo.jpg", gps=False), tmp_path / "camera/cam.jpg",
                           *people["Pat Photographer"], training(ai_training="notAllowed"))
    first = run("protect", str(camera), "-o", str(tmp_path / "marked"))
    assert first.exit_code == 0 and "which will no longer verify after marking" in first.output
    assert run("protect", str(tmp_path / "marked/cam.jpg"), "-o", str(tmp_path / "signed"),
               *signing(people, "Ann Example")).exit_code == 0

    result = run("verify", str(tmp_path / "signed/cam.jpg"))
    assert result.exit_code == 1, result.output
    shown = lines(result.output)
    assert "Content Credentials: invalid: manifest 2 of 2, signed by Pat Photographer, failed validation" in shown
    assert next(line for line in shown if line.startswith("1. ")).startswith(
        "1. newest: signed by Ann Example, time of signing not recorded; valid, certificate not on a trust list;")
    earlier = next(line for line in shown if line.startswith("2. "))
    assert earlier.startswith("2. parent of 1 (“cam.jpg”): signed by Pat Photographer, time of signing not recorded; "
                              "invalid (")
    assert earlier.endswith("); training and data mining: ai_training=notAllowed")
    assert "Content Credentials: valid" not in result.output

    report = json.loads(run("verify", str(tmp_path / "signed/cam.jpg"), "--json").output)[0]
    credentials = report["credentials"]
    assert report["ok"] is False and credentials["state"] == "invalid"
    assert [m["state"] for m in credentials["chain"]] == ["valid", "invalid"]
    assert "assertion.dataHash.mismatch" in credentials["chain"][1]["codes"]
    assert credentials["verdict"] == ["manifest 2 of 2, signed by Pat Photographer, failed validation"]


def test_a_history_changed_after_it_was_signed_is_named_as_the_manifest_that_failed(tmp_path, people):
    """verify said "invalid, signed by Eddie Editor" with every problem in one list: it did not say whose manifest
    failed."""
    camera = sign_directly(make_image(tmp_path / "photo.jpg", gps=False), tmp_path / "camera/cam.jpg",
                           *people["Pat Photographer"], training(ai_training="notAllowed"))
    assert run("protect", str(camera), "-o", str(tmp_path / "signed"), *signing(people, "Eddie Editor")).exit_code == 0
    data = (tmp_path / "signed/cam.jpg").read_bytes()
    assert data.count(b"a camera app") == 1  # in the camera's signed claim only
    (tmp_path / "signed/cam.jpg").write_bytes(data.replace(b"a camera app", b"a camera apq"))

    result = run("verify", str(tmp_path / "signed/cam.jpg"))
    assert result.exit_code == 1, result.output
    assert "Content Credentials: invalid: manifest 2 of 2, signed by Pat Photographer, failed validation" in \
        lines(result.output)
    credentials = json.loads(run("verify", str(tmp_path / "signed/cam.jpg"), "--json").output)[0]["credentials"]
    newest, earlier = credentials["chain"]
    assert newest["state"] == "valid" and newest["signed_by"] == "Eddie Editor"
    assert earlier["state"] == "invalid" and "claimSignature.mismatch" in earlier["codes"]


# The reasoning over the manifest store, with stores as the library gives them (c2pa-python's Reader.json()).

NEWEST, EARLIER = "urn:c2pa:newest", "urn:c2pa:earlier"


def status(code: str, label: str, what: str = "c2pa.signature", explanation: str = "") -> dict:
    return {"code": code, "url": f"self#jumbf=/c2pa/{label}/{what}", "explanation": explanation or code}


def manifest(signer: str, ingredients=(), time: str = "", assertions=()) -> dict:
    signature = {"alg": "Es256", "issuer": f"{signer} CA", "common_name": signer} | ({"time": time} if time else {})
    return {"signature_info": signature, "ingredients": list(ingredients), "assertions": list(assertions)}


def ingredient(label: str, **recorded) -> dict:
    return {"title": "photo.jpg", "relationship": "parentOf", "active_manifest": label, "label": "c2pa.ingredient.v3"
            } | recorded


def results(label: str, failures=(), success=()) -> dict:
    return {"activeManifest": {"success": [status(code, label) for code in success], "informational": [],
                               "failure": [status(code, label) for code in failures]}}


def two_manifests(earlier: dict | None, **recorded) -> dict:
    manifests = {NEWEST: manifest("Eddie Editor", [ingredient(EARLIER, **recorded)], time="2026-11-30T10:15:00+00:00")}
    if earlier is not None:
        manifests[EARLIER] = earlier
    return {"active_manifest": NEWEST, "manifests": manifests,
            "validation_results": results(NEWEST, ["signingCredential.untrusted"], ["claimSignature.validated"])}


def test_an_earlier_manifest_without_recorded_results_is_said_to_be_unchecked_not_valid(capsys):
    from optout.media.cli import _print_credentials
    from optout.media.credentials import _summary

    summary = _summary(two_manifests(manifest("Pat Photographer", assertions=training(ai_training="notAllowed"))),
                       "Valid")
    assert summary["state"] == "unchecked"
    assert [m["state"] for m in summary["chain"]] == ["valid", "unchecked"]
    assert "recorded no validation results" in summary["chain"][1]["reason"]
    _print_credentials(summary)
    shown = lines(capsys.readouterr().out)
    assert "Content Credentials: not fully checked: manifest 2 of 2, signed by Pat Photographer, could not be checked" \
        in shown
    assert ("1. newest: signed by Eddie Editor, signed 2026-11-30T10:15:00+00:00; valid, certificate not on a trust "
            "list; no training-and-data-mining assertion") in shown
    assert next(line for line in shown if line.startswith("2. ")).startswith(
        "2. parent of 1 (“photo.jpg”): signed by Pat Photographer, time of signing not recorded; could not be checked "
        "(the manifest that took it in recorded no validation results for it")


def test_an_ingredient_whose_manifest_is_not_in_the_file_is_unchecked():
    from optout.media.provenance import chain, chain_state, verdict

    found = chain(two_manifests(None, validation_results=results(EARLIER)))
    assert [m["state"] for m in found] == ["valid", "unchecked"]
    assert found[1]["signed_by"] == "" and "not in the file" in found[1]["reason"]
    assert chain_state(found) == "unchecked"
    assert verdict(found) == ["manifest 2 of 2, signed by an unknown signer, could not be checked"]


def test_failures_are_counted_against_the_manifest_they_name():
    from optout.media.provenance import chain

    recorded = results(EARLIER, ["assertion.dataHash.mismatch"], ["claimSignature.validated", "signingCredential.trusted"])
    store = two_manifests(manifest("Pat Photographer"), validation_results=recorded)
    store["validation_results"]["ingredientDeltas"] = [{
        "ingredientAssertionURI": f"self#jumbf=/c2pa/{NEWEST}/c2pa.assertions/c2pa.ingredient.v3",
        "validationDeltas": {"success": [], "informational": [],
                             "failure": [{"code": "ingredient.manifest.mismatch", "url": "", "explanation": "changed"}]}}]
    newest, earlier = chain(store)
    assert newest["state"] == "valid" and newest["problems"] == []
    assert earlier["state"] == "invalid" and earlier["codes"] == ["assertion.dataHash.mismatch",
                                                                  "ingredient.manifest.mismatch"]
    assert earlier["trusted"] is False  # trusted once, but it failed


def test_the_flat_status_lists_of_older_manifests_are_read_passed_and_failed():
    from optout.media.provenance import chain

    flat = [status("claimSignature.validated", EARLIER), status("assertion.hashedURI.match", EARLIER, "c2pa.assertions/x"),
            status("signingCredential.untrusted", EARLIER)]
    valid = chain(two_manifests(manifest("Pat Photographer"), validation_status=flat))
    assert valid[1]["state"] == "valid" and valid[1]["trusted"] is False
    broken = chain(two_manifests(manifest("Pat Photographer"),
                                 validation_status=[*flat, status("assertion.dataHash.mismatch", EARLIER)]))
    assert broken[1]["state"] == "invalid" and broken[1]["codes"] == ["assertion.dataHash.mismatch"]


def test_a_store_the_library_calls_invalid_is_never_reported_valid():
    from optout.media.credentials import _summary

    store = two_manifests(manifest("Pat Photographer"), validation_results=results(EARLIER))
    store["validation_status"] = [{"code": "general.error", "explanation": "something the library found"}]
    summary = _summary(store, "Invalid")
    assert summary["state"] == "invalid" and summary["chain"][0]["state"] == "invalid"
    assert summary["chain"][0]["problems"] == ["something the library found"]


def test_a_manifest_that_names_itself_as_its_ingredient_is_listed_once():
    from optout.media.provenance import chain

    looped = manifest("Eddie Editor", [ingredient(NEWEST)])
    assert len(chain({"active_manifest": NEWEST, "manifests": {NEWEST: looped}, "validation_results": results(NEWEST)})) == 1
