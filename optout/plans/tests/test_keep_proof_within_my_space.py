"""Each person's proof files have a limit (OPTOUT_PROOF_QUOTA_BYTES), so one account cannot fill the disk; a refusal
says the limit and what is used. Whatever fits under it exports, and the export imports again, however many files."""

import io
import os
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from typer.testing import CliRunner

from conftest import CONFIRMATION_EML
from optout.cli import build_app
from optout.plans import services
from optout.plans.evidence import EvidenceError
from optout.plans.models import Evidence, Status, evidence_path
from optout.plans.transfer import MAX_ZIP_ENTRIES


def _noise_png(side: int = 300) -> bytes:
    """A screenshot that does not compress: its size is what it costs on disk and in an export."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_screenshot_over_my_limit_is_refused_with_the_limit_and_what_i_use(alice, alice_plan, alice_client,
                                                                            settings):
    first, second = _noise_png(), _noise_png()
    settings.OPTOUT_PROOF_QUOTA_BYTES = len(first) + len(second) - 1
    services.add_screenshot(alice_plan[0], first, "first.png")
    response = alice_client.post(reverse("plans:action_screenshot", args=[alice_plan[0].number]),
                                 {"screenshot": SimpleUploadedFile("second.png", second, "image/png")})
    html = response.content.decode().replace("&nbsp;", " ").replace("\xa0", " ")
    assert response.status_code == 400
    assert "second.png" in html and "was not saved: optout keeps at most" in html and "yours already take" in html
    assert Evidence.objects.filter(owner=alice).count() == 1


def test_two_uploads_at_once_cannot_pass_my_limit_together(alice, alice_plan, settings, monkeypatch):
    """Each upload found room for itself before its file was written; the second to be stored is refused, and its file
    is not left behind."""
    first, second = _noise_png(), _noise_png()
    settings.OPTOUT_PROOF_QUOTA_BYTES = len(first) + len(second) - 1
    storage = Evidence._meta.get_field("file").storage
    write = storage.save
    other = ["waiting"]

    def write_while_the_other_upload_lands(name, content, *args, **kwargs):
        if other.pop() if other else False:  # the other request stores its screenshot while this file is written
            services.add_screenshot(alice_plan[1], second, "other.png")
        return write(name, content, *args, **kwargs)

    monkeypatch.setattr(storage, "save", write_while_the_other_upload_lands)
    try:
        services.add_screenshot(alice_plan[0], first, "first.png")
    except EvidenceError as refusal:
        assert "first.png" in str(refusal) and "optout keeps at most" in str(refusal)
    else:
        raise AssertionError("the second screenshot to be stored was kept over the limit")
    kept = Evidence.objects.filter(owner=alice)
    assert [e.original_name for e in kept] == ["other.png"]
    files = {path.name for path in Path(storage.location).rglob("*") if path.is_file()}
    assert files == {Path(kept[0].file.name).name}


def test_the_command_line_keeps_to_the_same_limit_and_saves_nothing(alice, alice_plan, settings, tmp_path):
    shot = tmp_path / "shot.png"
    shot.write_bytes(_noise_png())
    settings.OPTOUT_PROOF_QUOTA_BYTES = shot.stat().st_size - 1
    result = CliRunner().invoke(build_app(), ["plan", "done", str(alice_plan[0].number), "--evidence", str(shot),
                                              "--user", "alice"])
    assert result.exit_code != 0
    assert "Nothing was saved" in result.output and "optout keeps at most" in result.output
    assert not Evidence.objects.filter(owner=alice).exists()
    alice_plan[0].refresh_from_db()
    assert alice_plan[0].status == Status.TODO


def test_a_plan_filled_up_to_the_limit_exports_and_imports_again(alice, alice_plan, alice_client, bob, bob_client,
                                                                settings):
    settings.OPTOUT_PROOF_QUOTA_BYTES = 2 * 1024 * 1024
    refused = None
    for added in range(30):  # 270 KB each: the limit is reached after 7
        try:
            services.add_screenshot(alice_plan[added % 3], _noise_png(), f"shot{added}.png")
        except EvidenceError as exc:
            refused = exc
            break
    assert refused is not None and added >= 3
    response = alice_client.post(reverse("plans:export"))
    assert response.streaming  # from a temporary file, not built in memory
    upload = io.BytesIO(response.getvalue())
    upload.name = "plan.zip"
    page = bob_client.post(reverse("plans:import"), {"file": upload}, follow=True).content.decode()
    assert "Imported your plan" in page, page[page.find("errorlist"):][:500]
    assert Evidence.objects.filter(owner=bob).count() == added

    settings.OPTOUT_PROOF_QUOTA_BYTES = 1024 * 1024  # a smaller limit where it is imported: said, not a crash
    upload.seek(0)
    page = bob_client.post(reverse("plans:import"), {"file": upload, "replace": "on"}).content.decode()
    assert "the most optout keeps for one person" in page
    assert Evidence.objects.filter(owner=bob).count() == added


def test_an_export_with_more_files_than_imports_used_to_take_imports_again(alice, alice_plan, alice_client, bob,
                                                                          bob_client, tmp_path):
    """Imports took at most 2,000 files; a person who saved 2,100 confirmation e-mails could not move their plan."""
    count = 2100
    assert count + 1 <= MAX_ZIP_ENTRIES
    storage = Evidence._meta.get_field("file").storage
    rows = []
    for index in range(count):
        row = Evidence(owner=alice, action=alice_plan[index % 3], kind="email", original_name=f"m{index}.eml",
                       content_type="message/rfc822", size=len(CONFIRMATION_EML))
        row.file.name = storage.save(evidence_path(row, "m.eml"), ContentFile(CONFIRMATION_EML))
        rows.append(row)
    Evidence.objects.bulk_create(rows)
    target = tmp_path / "plan.zip"
    result = CliRunner().invoke(build_app(), ["plan", "export", str(target), "--user", "alice"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(build_app(), ["plan", "import", str(target), "--user", "bob"])
    assert result.exit_code == 0, result.output
    assert Evidence.objects.filter(owner=bob).exclude(file="").count() == count
