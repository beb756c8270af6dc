"""The site check's counts and verdicts, where a person acts on them: every signal it lists counts, a signal that says
yes to AI training is no refusal, the pages checked are the same on the web and at the terminal and are named, and
the crawlers robots.txt cannot stop are counted from the registry, not from what the file happens to refuse."""

import json
import re

from typer.testing import CliRunner

from optout.cli import build_app
from optout.site.audit import EXTRAS, audit, pasted
from optout.site.crawlers import crawlers


def run(*args):
    return CliRunner().invoke(build_app(), list(args), env={"COLUMNS": "200"})


def _checked(robots: str, head: str = "") -> dict:
    return json.loads(audit(pasted(robots, head)).to_json())


def test_optouts_own_files_count_as_every_signal_they_write(tmp_path):
    """With optout's generated robots.txt and head, four signals read "present" and the summary said "2 of 5"."""
    out = tmp_path / "signals"
    assert run("site", "generate", "--out", str(out)).exit_code == 0
    result = run("site", "audit", "--robots", str(out / "robots.txt"), "--head", str(out / "meta.html"), "--json")
    report = json.loads(result.stdout)
    present = [name for name in EXTRAS if report["signals"][name]]
    assert {"content-signal", "content-usage", "noai meta tag"} <= set(present)
    assert f"Other no-AI signals present: {len(present)} of {len(EXTRAS)}." in report["summary"]
    assert len(EXTRAS) == len(report["signals"]) - 1  # every signal listed but robots.txt itself
    assert report["grade"] == "A"


def test_a_signal_that_allows_ai_training_or_is_commented_out_is_no_refusal():
    """"Content-Signal: ai-train=yes" and "Content-Usage: train-ai=y" once counted as present and raised F to D."""
    yes = _checked("User-agent: *\nContent-Signal: search=yes, ai-train=yes\nContent-Usage: train-ai=y\nAllow: /\n")
    assert yes["signals"]["content-signal"] is False and yes["signals"]["content-usage"] is None
    assert yes["grade"] == "F" and "present: 0 of" in yes["summary"]
    commented = _checked("User-agent: *\n# Content-Signal: ai-train=no\nAllow: /\n")
    assert commented["signals"]["content-signal"] is False
    no = _checked("User-agent: *\nContent-Signal: search=yes, ai-train=no\nContent-Usage: train-ai=n\nAllow: /\n")
    assert no["signals"]["content-signal"] is True and no["signals"]["content-usage"] is True


def test_an_ai_txt_that_allows_everything_is_no_refusal():
    from optout.site.audit import Fetched, Site

    def site(ai_txt: str):
        return Site(url="https://example.org/", robots=Fetched(200, "User-agent: *\nAllow: /\n"),
                    home=Fetched(200, "<html></html>"), ai_txt=Fetched(200, ai_txt), tdmrep=Fetched(404))

    assert audit(site("User-Agent: *\nAllow: /\n")).signals["ai.txt"] is False
    assert audit(site("# User-Agent: *\n# Disallow: /\n")).signals["ai.txt"] is False
    assert audit(site("User-Agent: *\nDisallow: *.jpg\nDisallow: *.png\n")).signals["ai.txt"] is True


def test_meta_tags_count_whatever_the_order_and_quoting_of_their_attributes():
    """`<meta content="noai" name="robots">` is the same tag as the other order; it read "missing"."""
    head = '<head><meta content="noai, noimageai" name=robots><meta content=1 name="tdm-reservation"></head>'
    report = _checked("User-agent: *\nAllow: /\n", head)
    assert report["signals"]["noai meta tag"] is True
    assert report["signals"]["tdm-reservation header or meta"] is True
    other = _checked("User-agent: *\nAllow: /\n", '<meta name="robots" content="noindex"><meta name="x" content="noai">')
    assert other["signals"]["noai meta tag"] is False


def test_a_page_with_accented_letters_is_checked_as_crawlers_ask_for_it(tmp_path):
    """RFC 9309 §2.2.2 compares %-encoded paths: "/café/" was graded F against "Disallow: /café/"."""
    robots = tmp_path / "robots.txt"
    robots.write_text("User-agent: *\nDisallow: /café/\n", encoding="utf-8")
    typed = json.loads(run("site", "audit", "--robots", str(robots), "--path", "/café/", "--json").stdout)
    encoded = json.loads(run("site", "audit", "--robots", str(robots), "--path", "/caf%C3%A9/", "--json").stdout)
    gptbot = next(row for row in typed["crawlers"] if row["token"] == "GPTBot")
    assert gptbot["allowed"] == {"/": True, "/caf%C3%A9/": False}
    assert typed["summary"] == encoded["summary"] and typed["grade"] == encoded["grade"]
    assert "(/, /caf%C3%A9/)" in typed["summary"]


def test_the_terminal_and_the_web_check_the_same_pages_and_name_them(web_fixture, client, db):
    """At the terminal --path replaced the home page; on the web it was added to it: D against F for one site."""
    web_fixture.route("/robots.txt", b"User-agent: GPTBot\nDisallow: /portfolio/\n",
                      headers={"Content-Type": "text/plain"})
    web_fixture.route("/", b"<html><head></head><body>Hello</body></html>")
    cli = json.loads(run("site", "audit", web_fixture.base + "/", "--path", "/portfolio/", "--json").stdout)
    page = client.get("/site/", {"url": web_fixture.base + "/", "path": "/portfolio/"}).content.decode()
    assert "refused on the pages checked (/, /portfolio/)" in cli["summary"]
    assert f"Grade {cli['grade']}" in page and "refused on the pages checked (/, /portfolio/)" in page
    from_address = json.loads(run("site", "audit", web_fixture.base + "/portfolio/", "--json").stdout)
    assert "(/, /portfolio/)" in from_address["summary"]  # a path typed in the address is checked too


def test_the_crawlers_that_ignore_robots_txt_are_counted_from_the_registry():
    """The note said 9 with an empty file, 3 after optout's own file: it counted only those the file let in."""
    ignoring = sorted(c.token for c in crawlers().values() if c.respects_robots == "no")
    empty = audit(pasted("User-agent: *\nAllow: /\n"))
    refusing = audit(pasted("".join(f"User-agent: {token}\n" for token in ignoring) + "Disallow: /\n"))
    for report in (empty, refusing):
        [note] = [f.message for f in report.findings if "known not to follow robots.txt" in f.message]
        assert note.startswith(f"Crawlers known not to follow robots.txt: {len(ignoring)} (for example ")
        assert "only rules on the server stop them" in note
    assert empty.by_purpose["training"]["total"] == refusing.by_purpose["training"]["total"]


def test_the_number_of_crawlers_does_not_change_with_what_the_file_refuses():
    """A search engine's crawler that optout advises not to name counted once refused: 72 of 72, else 71."""
    engines = [c.token for c in crawlers().values() if c.read_as_a_search_engine]
    assert engines
    allow = audit(pasted("User-agent: *\nAllow: /\n"))
    refuse = audit(pasted("User-agent: *\nDisallow: /\n"))
    assert allow.by_purpose["training"]["total"] == refuse.by_purpose["training"]["total"]


def test_several_crawlers_on_one_user_agent_line_and_a_path_without_a_slash_are_pointed_out():
    report = audit(pasted("User-agent: GPTBot, CCBot, ClaudeBot\nDisallow: /\n\nUser-agent: *\nDisallow: private/\n"))
    messages = " ".join(f.message for f in report.findings)
    assert ("Line 1: a User-agent line names one crawler, so “GPTBot, CCBot, ClaudeBot” counts only as “GPTBot”; "
            "CCBot, ClaudeBot are not refused here.") in messages
    assert "Line 5: “Disallow: private/” matches no page, because a path starts with “/”. Write “Disallow: /private/”" \
        in messages
    rows = {row["token"]: row["refused"] for row in report.crawlers}
    assert rows["GPTBot"] and not rows["CCBot"]


def test_signals_not_given_are_named_in_the_pages_language(client):
    """The list of signals not checked gave their English keys ("noai meta tag") on pages in other languages."""
    page = client.post("/site/", {"action": "paste", "robots": "User-agent: *\nDisallow: /\n"},
                       headers={"accept-language": "de"}).content.decode()
    summary = re.search(r"</h3>\s*<p>(.*?)</p>", page.split('id="audit-result"')[1], re.S).group(1)
    assert "noai-Meta-Tag" in summary and "noai meta tag" not in summary


def test_the_terminal_says_which_refused_crawlers_ignore_robots_txt_as_the_web_page_does(tmp_path, client):
    from optout.site.generators import Choices, ignoring_robots

    ignoring = ignoring_robots(Choices())
    assert ignoring
    said = run("site", "generate", "--out", str(tmp_path / "signals")).output
    assert (f"Note: {len(ignoring)} of the crawlers you refuse are known not to follow robots.txt "
            f"({', '.join(ignoring[:4])}): only the server rules stop them.") in said
    page = client.post("/site/", {"action": "generate"}).content.decode()
    assert f"{len(ignoring)} of the crawlers you refuse are known not to follow robots.txt" in page
