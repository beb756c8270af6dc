"""optout's robots.txt block added to the file a person already has: it must refuse what they chose and leave every
other answer of their file as it was — read back by optout's reader, Google's library and Protego.

A review found a common file (`User-agent: *` then `Crawl-delay: 10`) whose group stayed open: optout's User-agent
lines joined it, and its `Disallow: /` took the whole site away from Google and Bing."""

import urllib.robotparser

import pytest
from django.urls import reverse
from jwm.robotstxt import googlebot
from protego import Protego

from optout.site.crawlers import crawlers
from optout.site.generators import BEGIN, Choices, RobotsMergeError, changed_answers, robots_txt
from optout.site.robots import RobotsTxt

SEARCH = ("Googlebot", "Bingbot", "DuckDuckBot", "Applebot", "YandexBot")
OPEN_GROUPS = {
    "crawl-delay": "User-agent: *\nCrawl-delay: 10\n\nSitemap: https://example.org/sitemap.xml\n",
    "sitemap only": "User-agent: *\nSitemap: https://example.org/sitemap.xml\n",
    "content signal": "User-agent: *\nContent-Signal: search=yes\n",
    "bare last group": "User-agent: Googlebot\nDisallow: /x/\n\nUser-agent: Bingbot\n",
    "crlf and bom": "\ufeffUser-agent: *\r\nCrawl-delay: 5\r\n",
}


def _allowed_everywhere(text: str, agent: str, url: str) -> dict[str, bool]:
    return {"optout": RobotsTxt.parse(text).is_allowed(agent, url),
            "google": googlebot.RobotsMatcher().OneAgentAllowedByRobots(text, agent, url),
            "protego": Protego.parse(text).can_fetch(url, agent)}


@pytest.mark.parametrize("existing", OPEN_GROUPS.values(), ids=OPEN_GROUPS)
def test_a_group_left_open_is_closed_so_search_engines_keep_the_site(existing):
    text, _ = robots_txt(existing, Choices())
    for agent in SEARCH:
        for url in ("https://example.org/", "https://example.org/blog/post/"):
            assert set(_allowed_everywhere(text, agent, url).values()) == {True}, (agent, url, text[:200])
    for agent in ("GPTBot", "ClaudeBot", "CCBot"):
        assert set(_allowed_everywhere(text, agent, "https://example.org/art/").values()) == {False}, agent
    assert text.index("Disallow:\n") < text.index(BEGIN), "the person's group is closed before optout's block"


def test_the_check_that_guards_every_merge_finds_the_old_mistake():
    """Without the closing line, the merge would hand out a file refusing Google: the check says so, by name."""
    existing = OPEN_GROUPS["crawl-delay"]
    merged_as_before = existing + "\n" + BEGIN + "\nUser-agent: GPTBot\nDisallow: /\n# END optout\n"
    changed = changed_answers(existing, merged_as_before, {"GPTBot"})
    assert "Googlebot" in changed and "Bingbot" in changed and "GPTBot" not in changed
    good, _ = robots_txt(existing, Choices())
    refused = {line.split(":", 1)[1].strip() for line in good.splitlines() if line.startswith("User-agent:")} - {"*"}
    assert changed_answers(existing, good, refused) == []


def test_a_merge_that_would_change_other_answers_is_refused_with_a_reason(monkeypatch):
    import optout.site.generators as generators

    monkeypatch.setattr(generators, "_closed", lambda base: base)  # as before the fix
    with pytest.raises(RobotsMergeError, match="without changing what your robots.txt tells .*Googlebot"):
        robots_txt(OPEN_GROUPS["crawl-delay"], Choices())


def test_a_group_of_their_own_that_lets_a_refused_crawler_in_is_a_warning():
    existing = "User-agent: *\nDisallow: /drafts/\n\nUser-agent: GPTBot\nUser-agent: ClaudeBot\nDisallow: /private/\n"
    text, notes = robots_txt(existing, Choices())
    warned = [n.message for n in notes if n.level == "warning"]
    assert any(m.startswith("GPTBot has its own group in your robots.txt, and that group lets it crawl your home page")
               and "Change that group to “Disallow: /”, or delete it." in m for m in warned)
    assert RobotsTxt.parse(text).is_allowed("GPTBot", "https://example.org/"), "left as they wrote it"
    fine, notes = robots_txt("User-agent: GPTBot\nDisallow: /\n", Choices())
    assert [n.level for n in notes if "GPTBot" in n.message] == ["info"]


def test_a_generic_word_that_loose_readers_take_for_a_search_engine_is_left_out():
    spider = next(c for c in crawlers().values() if c.token == "Spider")
    assert spider.read_as_a_search_engine
    text, notes = robots_txt("", Choices())
    assert "User-agent: Spider\n" not in text
    assert any("Left out of robots.txt: Spider." in n.message for n in notes)
    loose = urllib.robotparser.RobotFileParser()  # matches names as substrings, as the 1994 text advised
    loose.parse(text.splitlines())
    for engine in ("Baiduspider", "Sogou web spider", "YisouSpider", "360Spider", "Googlebot"):
        assert loose.can_fetch(engine, "https://example.org/"), engine


@pytest.mark.parametrize("existing", ["", "User-agent: *\nDisallow: /private/\n", OPEN_GROUPS["crawl-delay"]])
def test_refusing_search_engines_too_refuses_them_and_no_other(existing):
    """The check that guards every merge counted the search engines a person chose to refuse as answers changed by
    mistake: choosing "Also refuse search engines" always failed, asking the person to report it."""
    merged, _ = robots_txt(existing, Choices(block_search=True))
    for agent in ("Applebot", "PetalBot"):
        assert not any(_allowed_everywhere(merged, agent, "https://example.org/blog/").values()), agent
    for agent in ("Googlebot", "Bingbot", "DuckDuckBot", "YandexBot"):
        before = _allowed_everywhere(existing, agent, "https://example.org/blog/")
        assert _allowed_everywhere(merged, agent, "https://example.org/blog/") == before, agent


CHOICES = ("block_ai_search", "block_user_triggered", "block_assistants", "block_unknown", "block_search",
           "block_research", "block_link_preview", "images_only")


@pytest.mark.parametrize("existing", ["", "User-agent: *\nCrawl-delay: 10\n"])
@pytest.mark.parametrize("choice", CHOICES)
@pytest.mark.parametrize("on", [True, False])
def test_every_choice_on_or_off_makes_a_file(existing, choice, on):
    """Two of the page's choices could never make a file (the guard below caught its own side's mistakes)."""
    merged, _ = robots_txt(existing, Choices(**{choice: on, **({"block_assistants": False} if choice != "block_assistants"
                                                               else {})}))
    assert BEGIN in merged


def test_a_name_whose_group_would_refuse_a_crawler_let_in_is_left_to_the_server_rules():
    """Readers take "iaskspider/2.0" as "iaskspider": refusing iAsk's AI search while letting its assistant in cannot
    be written in robots.txt, so the server rules refuse it by the name it sends."""
    from optout.site.generators import nginx_conf

    choices = Choices(block_ai_search=True, block_assistants=False)
    merged, notes = robots_txt("", choices)
    assert "iaskspider/2.0" not in merged and RobotsTxt.parse(merged).is_allowed("iaskspider", "https://example.org/")
    said = [note.text % note.params for note in notes]
    assert any(line.startswith("Left out of robots.txt: iaskspider/2.0.") and "refuse iaskspider too" in line
               for line in said), said
    assert "iaskspider/2\\.0" in nginx_conf(choices)


def test_the_page_refuses_search_engines_when_asked(client):
    answer = client.post(reverse("site:index"), {"action": "generate", "existing": "", "block_search": "on"})
    page = answer.content.decode()
    assert answer.status_code == 200 and "Please report this" not in page
    import html

    robots = html.unescape(page[page.index('id="text-1"'):].split(">", 1)[1].split("</textarea>")[0])
    assert not RobotsTxt.parse(robots).is_allowed("Applebot", "https://example.org/")
    assert RobotsTxt.parse(robots).is_allowed("Googlebot", "https://example.org/")


def test_the_page_closes_a_pasted_group_and_says_what_the_files_can_do(client):
    answer = client.post(reverse("site:index"), {"action": "generate",
                                                 "existing": "User-agent: *\r\nCrawl-delay: 10\r\n"})
    assert answer.status_code == 200
    page = answer.content.decode()
    robots = page[page.index('id="text-1"'):].split(">", 1)[1].split("</textarea>")[0]
    import html

    robots = html.unescape(robots)
    assert RobotsTxt.parse(robots).is_allowed("Googlebot", "https://example.org/")
    said = page[page.index('id="what-they-do"'):].split("</div>")[0]
    assert "one that sends a browser" in said and "known not to follow robots.txt" in said


@pytest.mark.parametrize("url", ["https://example.org/terms%20of%20use", "https://example.org/?a=$x",
                                 "https://example.org/{x}"])
def test_a_licence_address_the_server_files_would_misread_is_refused(client, url):
    answer = client.post(reverse("site:index"), {"action": "generate", "policy_url": url})
    assert answer.status_code == 400
    assert "which the server files would read as their own code" in answer.content.decode()


@pytest.mark.parametrize("url", ["notaurl", "example.org/terms", "terms.html", "ftp://example.org/terms"])
def test_a_licence_address_that_is_not_a_whole_web_address_is_refused_at_the_terminal(tmp_path, url):
    """TDMRep's tdm-policy is followed by machines: `site generate --policy-url notaurl` wrote "notaurl" into
    tdmrep.json and the headers as it was (the web form's address field refused it already)."""
    answer = _run("site", "generate", "--out", str(tmp_path / "out"), "--policy-url", url)
    assert answer.exit_code == 1 and "beginning with https://" in answer.output and not (tmp_path / "out").exists()
    assert _run("site", "generate", "--out", str(tmp_path / "ok"), "--policy-url",
                "https://example.org/ai-licence").exit_code == 0


def _run(*args):
    from typer.testing import CliRunner

    from optout.cli import build_app

    return CliRunner().invoke(build_app(), list(args))


def test_the_command_closes_the_group_refuses_a_misread_address_and_says_how_to_check(tmp_path):
    existing = tmp_path / "robots.txt"
    existing.write_text("User-agent: *\nCrawl-delay: 10\n")
    written = _run("site", "generate", "--existing", str(existing), "--out", str(tmp_path / "out"))
    assert written.exit_code == 0, written.output
    robots = (tmp_path / "out" / "robots.txt").read_text()
    assert googlebot.RobotsMatcher().OneAgentAllowedByRobots(robots, "Googlebot", "https://example.org/")
    assert "curl -I -A GPTBot" in written.output and "at the top of your .htaccess" in written.output

    refused = _run("site", "generate", "--out", str(tmp_path / "bad"), "--policy-url", "https://example.org/terms%20x")
    assert refused.exit_code == 1 and "--policy-url: This address holds a space" in refused.output
    assert "Nothing was written." in refused.output and not (tmp_path / "bad").exists()


def test_a_file_for_a_folder_and_an_unreadable_robots_txt_get_words_not_errno(tmp_path):
    """`--out robots.txt` (an existing file) printed "[Errno 17] File exists"; a missing or binary --existing printed
    Python's own words; a binary file given to `site audit --robots` got a grade of its noise."""
    mine = tmp_path / "robots.txt"
    mine.write_text("User-agent: *\nDisallow: /private/\n")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    cases = [
        (["site", "generate", "--out", str(mine)], "--out names the folder the files go into"),
        (["site", "generate", "--existing", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o")],
         "--existing: cannot read"),
        (["site", "generate", "--existing", str(binary), "--out", str(tmp_path / "o")], "is not a text file"),
        (["site", "audit", "--robots", str(binary)], "is not a text file (a robots.txt is plain text): no grade."),
    ]
    for args, message in cases:
        answer = _run(*args)
        assert answer.exit_code == 1 and message in answer.output, answer.output
        assert "Errno" not in answer.output and "grade F" not in answer.output
    assert mine.read_text() == "User-agent: *\nDisallow: /private/\n" and not (tmp_path / "o").exists()
    latin = tmp_path / "latin.txt"
    latin.write_bytes("# Café\nUser-agent: GPTBot\nDisallow: /\n".encode("latin-1"))
    assert "grade" in _run("site", "audit", "--robots", str(latin)).output  # a few odd bytes still read as text


def test_logs_name_a_robots_txt_that_is_not_there(tmp_path):
    log = tmp_path / "access.log"
    log.write_text("")
    answer = _run("site", "logs", str(log), "--robots", str(tmp_path / "missing.txt"), "--no-check")
    assert answer.exit_code == 2 and "missing.txt" in answer.output and "does not exist" in answer.output
