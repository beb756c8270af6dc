"""Someone who uses optout from a terminal reads the changes the watcher found, and each one whole, in the words the
web app and the alerts use: `optout watch changes` and `optout watch show`."""

import json

import pytest
from django.urls import reverse
from typer.testing import CliRunner

from optout.cli import build_app
from optout.watch import services
from optout.watch.models import Version
from optout.watch.services.alerts import summary
from optout.watch.tests.documents import only_linkedin_privacy

from .test_check_documents import PARAGRAPHS, page

SURE = "We may use your posts, profile and other content to train the generative AI models that power our features."
PLAIN = "Our office moved to 1 Example Street, Dublin."


@pytest.fixture
def watched(db, web_fixture):
    return only_linkedin_privacy(web_fixture.url("/privacy"))


def optout(*args: str):
    return CliRunner().invoke(build_app(), list(args), env={"COLUMNS": "200"})


def _checks(web_fixture, *pages: list[str]) -> list[Version]:
    for paragraphs in pages:
        web_fixture.route("/privacy", page(paragraphs))
        services.run(sync=False)
    return list(Version.objects.order_by("created_at", "id"))


def test_the_changes_are_listed_newest_first_with_what_the_alert_says(watched, web_fixture):
    first, plain, ai = _checks(web_fixture, PARAGRAPHS, [*PARAGRAPHS, PLAIN], [*PARAGRAPHS, PLAIN, SURE])
    said = optout("watch", "changes")
    assert said.exit_code == 0, said.output
    lines = said.output.splitlines()
    assert lines[0].startswith(f"#{ai.id} · ") and lines[0].endswith("· AI-relevant change: LinkedIn: Privacy Policy")
    assert lines[1] == f"  {summary(ai)} Check your opt-out still holds."
    assert "LinkedIn added to its Privacy Policy, about AI training: “We may use your posts" in lines[1]
    assert lines[2].startswith(f"#{plain.id} · ") and lines[2].endswith("· Change: LinkedIn: Privacy Policy")
    assert lines[3] == "  optout found nothing about AI in this change."
    assert f"#{first.id} " not in said.output  # the first version is no change
    assert lines[-1] == f"Read one whole, with what changed: optout watch show {ai.id}"

    only_ai = optout("watch", "changes", "--about-ai").output
    assert f"#{ai.id} " in only_ai and f"#{plain.id} " not in only_ai
    assert f"#{plain.id} " not in optout("watch", "changes", "--limit", "1").output


def test_the_changes_as_json_say_what_a_script_needs(watched, web_fixture, settings):
    settings.SITE_URL = "https://optout.example"
    _first, plain, ai = _checks(web_fixture, PARAGRAPHS, [*PARAGRAPHS, PLAIN], [*PARAGRAPHS, PLAIN, SURE])
    listed = json.loads(optout("watch", "changes", "--json").output)
    assert [entry["id"] for entry in listed] == [ai.id, plain.id]
    assert listed[0] | {"in_brief": ""} == {
        "id": ai.id, "date": ai.created_at.isoformat(), "source": "fetch", "platform": "linkedin", "platform_name": "LinkedIn",
        "document": "privacy-policy", "title": "LinkedIn: Privacy Policy",
        "headline": "AI-relevant change: LinkedIn: Privacy Policy", "in_brief": "", "judged": True,
        "ai_relevant": True, "sure": True, "score": round(ai.score, 3), "technical": False, "moved_to": "",
        "url": f"https://optout.example/watch/versions/{ai.id}/"}
    assert listed[0]["in_brief"].startswith("LinkedIn added to its Privacy Policy, about AI training")
    assert listed[1]["ai_relevant"] is False and listed[1]["headline"] == "Change: LinkedIn: Privacy Policy"


def test_a_change_is_shown_whole_as_its_page_shows_it(watched, web_fixture, client, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"  # whatever port `optout serve` last recorded in the data folder
    *_, ai = _checks(web_fixture, PARAGRAPHS, [*PARAGRAPHS[:-1], PARAGRAPHS[-1] + " Thanks for reading.", SURE])
    said = optout("watch", "show", str(ai.id))
    assert said.exit_code == 0, said.output
    text = said.output
    assert text.startswith("LinkedIn: Privacy Policy\nVersion of ")
    assert "\noptout judges this change to be about AI\n" in text and f"\n{summary(ai)}\n" in text
    assert f"\n  Added: {SURE}\n" in text
    assert "What changed (~ a paragraph with words removed [-like this-] and added {+like this+};" in text
    assert f"+ {SURE}" in text and "{+ Thanks for reading.+}" in text
    assert text.rstrip().endswith(f"On the web: http://127.0.0.1:8000/watch/versions/{ai.id}/")
    # the same words as the page in the web app
    html = client.get(reverse("watch:version", args=[ai.id])).content.decode()
    assert "optout judges this change to be about AI" in html
    assert "This judgement is automatic and sometimes wrong" in html and "This judgement is automatic" in text

    short = optout("watch", "show", str(ai.id), "--no-differences").output
    assert "What changed" not in short and SURE in short

    shown = json.loads(optout("watch", "show", str(ai.id), "--json").output)
    assert shown["verdict"][0] == "optout judges this change to be about AI"
    assert shown["reasons"] == [{"kind": "added", "lead": "", "text": SURE, "old": ""}]
    assert {"kind": "added", "old": "", "new": SURE} in shown["differences"]


def test_a_first_version_and_a_change_not_about_ai_say_so(watched, web_fixture):
    first, plain = _checks(web_fixture, PARAGRAPHS, [*PARAGRAPHS, PLAIN])
    text = optout("watch", "show", str(first.id)).output
    assert "The first version optout recorded of this page: there is no earlier one to compare it with." in text
    assert f"  {PARAGRAPHS[0]}" in text and "What changed" not in text
    text = optout("watch", "show", str(plain.id)).output
    assert "optout found nothing about AI in this change." in text and "Score" not in text
    assert f"+ {PLAIN}" in text


def test_a_wrong_number_or_platform_is_refused_with_what_to_do(watched, web_fixture, unwatched_platforms):
    _checks(web_fixture, PARAGRAPHS)
    missing = optout("watch", "show", "999999")
    assert missing.exit_code == 1
    assert missing.output.strip() == "optout has no change #999999: 'optout watch changes' lists them with their numbers."
    assert optout("watch", "show", "seven").exit_code == 2  # not a number: the usage error
    mistyped = optout("watch", "show", "1", "--jsn")  # the usage error names the option meant
    assert mistyped.exit_code == 2 and "--json" in mistyped.output
    unknown = optout("watch", "changes", "--platform", "nope")
    assert unknown.exit_code == 1
    assert unknown.output.strip() == "optout knows no platform 'nope'. 'optout catalog list' names the platforms."
    unwatched = optout("watch", "changes", "--platform", "capcut")  # in the catalog, but no page of it is watched
    assert unwatched.exit_code == 1
    assert unwatched.output.strip() == ("optout watches no documents of 'capcut'; 'optout watch status' lists those it "
                                        "watches.")
    assert optout("watch", "changes", "--limit", "0").exit_code == 2


def test_with_no_change_yet_it_says_what_happens_next(watched, web_fixture):
    said = optout("watch", "changes")
    assert said.exit_code == 0
    assert said.output.startswith("No change recorded yet: the first version of each page is the starting point")
    assert "No check runs by itself" in said.output and "optout watch import PATH" in said.output
    _checks(web_fixture, PARAGRAPHS, [*PARAGRAPHS, PLAIN])
    none_about_ai = optout("watch", "changes", "--about-ai").output
    assert none_about_ai.strip() == "optout has recorded no change that may be about AI."


def test_optouts_own_rereading_and_imported_history_are_marked_as_such(watched, web_fixture):
    first, = _checks(web_fixture, PARAGRAPHS)
    reread = Version.objects.create(document=watched, text=first.text + "\n\nMenu", text_hash="x", source="reextract",
                                    technical=True, changed_from=first)
    imported = Version.objects.create(document=watched, text=first.text + "\n\n" + PLAIN, text_hash="y",
                                      source="import", changed_from=reread)
    lines = optout("watch", "changes").output.splitlines()
    assert lines[0].startswith(f"#{imported.id} · ") and " (imported history) · Change: LinkedIn" in lines[0]
    assert lines[2].startswith(f"#{reread.id} · ") and lines[3] == "  optout's own change in how it reads the page."
    shown = optout("watch", "show", str(reread.id)).output
    assert "A technical version: optout changed, not necessarily the platform" in shown and "nobody was alerted" in shown


def test_a_page_cannot_send_its_controls_to_the_terminal(watched, web_fixture):
    """A page's text is printed: ESC and C1 controls (CSI, OSC) could clear the screen, retitle the window, hide words
    or write the clipboard, and a bidirectional override reorder what is read. Text stored before normalise dropped
    C0 controls, and C1 controls normalise keeps, reach the terminal from a stored version."""
    first, = _checks(web_fixture, PARAGRAPHS)
    hostile = ("We may use your posts to train AI models \x1b]0;PWNED\x07\x1b[2J\x9b8m\x9d52;c;ZXZpbA==\x07"
               "\u202eslaeD\r.")
    version = Version.objects.create(document=watched, text=first.text + "\n\n" + hostile, text_hash="h",
                                     changed_from=first, ai_relevant=True, ai_sure=True, score=0.9,
                                     reasons=[{"kind": "added", "text": hostile, "topic": "training"}])
    for args in (("watch", "show", str(version.id)), ("watch", "changes")):
        said = optout(*args)
        assert said.exit_code == 0, said.output
        assert not any(character in said.output for character in "\x1b\x07\x9b\x9d\u202e\r"), args
        assert "We may use your posts to train AI models" in said.output
    shown = optout("watch", "show", str(version.id), "--json").output
    assert not any(character in shown for character in "\x1b\x07\x9b\x9d\u202e\r")
    assert "\x1b]0;PWNED\x07\x1b[2J\x9b8m\x9d52" in json.loads(shown)["reasons"][0]["text"]  # escaped, not lost


def test_the_json_judges_only_what_optout_judged(watched, web_fixture):
    first, plain = _checks(web_fixture, PARAGRAPHS, [*PARAGRAPHS, PLAIN])
    reread = Version.objects.create(document=watched, text=plain.text + "\n\nMenu", text_hash="r", source="reextract",
                                    technical=True, changed_from=plain,
                                    reasons=[{"kind": "added", "text": SURE, "topic": "training"}])
    shown = {v: json.loads(optout("watch", "show", str(v.id), "--json").output) for v in (first, plain, reread)}
    assert shown[first] | {"in_brief": "", "headline": ""} == shown[first] | {
        "judged": False, "ai_relevant": None, "sure": None, "source": "fetch", "in_brief": "", "headline": ""}
    assert shown[first]["headline"] == "First version: LinkedIn: Privacy Policy"
    assert shown[first]["in_brief"].startswith("The first version optout recorded of this page")
    assert (shown[plain]["judged"], shown[plain]["ai_relevant"], shown[plain]["sure"]) == (True, False, False)
    assert (shown[reread]["judged"], shown[reread]["ai_relevant"], shown[reread]["source"]) == (False, None, "reextract")
    assert "nothing about AI" not in shown[reread]["in_brief"] and "nobody was alerted" in shown[reread]["in_brief"]


def test_a_paragraph_that_writes_diff_marks_itself_is_not_shown_with_word_marks(watched, web_fixture):
    promise = "We never use your artwork to train AI models."
    spoof = "We never use your artwork to train AI models {+unless you opt out+}."
    *_, version = _checks(web_fixture, [*PARAGRAPHS, promise], [*PARAGRAPHS, spoof])
    text = optout("watch", "show", str(version.id)).output
    assert f"- {promise}\n+ {spoof}\n" in text and "\n~ " not in text


def test_the_score_is_rounded_as_the_page_rounded_it(watched, web_fixture, client):
    first, = _checks(web_fixture, PARAGRAPHS)
    version = Version.objects.create(document=watched, text=first.text + "\n\n" + SURE, text_hash="s",
                                     changed_from=first, ai_relevant=True, ai_sure=True, score=0.869,
                                     reasons=[{"kind": "added", "text": SURE, "topic": "training"}])
    assert "Score 0.87. The sentences" in optout("watch", "show", str(version.id)).output
    assert "Score 0.87. The sentences" in client.get(reverse("watch:version", args=[version.id])).content.decode()


def test_a_platform_named_in_capitals_and_a_huge_limit(watched, web_fixture, monkeypatch):
    from optout.watch.declarations import declarations
    from optout.watch.services import documents as documents_service

    declared = declarations()["linkedin"]  # the commands read the data files again: they declare only this page
    only = [d.model_copy(update={"url": watched.url}) for d in declared.documents if d.id == "privacy-policy"]
    monkeypatch.setattr(documents_service, "declarations", lambda: {"linkedin": declared.model_copy(update={"documents": only})})
    *_, version = _checks(web_fixture, PARAGRAPHS, [*PARAGRAPHS, PLAIN])
    assert f"#{version.id} " in optout("watch", "changes", "--platform", "LinkedIn").output
    # Every command that takes a platform finds it as `changes` does, and refuses a platform it does not watch alike
    for command, said in (("run", "1 page unchanged"), ("status", "linkedin/privacy-policy: LinkedIn: Privacy Policy"),
                          ("reextract", "1 already up to date")):
        found = optout("watch", command, "--platform", "LinkedIn")
        assert found.exit_code == 0 and said in found.output, (command, found.output)
        unknown = optout("watch", command, "--platform", "nope")
        assert unknown.exit_code == 1, command
        assert unknown.output.strip() == "optout knows no platform 'nope'. 'optout catalog list' names the platforms."
        unwatched = optout("watch", command, "--platform", "Figma")  # the catalog's, but none of its pages is watched
        assert unwatched.exit_code == 1, command
        assert unwatched.output.strip() == ("optout watches no documents of 'Figma'; 'optout watch status' lists those "
                                            "it watches.")
    huge = optout("watch", "changes", "--limit", "99999999999999999999")
    assert huge.exit_code == 2 and "Traceback" not in huge.output
