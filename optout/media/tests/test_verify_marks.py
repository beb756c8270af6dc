"""`optout media verify`: which marks a file carries, whether they are right; JSON; exit codes."""

import json
import subprocess

from typer.testing import CliRunner

from optout.cli import build_app

from .images import CLI_OPTIONS, VALUES, exiftool, make_image

runner = CliRunner()


def run(*args: str):
    return runner.invoke(build_app(), ["media", *args], env={"COLUMNS": "200"})


def test_a_protected_folder_passes_with_every_expectation(tmp_path):
    for suffix in (".jpg", ".png", ".webp", ".tif"):
        make_image(tmp_path / f"in/p{suffix}")
    assert run("protect", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--remove-location", *CLI_OPTIONS).exit_code == 0
    result = run("verify", str(tmp_path / "out"), "--data-mining", "no-ai-training", "--no-location", *CLI_OPTIONS)
    assert result.exit_code == 0, result.output
    assert "4 of 4 files pass." in result.output
    assert "✓ Data mining (PLUS): Prohibited for AI/ML training [XMP]" in result.output
    assert f"✓ Creator: {VALUES['creator']} [XMP/IPTC/EXIF]" in result.output

    data = json.loads(run("verify", str(tmp_path / "out/p.webp"), "--json").output)
    assert data[0]["ok"] is True and data[0]["kind"] == "WebP"
    checks = {c["field"]: c for c in data[0]["checks"]}
    assert checks["copyright"]["values"] == {"xmp": VALUES["copyright"], "exif": VALUES["copyright"]}
    assert checks["licensor_url"]["status"] == "ok" and data[0]["location"] == []


def test_missing_or_wrong_marks_fail_and_unreadable_files_get_no_verdict(tmp_path):
    plain = make_image(tmp_path / "plain.jpg")
    result = run("verify", str(plain), "--no-location")
    assert result.exit_code == 1
    assert "– Data mining (PLUS): no PLUS data-mining value in XMP" in result.output
    assert "location data present: XMP City, IPTC city, EXIF GPS" in result.output

    assert run("protect", str(plain), "-o", str(tmp_path / "out"), "--creator", "Ann").exit_code == 0
    wrong = run("verify", str(tmp_path / "out/plain.jpg"), "--creator", "Bob", "--data-mining", "prohibited")
    assert wrong.exit_code == 1
    assert "✗ Creator: different value in XMP, IPTC, EXIF" in wrong.output
    assert "✗ Data mining (PLUS): Prohibited for AI/ML training, expected Prohibited" in wrong.output

    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    broken = run("verify", str(tmp_path / "broken.jpg"), str(tmp_path / "out/plain.jpg"))
    assert broken.exit_code == 2
    assert "? " + str(tmp_path / "broken.jpg") + ": cannot check: the file ends inside its header" in broken.output


def test_marks_written_by_exiftool_are_read_and_disagreements_shown(tmp_path):
    """The reading side checked against an independent writer."""
    image = make_image(tmp_path / "e.jpg", gps=False)
    subprocess.run([exiftool(), "-q", "-overwrite_original", "-XMP-plus:DataMining=Prohibited",
                    "-XMP-dc:Creator=Ann", "-IPTC:By-line=Someone Else", "-EXIF:Artist=Ann",
                    "-XMP-plus:LicensorName=Agency", "-XMP-plus:LicensorURL=https://a.example/", str(image)], check=True)
    result = run("verify", str(image), "--json")
    report = json.loads(result.output)[0]
    assert result.exit_code == 1 and report["ok"] is False
    checks = {c["field"]: c for c in report["checks"]}
    assert checks["data_mining"]["status"] == "ok" and checks["data_mining"]["message"] == "Prohibited"
    assert checks["creator"]["status"] == "mismatch"
    assert checks["creator"]["values"] == {"xmp": "Ann", "iptc": "Someone Else", "exif": "Ann"}
    assert checks["licensor_url"]["values"] == {"xmp": "https://a.example/"}


def test_a_value_outside_the_plus_vocabulary_is_invalid(tmp_path):
    image = make_image(tmp_path / "x.png", gps=False)
    subprocess.run([exiftool(), "-q", "-overwrite_original", "-XMP-plus:DataMining#=no-ai-please", str(image)], check=True)
    result = run("verify", str(image))
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "Data mining" in line)
    assert line.strip().startswith("✗ Data mining (PLUS): '") and "no-ai-please' is not a value of the PLUS" in line


def test_a_mark_that_allows_ai_training_is_not_a_pass_unless_asked_for(tmp_path):
    """`verify` once passed copies marked "allowed": a file passes as protected only when its mark refuses mining."""
    for choice, shown in (("allowed", "Allowed"), ("unspecified", "Unspecified (no prohibition defined)")):
        make_image(tmp_path / f"in-{choice}/p.jpg")
        out = tmp_path / f"out-{choice}"
        assert run("protect", str(tmp_path / f"in-{choice}"), "-o", str(out), "--data-mining", choice).exit_code == 0
        result = run("verify", str(out))
        assert result.exit_code == 1, result.output
        assert f"✗ Data mining (PLUS): {shown}: this is no 'no AI training' mark" in result.output
        assert "0 of 1 files pass." in result.output
        assert run("verify", str(out), "--data-mining", choice).exit_code == 0  # what the person chose, checked
    linked = make_image(tmp_path / "in-see/p.jpg")
    subprocess.run([exiftool(), "-q", "-overwrite_original", "-XMP-iptcExt:LinkedEncodedRightsExpr=https://a.example/r",
                    "-XMP-iptcExt:LinkedEncodedRightsExprType=IANA:application/odrl+json", str(linked)], check=True)
    assert run("protect", str(tmp_path / "in-see"), "-o", str(tmp_path / "out-see"), "--data-mining",
               "see-linked-rights").exit_code == 0
    assert run("verify", str(tmp_path / "out-see")).exit_code == 0  # a prohibition that points elsewhere still refuses


def test_a_see_value_whose_target_is_missing_fails(tmp_path):
    """The "Prohibited, see …" values passed although what they point at was not in the file."""
    for value, target in (("DMI-PROHIBITED-SEECONSTRAINT", "no other constraints (XMP plus:OtherConstraints)"),
                          ("DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR", "no Iptc4xmpExt:EmbdEncRightsExpr"),
                          ("DMI-PROHIBITED-SEELINKEDRIGHTSEXPR", "no Iptc4xmpExt:LinkedEncRightsExpr")):
        image = make_image(tmp_path / f"{value}.jpg", gps=False)
        subprocess.run([exiftool(), "-q", "-overwrite_original", f"-XMP-plus:DataMining#={value}", str(image)],
                       check=True)
        result = run("verify", str(image))
        assert result.exit_code == 1, result.output
        assert "✗ Data mining (PLUS): Prohibited, see" in result.output and f"the file has {target} to see" in result.output
    subprocess.run([exiftool(), "-q", "-overwrite_original", "-XMP-plus:OtherConstraints=No datasets",
                    str(tmp_path / "DMI-PROHIBITED-SEECONSTRAINT.jpg")], check=True)
    assert run("verify", str(tmp_path / "DMI-PROHIBITED-SEECONSTRAINT.jpg")).exit_code == 0


def test_an_unreadable_xmp_packet_is_reported_without_claiming_a_change(tmp_path):
    """verify said "…; not changed" of a file it never changes."""
    from optout.media import jpeg

    image = make_image(tmp_path / "e.jpg", gps=False, extra=False).read_bytes()
    packet = (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.'
              b'org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""/></rdf:RDF></x:xmpmeta>')
    segment = jpeg._segment(jpeg.APP1, jpeg.XMP_ID + packet, "XMP")
    (tmp_path / "e.jpg").write_bytes(image[:2] + segment + image[2:])
    result = run("verify", str(tmp_path / "e.jpg"))
    assert result.exit_code == 2
    assert "cannot check: its XMP metadata declares a document type or XML entities" in result.output
    assert "not changed" not in result.output
    for broken in (b"<x:xmpmeta><rdf:RDF", b"<a/>"):
        (tmp_path / "b.jpg").write_bytes(image[:2] + jpeg._segment(jpeg.APP1, jpeg.XMP_ID + broken, "XMP") + image[2:])
        assert "not changed" not in run("verify", str(tmp_path / "b.jpg")).output
