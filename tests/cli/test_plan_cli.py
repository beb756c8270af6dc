"""`optout plan …` as a person at a terminal uses it, on the same database as the web app."""

import json

from typer.testing import CliRunner

from conftest import CONFIRMATION_EML, png_bytes
from optout.cli import build_app
from optout.plans.models import Action, Evidence, Status

runner = CliRunner()



def run(*args: str):
    return runner.invoke(build_app(), list(args), env={"COLUMNS": "200"})


def test_a_whole_session_new_show_next_done_export_import(db, tmp_path, alice, bob):
    result = run("plan", "new", "--region", "EU", "--platforms", "instagram,linkedin", "--user", "alice")
    assert result.exit_code == 0, result.output
    assert "Your plan has" in result.output
    shown = json.loads(run("plan", "show", "--json", "--user", "alice@example.org").output)
    assert {(r["platform"], r["step"]) for r in shown} >= {("instagram", "eu-objection-form"), ("linkedin", "generative-ai-setting")}
    table = run("plan", "show", "--user", "alice").output
    assert "Your plan: 0 of" in table and "linkedin" in table
    nxt = run("plan", "next", "--user", "alice").output
    first = shown[0]
    assert nxt.startswith(f"#{first['number']} {first['platform']}: ") and "https://" in nxt
    screenshot = tmp_path / "switch.png"
    screenshot.write_bytes(png_bytes())
    result = run("plan", "done", str(first["number"]), "--note", "off now", "--evidence", str(screenshot), "--user", "alice")
    assert result.exit_code == 0, result.output
    assert "Done; re-check on" in result.output
    action = Action.objects.get(owner=alice, number=first["number"])
    assert action.status == Status.DONE and action.events.last().text == "off now"
    assert Evidence.objects.get(action=action).content_type == "image/png"
    mail = tmp_path / "meta.eml"
    mail.write_bytes(CONFIRMATION_EML)
    assert run("plan", "done", "instagram/eu-objection-form", "--evidence", str(mail), "--user", "alice").exit_code == 0
    out = tmp_path / "plan.zip"
    result = run("plan", "export", str(out), "--user", "alice")
    assert result.exit_code == 0 and out.stat().st_size > 0
    assert run("plan", "export", str(out), "--user", "alice").exit_code == 1  # no silent overwrite
    result = run("plan", "import", str(out), "--user", "bob")
    assert result.exit_code == 0, result.output
    assert json.loads(run("plan", "show", "--json", "--user", "bob").output) == json.loads(
        run("plan", "show", "--json", "--user", "alice").output
    )


def test_mistakes_get_clear_messages_and_change_nothing(db, tmp_path, alice):
    result = run("plan", "new", "--region", "Atlantis", "--platforms", "instagram", "--user", "alice")
    assert result.exit_code == 1 and "Unknown region 'ATLANTIS'" in result.output
    result = run("plan", "new", "--region", "EU", "--platforms", "myspace", "--user", "alice")
    assert result.exit_code == 1 and "No platform 'myspace'" in result.output
    assert run("plan", "new", "--region", "EU", "--platforms", "linkedin", "--user", "nobody").exit_code == 1
    run("plan", "new", "--region", "EU", "--platforms", "linkedin", "--user", "alice")
    assert "No step '99'" in run("plan", "done", "99", "--user", "alice").output
    bad = tmp_path / "fake.png"
    bad.write_bytes(b"<html>")
    result = run("plan", "done", "1", "--evidence", str(bad), "--user", "alice")
    assert result.exit_code == 1 and "Nothing was saved" in result.output
    assert Action.objects.get(owner=alice, number=1).status == Status.TODO
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "optout-plan", "version": 9}')
    result = run("plan", "import", str(broken), "--user", "alice")
    assert result.exit_code == 1 and "newer optout (format version 9)" in result.output


def test_an_export_is_written_only_under_its_own_kind_of_name_and_its_inner_json_is_refused_by_name(db, tmp_path,
                                                                                                     alice, bob):
    import zipfile

    run("plan", "new", "--region", "EU", "--platforms", "linkedin", "--user", "alice")
    screenshot = tmp_path / "switch.png"
    screenshot.write_bytes(png_bytes())
    assert run("plan", "done", "1", "--evidence", str(screenshot), "--user", "alice").exit_code == 0
    wrong = tmp_path / "plan.json"
    result = run("plan", "export", str(wrong), "--user", "alice")
    assert result.exit_code == 1 and not wrong.exists()
    assert "This export is a .zip file (it holds your proof files): name it plan.zip. Nothing was written." in result.output
    assert run("plan", "export", str(tmp_path / "plan.zip"), "--user", "alice").exit_code == 0
    inner = tmp_path / "inner.json"
    inner.write_bytes(zipfile.ZipFile(tmp_path / "plan.zip").read("plan.json"))
    result = run("plan", "import", str(inner), "--user", "bob")
    assert result.exit_code == 1 and "KeyError" not in result.output
    assert "is not in what you imported; a plan with proof files is imported from its whole .zip export" in result.output
    assert not Action.objects.filter(owner=bob).exists()


def test_with_one_user_no_user_option_is_needed_and_with_none_a_local_user_is_made(db):
    result = run("plan", "new", "--region", "UK", "--platforms", "linkedin")
    assert result.exit_code == 0
    assert "Created the local user 'local'" in result.output
    assert Action.objects.get().owner.username == "local"
    assert run("plan", "show").exit_code == 0


def test_every_plan_command_has_help():
    for command in ("new", "show", "next", "done", "status", "export", "import"):
        result = run("plan", command, "--help")
        assert result.exit_code == 0 and "--user" in result.output, command


def test_next_offers_a_due_recheck_first_as_the_dashboard_does(alice_client, alice, alice_plan):
    import datetime as dt

    from django.utils import timezone

    done = alice_plan[-1]
    Action.objects.filter(pk=done.pk).update(status=Status.DONE, recheck_at=timezone.now() - dt.timedelta(days=1))
    nxt = json.loads(run("plan", "next", "--json", "--user", "alice").output)
    assert nxt["number"] == done.number and nxt["status"] == "done"
    from django.urls import reverse

    page = alice_client.get(reverse("plans:dashboard")).content.decode()
    due = page.split('id="recheck"', 1)[1].split("</section>", 1)[0]
    assert f'<span class="action-number">#{done.number}</span>' in due


def test_moving_away_says_which_steps_left_the_plan_and_they_take_no_new_status(db, alice):
    from optout.accounts.models import Profile

    run("plan", "new", "--region", "EU", "--platforms", "instagram", "--user", "alice")
    objection = Action.objects.get(owner=alice, mechanism="eu-objection-form")
    assert run("plan", "status", str(objection.number), "waiting", "--user", "alice").exit_code == 0
    result = run("plan", "new", "--region", "US-NY", "--platforms", "instagram", "--user", "alice")
    assert result.exit_code == 0, result.output
    assert "Where you live: United States (was European Union)." in result.output
    assert "No longer in your plan, as they do not apply where you live now" in result.output
    assert f"#{objection.number} instagram: {objection.title} (was waiting)" in result.output
    assert Profile.objects.get(owner=alice).region == "US"  # New York has no law of its own that optout covers
    refused = run("plan", "done", str(objection.number), "--user", "alice")
    assert refused.exit_code == 1 and "no longer applies where you live" in refused.output
    assert Action.objects.get(pk=objection.pk).status == Status.WAITING
    shown = run("plan", "show", "--all", "--user", "alice").output
    assert "waiting (no longer applies)" in shown


def test_a_plan_with_a_mistake_in_one_answer_changes_none_of_them(db, alice):
    from optout.accounts.models import Profile

    run("plan", "new", "--region", "EU", "--platforms", "linkedin", "--user", "alice")
    result = run("plan", "new", "--region", "UK", "--platforms", "linkedin", "--creator", "sculptor", "--user", "alice")
    assert result.exit_code == 1 and "Nothing was changed." in result.output
    assert Profile.objects.get(owner=alice).region == "EU"


def test_a_screenshot_with_a_bomb_of_pixels_is_refused_in_words(db, tmp_path, alice):
    import struct
    import zlib

    run("plan", "new", "--region", "EU", "--platforms", "linkedin", "--user", "alice")
    header = b"IHDR" + struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", 13) + header + struct.pack(">I", zlib.crc32(header))
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk + b"\x00\x00\x00\x00IEND\xaeB`\x82")
    result = run("plan", "done", "1", "--evidence", str(bomb), "--user", "alice")
    assert result.exit_code == 1 and "bomb.png" in result.output
    assert "decompression bomb" not in result.output and "exceeds limit" not in result.output


def test_a_plan_from_a_country_sets_the_region_and_the_letters_language(db, alice, bob):
    """The command line recorded no country, so a German's letters were in English and their complaint went nowhere
    in particular: `--country DE` sets both, as the web's first question does."""
    result = run("plan", "new", "--country", "de", "--platforms", "instagram", "--user", "alice")
    assert result.exit_code == 0, result.output
    alice.profile.refresh_from_db()
    assert (alice.profile.country, alice.profile.region) == ("DE", "EU")
    from optout.letters.services.drafting import default_language

    assert default_language(alice.profile.country, alice.profile.region) == "de"
    clash = run("plan", "new", "--country", "DE", "--region", "US", "--platforms", "instagram", "--user", "alice")
    assert clash.exit_code != 0 and "DE is in European Union, not in US" in clash.output
    assert "Nothing was changed." in clash.output
    unknown = run("plan", "new", "--country", "ZZ", "--platforms", "instagram", "--user", "alice")
    assert unknown.exit_code != 0 and "Unknown country 'ZZ'" in unknown.output
    alice.profile.refresh_from_db()
    assert (alice.profile.country, alice.profile.region) == ("DE", "EU")
    nowhere = run("plan", "new", "--platforms", "instagram", "--user", "bob@example.org")  # nothing saved to go on
    assert nowhere.exit_code != 0 and "Say where you live" in nowhere.output


def test_updating_a_plan_keeps_what_was_not_given_again(db, alice):
    """`plan new` said "Make (or update)", yet every update put what you create and how public you must be back to
    their defaults, and asked again where you live."""
    first = run("plan", "new", "--country", "DE", "--platforms", "instagram", "--creator", "writer", "--visibility",
                "public", "--user", "alice")
    assert first.exit_code == 0, first.output
    again = run("plan", "new", "--platforms", "linkedin", "--user", "alice")
    assert again.exit_code == 0, again.output
    alice.profile.refresh_from_db()
    assert (alice.profile.creator_kind, alice.profile.visibility) == ("writer", "public")
    assert (alice.profile.country, alice.profile.region) == ("DE", "EU")


def test_a_region_the_saved_country_is_not_in_forgets_the_country(db, alice):
    """A UK resident who then chose the EU region kept country GB: the region said EU, the country still chose the
    letters' language and authorities, and nothing on screen showed the two disagreeing."""
    run("plan", "new", "--country", "GB", "--platforms", "instagram", "--user", "alice")
    moved = run("plan", "new", "--region", "EU", "--platforms", "instagram", "--user", "alice")
    assert moved.exit_code == 0, moved.output
    assert "Your country (GB) is not in European Union, so optout no longer takes it as yours" in moved.output
    alice.profile.refresh_from_db()
    assert (alice.profile.country, alice.profile.region) == ("", "EU")
    # a US state narrows the country: nothing to forget
    run("plan", "new", "--country", "US", "--platforms", "instagram", "--user", "alice")
    narrowed = run("plan", "new", "--region", "US-CA", "--platforms", "instagram", "--user", "alice")
    assert "no longer takes it" not in narrowed.output
    alice.profile.refresh_from_db()
    assert (alice.profile.country, alice.profile.region) == ("US", "US-CA")


def test_done_prints_the_recheck_day_of_the_local_clock_as_show_does(db, alice):
    """`plan done` printed the re-check date in UTC while `plan show --json` and the web page gave the local one."""
    import datetime as dt
    import zoneinfo

    from django.utils import timezone

    # a zone whose date differs from UTC's at this hour
    zone = "Pacific/Kiritimati" if dt.datetime.now(dt.UTC).hour >= 10 else "Etc/GMT+12"
    assert run("plan", "new", "--region", "EU", "--platforms", "linkedin", "--user", "alice").exit_code == 0
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        number = json.loads(run("plan", "show", "--json", "--user", "alice").output)[0]["number"]
        result = run("plan", "done", str(number), "--user", "alice")
        [row] = [r for r in json.loads(run("plan", "show", "--json", "--user", "alice").output) if r["number"] == number]
    assert f"re-check on {row['recheck_at']}" in result.output


def test_a_misspelt_platform_gets_the_close_names_everywhere(db, alice):
    """Only `catalog show` suggested "Did you mean: instagram?"; plan new, letter new and watch did not."""
    run("plan", "new", "--region", "EU", "--platforms", "instagram", "--user", "alice")
    for args in (["plan", "new", "--platforms", "instagrm"],
                 ["letter", "new", "--platform", "instagrm", "--name", "Alice Example"],
                 ["watch", "run", "--platform", "instagrm"]):
        result = run(*args, "--user", "alice") if args[0] != "watch" else run(*args)
        assert result.exit_code == 1 and "Did you mean: instagram?" in result.output, (args, result.output)


def test_a_step_named_by_platform_and_id_is_found_whatever_its_case(db, alice):
    run("plan", "new", "--region", "EU", "--platforms", "instagram", "--user", "alice")
    result = run("plan", "done", "Instagram/EU-Objection-Form", "--user", "alice")
    assert result.exit_code == 0, result.output
    assert Action.objects.get(owner=alice, mechanism="eu-objection-form").status == Status.DONE
    assert "'optout plan show --json' lists them" in run("plan", "done", "nope", "--user", "alice").output


def test_the_proof_report_is_written_at_the_terminal_with_its_letters_and_screenshots(db, tmp_path, alice):
    """A person at the terminal had no proof report: it was a web page only, and the user the command line makes has
    no address to log in with."""
    import subprocess

    from conftest import require_tool
    from optout.letters import services as letters

    require_tool("pdftotext", "apt-get install poppler-utils")
    assert run("plan", "new", "--region", "EU", "--platforms", "instagram", "--user", "alice").exit_code == 0
    screenshot = tmp_path / "switch.png"
    screenshot.write_bytes(png_bytes())
    assert run("plan", "done", "instagram/eu-objection-form", "--note", "objection sent", "--evidence",
               str(screenshot), "--user", "alice").exit_code == 0
    letter = letters.draft_request(alice, platform="instagram", kind="access", language="en", name="Alice",
                                   email="alice@example.org")
    assert run("letter", "mark-sent", str(letter.number), "--user", "alice").exit_code == 0

    html_file = tmp_path / "report.html"
    result = run("plan", "report", "--out", str(html_file), "--user", "alice")
    assert result.exit_code == 0, result.output
    html = html_file.read_text(encoding="utf-8")
    assert "Record of opt-out steps" in html and "objection sent" in html and "Letters sent" in html
    assert letter.reference in html and 'src="data:image/png;base64,' in html and "<style>" in html
    assert "/static/" not in html and "/plan/evidence/" not in html  # nothing it needs is elsewhere

    pdf = tmp_path / "report.pdf"
    assert run("plan", "report", "--out", str(pdf), "--user", "alice").exit_code == 0
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Record of opt-out steps" in text and "objection sent" in text and letter.reference in text

    again = run("plan", "report", "--out", str(pdf), "--user", "alice")
    assert again.exit_code == 1 and "exists; use --force" in again.output
    wrong = run("plan", "report", "--out", str(tmp_path / "report.docx"), "--user", "alice")
    assert wrong.exit_code == 1 and "use a .pdf or .html file name" in wrong.output


def test_a_plan_made_at_the_terminal_sends_news_in_the_country_s_language(db, alice):
    """"Language of e-mails and news: not chosen (English until you pick a language on the web)": a photographer in
    Lyon who made her plan at the terminal got every e-mail in English."""
    from optout.accounts.services import profile_for, set_language

    assert not profile_for(alice).language
    assert run("plan", "new", "--country", "FR", "--platforms", "instagram", "--user", "alice").exit_code == 0
    assert profile_for(alice).language == "fr"
    set_language(alice, "en")  # one chosen stays chosen
    assert run("plan", "new", "--country", "DE", "--platforms", "instagram", "--user", "alice").exit_code == 0
    assert profile_for(alice).language == "en"
