"""Making signals for one's own site and checking a site, in a browser."""

import re

from playwright.sync_api import expect

from conftest import assert_accessible


def test_generate_signals_and_audit_a_site(page, web_fixture):
    page.goto("/site/")
    expect(page).to_have_title("Your own website · optout")
    assert_accessible(page)
    page.get_by_label("Your current robots.txt (optional)").fill("User-agent: *\nDisallow: /drafts/\n")
    page.get_by_label("Also refuse AI search and answer engines").check()
    page.get_by_role("button", name="Make the files").click()
    robots = page.locator("#text-1")
    expect(robots).to_have_value(re.compile(r"^User-agent: \*\nDisallow: /drafts/"))
    expect(robots).to_have_value(re.compile("User-agent: GPTBot"))
    expect(page.get_by_role("heading", name="tdmrep.json")).to_be_visible()
    assert_accessible(page)

    web_fixture.route("/robots.txt", b"User-agent: GPTBot\nDisallow: /\n", headers={"Content-Type": "text/plain"})
    web_fixture.route("/", b"<html><body>hi</body></html>")
    page.get_by_label("Your site's address").fill(web_fixture.base + "/")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", name=re.compile("^Grade [A-F]$"))).to_be_visible()
    expect(page.get_by_text("tdmrep.json: missing")).to_be_visible()
    page.get_by_text("Squarespace", exact=True).click()
    expect(page.get_by_text("Block known artificial intelligence crawlers")).to_be_visible()
    assert_accessible(page)


def test_an_unreachable_site_gets_no_grade_and_pasting_the_file_still_works(page, web_fixture):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    page.goto("/site/")
    page.get_by_label("Your site's address").fill(f"http://127.0.0.1:{closed}/")
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.get_by_role("heading", name="No grade")).to_be_visible()
    expect(page.get_by_text("refused the connection")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Grade"))).to_have_count(0)
    assert_accessible(page)

    page.get_by_text("Or paste your robots.txt").click()
    page.get_by_label("Your robots.txt").fill("User-agent: GPT-Bot\nDisallow: /\n")
    page.get_by_role("button", name="Check what I pasted").click()
    expect(page.get_by_role("heading", name=re.compile("^Grade [A-F]$"))).to_be_visible()
    expect(page.get_by_text("did you mean “GPTBot”")).to_be_visible()
    expect(page.get_by_text("ai.txt: not checked")).to_be_visible()
    assert_accessible(page)
