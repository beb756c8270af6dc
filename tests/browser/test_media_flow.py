"""Marking images in a browser: upload three, choose "no AI training", download the zip, verify it."""

import zipfile

from playwright.sync_api import expect
from typer.testing import CliRunner

from conftest import assert_accessible
from optout.cli import build_app
from optout.media.tests.images import make_image, pixels


def test_upload_three_images_and_verify_the_downloaded_zip(page, tmp_path):
    images = [make_image(tmp_path / "in" / name) for name in ("one.jpg", "two.png", "three.webp")]
    page.goto("/")
    page.get_by_role("link", name="Your images").click()
    expect(page).to_have_title("Your images · optout")
    assert_accessible(page)
    page.get_by_label("Images:", exact=True).set_input_files([str(p) for p in images])
    page.get_by_label("No AI training (recommended)").check()
    page.get_by_label("Creator:", exact=True).fill("Ann Example")
    page.get_by_label("Remove GPS position and other location data").check()
    with page.expect_download() as info:
        page.get_by_role("button", name="Mark and download").click()
    download = info.value
    assert download.suggested_filename == "optout-marked-images.zip"
    download.save_as(tmp_path / "marked.zip")
    with zipfile.ZipFile(tmp_path / "marked.zip") as archive:
        archive.extractall(tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["one.jpg", "optout-report.txt", "three.webp", "two.png"]
    result = CliRunner().invoke(build_app(), ["media", "verify", str(tmp_path / "out"), "--data-mining", "no-ai-training",
                                              "--creator", "Ann Example", "--no-location"])
    assert result.exit_code == 0, result.output
    assert "3 of 3 files pass." in result.output
    for original in images:
        assert pixels(tmp_path / "out" / original.name) == pixels(original)
