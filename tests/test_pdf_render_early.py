"""A PDF made by the helper process started early is the same document as one made in-process."""

import subprocess

from optout.lib import pdfrender

HTML = "<!DOCTYPE html><html><body><h1>Objection</h1><p>Ich widerspreche. Grüße, Ana</p></body></html>"


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_early_child_renders_the_same_text(tmp_path):
    here = pdfrender.html_to_pdf(HTML)
    pdfrender.start_early()
    child = pdfrender._child
    early = pdfrender.html_to_pdf(HTML)
    assert child.returncode == 0, "the PDF came from the child"
    assert early.startswith(b"%PDF") and _text(early, tmp_path) == _text(here, tmp_path)
    assert "Ich widerspreche" in _text(early, tmp_path)


def test_a_failed_child_falls_back_to_rendering_here(tmp_path):
    pdfrender.start_early()
    pdfrender._child.kill()
    pdf = pdfrender.html_to_pdf(HTML)
    assert "Objection" in _text(pdf, tmp_path)
    assert pdfrender._child is None


def test_an_unused_child_is_stopped_at_exit():
    pdfrender.start_early()
    child = pdfrender._child
    pdfrender._stop_unused_child()
    assert child.poll() is not None
    pdfrender._child = None


def test_only_a_pdf_named_with_out_starts_the_child_early():
    assert pdfrender.wants_pdf(["letter", "new", "--platform", "x", "--out", "Letter.PDF"])
    assert pdfrender.wants_pdf(["letter", "download", "3", "--out=letter.pdf"])
    assert not pdfrender.wants_pdf(["letter", "new", "--out", "letter.eml", "--name", "a.pdf"])
    assert not pdfrender.wants_pdf(["letter", "new", "--out"])


def test_the_cli_writes_the_pdf_through_the_early_child(tmp_path):
    import os
    import sys
    from pathlib import Path

    optout = str(Path(sys.executable).parent / "optout")
    env = {**os.environ, "OPTOUT_DATA_DIR": str(tmp_path / "data")}
    subprocess.run([optout, "manage", "migrate", "-v0"], env=env, check=True)
    out = tmp_path / "brief.pdf"
    done = subprocess.run([optout, "letter", "new", "--platform", "instagram", "--type", "plain", "--lang", "de",
                           "--name", "Ana Beispiel", "--address", "Musterstraße 1;10115 Berlin",
                           "--email", "ana@example.org", "--reason", "Meine Bilder.", "--out", str(out)],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"Wrote {out}." in done.stdout
    assert "Ana Beispiel" in _text(out.read_bytes(), tmp_path)
