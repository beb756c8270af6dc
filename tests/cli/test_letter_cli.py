"""`optout letter new|list|mark-sent` as a person at a terminal uses them."""

import datetime as dt
import json
import subprocess

from typer.testing import CliRunner

from conftest import make_plan, png_bytes, require_tool
from optout.cli import build_app
from optout.letters import deadlines
from optout.letters.models import LetterRequest

runner = CliRunner()


def run(*args: str):
    return runner.invoke(build_app(), list(args), env={"COLUMNS": "200"})


def test_new_letter_to_meta_in_german_as_pdf_then_list_and_mark_sent(db, alice, tmp_path):
    require_tool("pdftotext", "apt-get install poppler-utils")
    make_plan(alice, "EU", ["instagram"])
    alice.profile.country = "IE"  # the company is in Ireland too: Irish holidays count either way
    alice.profile.save()
    out = tmp_path / "letter.pdf"
    result = run("letter", "new", "--platform", "meta", "--type", "objection", "--lang", "fr", "--name", "Alice Example",
                 "--address", "1 Rue de Rivoli;75001 Paris", "--reason", "Mes dessins sont mon revenu.", "--out", str(out),
                 "--user", "alice")
    assert result.exit_code == 0, result.output
    assert "Meta Platforms Ireland Limited" in result.output
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Alice Example" in text and "75001 Paris" in text and "21" in text
    assert "Instagram" in text and "Facebook" not in text  # the Meta platform she uses, not the first of Meta's
    rows = json.loads(run("letter", "list", "--json", "--user", "alice").output)
    assert rows[0]["status"] == "drafted" and rows[0]["to"] == "Meta Platforms Ireland Limited"
    today = dt.date.today()
    result = run("letter", "mark-sent", str(rows[0]["number"]), "--date", today.isoformat(), "--user", "alice")
    letter = LetterRequest.objects.get()
    assert result.exit_code == 0, result.output
    assert letter.status == "sent" and f"Answer due by {letter.deadline.isoformat()}." in result.output
    assert letter.deadline == deadlines.gdpr(today, deadlines.place_holidays("IE")).answer_by
    result = run("letter", "mark-sent", "1", "--date", "2020-01-01", "--user", "alice")
    assert result.exit_code == 1


def test_a_company_with_several_platforms_needs_the_one_the_person_uses(db, bob):
    result = run("letter", "new", "--platform", "meta", "--type", "objection", "--name", "Bob Example",
                 "--address", "1 Main St;Dublin", "--user", "bob")
    assert result.exit_code == 1 and not LetterRequest.objects.exists()
    assert "'meta' runs several platforms (facebook, instagram, " in result.output
    assert "the letter names the one you use: --platform facebook, for example." in result.output


def test_mistakes_are_explained(db, alice):
    make_plan(alice, "US", ["instagram"])
    result = run("letter", "new", "--platform", "instagram", "--type", "objection", "--name", "A", "--user", "alice")
    assert result.exit_code == 1 and "the requests are: plain" in result.output
    result = run("letter", "new", "--platform", "myspace", "--user", "alice")
    assert result.exit_code == 1 and "No platform or company 'myspace'" in result.output
    result = run("letter", "new", "--platform", "instagram", "--type", "plain", "--user", "alice")
    assert result.exit_code == 1 and "full name is needed" in result.output
    assert run("letter", "mark-sent", "9", "--user", "alice").exit_code == 1
    assert not LetterRequest.objects.exists()


def test_an_out_file_is_checked_before_a_letter_is_made_and_never_overwritten_unasked(db, alice, tmp_path):
    make_plan(alice, "US", ["instagram"])
    args = ("letter", "new", "--platform", "instagram", "--type", "plain", "--name", "Alice Example", "--user", "alice")
    result = run(*args, "--out", str(tmp_path / "letter.docx"))
    assert result.exit_code == 1 and "--out: use a .pdf, .eml or .txt file name" in result.output
    keep = tmp_path / "keep.txt"
    keep.write_text("my notes")
    result = run(*args, "--out", str(keep))
    assert result.exit_code == 1 and "exists; use --force to overwrite it. Nothing was made." in result.output
    assert keep.read_text() == "my notes" and not LetterRequest.objects.exists()
    # a folder that is not there: the letter was stored, then the command said it could not write the file
    result = run(*args, "--out", str(tmp_path / "nowhere" / "letter.txt"))
    assert result.exit_code == 1 and "The folder" in result.output and "does not exist" in result.output
    assert "Nothing was made." in result.output and not LetterRequest.objects.exists()
    result = run(*args, "--out", str(tmp_path))
    assert result.exit_code == 1 and "--out: use a .pdf, .eml or .txt file name" in result.output
    (tmp_path / "folder.txt").mkdir()
    result = run(*args, "--out", str(tmp_path / "folder.txt"), "--force")
    assert result.exit_code == 1 and "is a folder" in result.output and not LetterRequest.objects.exists()
    assert run(*args, "--out", str(keep), "--force").exit_code == 0
    assert "Alice Example" in keep.read_text()
    result = run("letter", "download", "1", "--out", str(keep), "--user", "alice")
    assert result.exit_code == 1 and "use --force" in result.output


def test_every_letter_command_has_help():
    for command in ("new", "list", "mark-sent", "download", "pause", "resume"):
        result = run("letter", command, "--help")
        assert result.exit_code == 0 and "--user" in result.output


def test_a_uk_letter_clock_is_stopped_and_restarted_from_the_terminal(db, alice):
    make_plan(alice, "UK", ["instagram"])
    today = dt.date.today()
    assert run("letter", "new", "--platform", "instagram", "--type", "access", "--name", "Alice Example",
               "--address", "1 High Street;London", "--user", "alice").exit_code == 0
    assert run("letter", "mark-sent", "1", "--date", (today - dt.timedelta(days=10)).isoformat(), "--user", "alice").exit_code == 0
    before = LetterRequest.objects.get().deadline
    result = run("letter", "pause", "1", "--reason", "clarify", "--date", (today - dt.timedelta(days=4)).isoformat(), "--user", "alice")
    assert result.exit_code == 0 and "the clock is stopped" in result.output
    result = run("letter", "resume", "1", "--date", today.isoformat(), "--user", "alice")
    letter = LetterRequest.objects.get()
    assert result.exit_code == 0 and letter.paused_days == 5 and letter.deadline > before
    assert f"due by {letter.deadline.isoformat()}" in result.output
    result = run("letter", "pause", "1", "--reason", "because", "--user", "alice")
    assert result.exit_code == 1 and "use identity or clarify" in result.output


def test_the_same_option_names_work_in_every_command(db, alice, tmp_path):
    """--language and -o as other commands spell them (letter new once knew only --lang and --out)."""
    make_plan(alice, "EU", ["instagram"])
    letter = tmp_path / "letter.txt"
    result = run("letter", "new", "--platform", "instagram", "--type", "objection", "--language", "de", "--name",
                 "Alice Example", "--reason", "Meine Zeichnungen sind mein Einkommen.", "-o", str(letter), "--user", "alice")
    assert result.exit_code == 0, result.output
    assert "Widerspruch" in letter.read_text(encoding="utf-8")
    again = tmp_path / "again.txt"
    assert run("letter", "download", "1", "-o", str(again), "--user", "alice").exit_code == 0 and again.exists()
    site = tmp_path / "site"
    generated = run("site", "generate", "-o", str(site))
    assert generated.exit_code == 0, generated.output
    assert (site / "robots.txt").exists()
    image = tmp_path / "art.png"
    image.write_bytes(png_bytes())
    marked = tmp_path / "marked"
    assert run("media", "protect", str(image), "-o", str(marked), "--copyright", "Alice").exit_code == 0
    assert run("media", "protect", str(image), "-o", str(marked), "--copyright", "Alice").exit_code == 1
    assert run("media", "protect", str(image), "-o", str(marked), "--copyright", "Alice", "--force").exit_code == 0


def test_without_a_type_the_letter_objects_as_the_law_there_has_it(db, alice):
    """California's first request type is an access request, which `letter new` wrote when no --type was given."""
    make_plan(alice, "US-CA", ["instagram"])
    result = run("letter", "new", "--platform", "instagram", "--name", "Alice Example", "--user", "alice")
    assert result.exit_code == 0, result.output
    assert LetterRequest.objects.get(owner=alice).kind == "ccpa-opt-out"


def test_an_objection_with_no_grounds_is_refused_with_what_to_give(db, alice, tmp_path):
    """Art. 21(1) GDPR: an objection rests on grounds relating to one's particular situation. A letter giving none
    went out, and the company could set it aside."""
    make_plan(alice, "EU", ["instagram"], creator_kind="other")  # no sentence about what the person creates
    out = tmp_path / "letter.txt"
    result = run("letter", "new", "--platform", "instagram", "--type", "objection", "--name", "Alice Example",
                 "-o", str(out), "--user", "alice")
    assert result.exit_code == 1 and "grounds relating to your particular situation" in result.output
    assert "--reason" in result.output and not out.exists()


def test_today_at_the_terminal_is_the_persons_own_day(db, alice):
    """The command line counted "today" in the server's zone: a letter sent on the 6th in Kiritimati (the 5th in UTC)
    was recorded as sent on the 5th, a day too early for its deadline, and "--date" with the 6th was "in the future"."""
    import zoneinfo

    now = dt.datetime.now(dt.UTC)
    zone = next(name for name in ("Pacific/Kiritimati", "Pacific/Pago_Pago")  # UTC+14, UTC-11: one is on another day
                if now.astimezone(zoneinfo.ZoneInfo(name)).date() != now.date())
    local_today = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
    assert run("settings", "set", "--time-zone", zone, "--user", "alice").exit_code == 0
    make_plan(alice, "EU", ["instagram"])
    for _ in range(2):
        assert run("letter", "new", "--platform", "instagram", "--type", "access", "--name", "Alice Example",
                   "--address", "1 Main Street;Dublin", "--user", "alice").exit_code == 0
    result = run("letter", "mark-sent", "1", "--user", "alice")
    assert result.exit_code == 0, result.output
    assert LetterRequest.objects.get(number=1).sent_on == local_today
    result = run("letter", "mark-sent", "2", "--date", local_today.isoformat(), "--user", "alice")
    assert result.exit_code == 0, result.output
    assert LetterRequest.objects.get(number=2).sent_on == local_today


def test_an_answer_is_recorded_at_the_terminal_dated_the_day_it_came(db, alice):
    """There was no command for it; on the web an answer was dated the day it was typed in, so a timely answer
    looked late in the proof report."""
    make_plan(alice, "EU", ["instagram"])
    today = dt.date.today()
    sent, came = today - dt.timedelta(days=20), today - dt.timedelta(days=3)
    assert run("letter", "new", "--platform", "instagram", "--type", "objection", "--name", "Alice Example",
               "--address", "1 Main Street;Dublin", "--reason", "My drawings.", "--user", "alice").exit_code == 0
    assert run("letter", "mark-sent", "1", "--date", sent.isoformat(), "--user", "alice").exit_code == 0
    result = run("letter", "answer", "1", "answered", "--date", came.isoformat(), "--note", "Objection granted.",
                 "--user", "alice")
    assert result.exit_code == 0, result.output
    letter = LetterRequest.objects.get()
    assert letter.status == "answered" and "Objection granted." in letter.answer
    event = letter.events.latest("id")
    assert event.described == f"The company answered on {came.day} {came:%B %Y}. Objection granted."
    result = run("letter", "answer", "1", "maybe", "--user", "alice")
    assert result.exit_code == 1 and "use one of: acknowledged, extended, answered, refused, closed" in result.output
    result = run("letter", "answer", "1", "refused", "--date", (sent - dt.timedelta(days=1)).isoformat(),
                 "--user", "alice")
    assert result.exit_code == 1 and "must be between the day you sent it and today" in result.output
    assert LetterRequest.objects.get().status == "answered"
