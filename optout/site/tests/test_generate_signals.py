"""Every generated signal, checked by reading it back: robots.txt with our evaluator, server rules by the servers."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from optout.site.crawlers import crawlers
from optout.site.generators import OUTPUTS, Choices, blocked, robots_txt, user_agent_regex
from optout.site.robots import RobotsTxt

BROWSERS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "browser_user_agents.txt"
EXISTING = "# my site\nUser-agent: *\nDisallow: /drafts/\n\nUser-agent: Bytespider\nDisallow: /private/\n\nSitemap: https://example.org/sitemap.xml\n"


@pytest.mark.parametrize("choices", [Choices(), Choices(block_ai_search=True, block_user_triggered=True),
                                     Choices(block_assistants=False, block_unknown=False)])
def test_robots_txt_gives_each_registry_agent_the_intended_answer(choices):
    text, notes = robots_txt(EXISTING, choices)
    robots = RobotsTxt.parse(text)
    for crawler in crawlers().values():
        if not crawler.valid_token or crawler.token == "Bytespider":
            continue
        expected = not choices.blocks(crawler) or crawler.read_as_a_search_engine  # Spider: see its own test
        assert robots.is_allowed(crawler.token, "https://example.org/art/piece.jpg") is expected, crawler.token
    assert not robots.is_allowed("Bytespider", "https://example.org/private/x")  # their own group, kept as written
    assert robots.is_allowed("Bytespider", "https://example.org/art/") and any("Bytespider" in n.message for n in notes)
    assert not robots.is_allowed("Mozilla", "https://example.org/drafts/a") and robots.is_allowed("Googlebot", "https://example.org/")
    assert text.startswith("# my site\nUser-agent: *\nDisallow: /drafts/")
    assert "Sitemap: https://example.org/sitemap.xml" in text


def test_robots_txt_is_idempotent_and_has_no_duplicate_groups():
    once, _ = robots_txt(EXISTING, Choices())
    twice, _ = robots_txt(once, Choices())
    assert once == twice
    agents = [line.split(":", 1)[1].strip().lower() for line in once.splitlines() if line.lower().startswith("user-agent:")]
    named = [agent for agent in agents if agent != "*"]
    assert len(named) == len(set(named)) and agents.count("*") == 1  # theirs; optout adds none when one exists
    assert once.count("# BEGIN optout") == 1
    fewer, _ = robots_txt(once, Choices(block_assistants=False))
    assert fewer.count("# BEGIN optout") == 1 and len(fewer) < len(once)


def test_tdmrep_ai_txt_meta_and_headers():
    choices = Choices(policy_url="https://example.org/licence")
    tdm = json.loads(OUTPUTS["tdmrep.json"](choices))
    assert tdm == [{"location": "/", "tdm-reservation": 1, "tdm-policy": "https://example.org/licence"}]
    ai = RobotsTxt.parse(OUTPUTS["ai.txt"](Choices()))
    assert not ai.is_allowed("AnyBot", "https://example.org/image.png")
    assert "Disallow: *.jpg" in OUTPUTS["ai.txt"](Choices(images_only=True))
    assert '<meta name="robots" content="noai, noimageai">' in OUTPUTS["meta.html"](choices)
    assert "X-Robots-Tag: noai, noimageai" in OUTPUTS["headers.txt"](choices)


def test_server_rules_block_every_identifiable_refused_agent_and_no_browser():
    pattern = user_agent_regex(Choices())
    for crawler in blocked(Choices()):
        if crawler.identifiable:
            assert pattern.search(f"Mozilla/5.0 (compatible; {crawler.match}/1.0; +https://example.org)"), crawler.match
            assert not pattern.search(f"Mozilla/5.0 (compatible; X{crawler.match}Y/1.0)"), crawler.match  # whole tokens only
    for line in BROWSERS.read_text().splitlines():
        assert not pattern.search(line), line
    assert "Google-Extended" not in pattern.pattern  # a robots.txt name only: no User-Agent to refuse


def test_content_signals_come_with_their_policy_text_and_the_ietf_content_usage_rule():
    text, _ = robots_txt("User-agent: Googlebot\nDisallow: /private/\n", Choices())
    assert "RESERVATIONS OF RIGHTS UNDER ARTICLE 4 OF THE EUROPEAN UNION" in text  # the policy the signal refers to
    assert "contentsignals.org" in text
    star = text[text.index("User-agent: *"):]
    assert "Content-Signal: search=yes, ai-input=yes, ai-train=no" in star and "Content-Usage: train-ai=n" in star
    blocked_search, _ = robots_txt("", Choices(block_ai_search=True))
    assert "Content-Signal: search=yes, ai-input=no, ai-train=no" in blocked_search
    again, _ = robots_txt(text, Choices())
    assert again == text and again.count("ARTICLE 4") == 1


def test_the_content_usage_header_as_the_ietf_attach_draft_defines_it():
    headers = OUTPUTS["headers.txt"](Choices())
    assert "\nContent-Usage: train-ai=n\n" in "\n" + headers
    assert '# add_header Content-Usage "train-ai=n" always;' in headers
    assert '#     Header always set Content-Usage "train-ai=n"' in headers and '# header Content-Usage "train-ai=n"' in headers


def test_a_misspelt_agent_in_the_existing_file_is_pointed_out_and_kept():
    text, notes = robots_txt("User-agent: GPT-Bot\nDisallow: /\n", Choices())
    assert text.startswith("User-agent: GPT-Bot\nDisallow: /\n")  # their lines are never changed
    assert any("“GPT-Bot” is not a crawler name; did you mean “GPTBot”" in n.message and n.level == "warning" for n in notes)
    assert "User-agent: GPTBot" in text  # and optout's own group refuses the real name


def test_optouts_own_files_checked_back_get_the_best_grade_and_name_every_crawler_as_its_operator_writes_it():
    """optout's own robots.txt and meta tags, pasted into its check, got grade C ("63 of 76"): the crawlers whose
    names are not RFC 9309 product tokens were counted against it. Then they were left out of robots.txt, so AI2Bot,
    which follows robots.txt and tells sites to write "User-agent: AI2Bot", was never refused by it."""
    from optout.site.audit import audit, pasted

    text, notes = robots_txt("", Choices())
    unnameable = sorted((c.token for c in blocked(Choices()) if not c.valid_token), key=str.lower)
    assert "AI2Bot" in unnameable and all(f"User-agent: {token}\n" in text for token in unnameable)
    robots = RobotsTxt.parse(text)
    registry = crawlers()
    assert not any(registry[slug].allowed_in(robots, "https://example.org/art/") for slug in ("ai2bot", "panscient-com"))
    assert robots.is_allowed("AI2Bot", "https://example.org/art/")  # Google's library: "AI2Bot" is read as "AI"
    said = [n.text % n.params for n in notes if n.level == "info"]
    assert any(f"{len(unnameable)} of the crawlers you refuse have names outside the robots.txt standard" in s
               and "the server rules below refuse them by name too" in s for s in said)
    assert all(token in OUTPUTS["nginx.conf"](Choices()) for token in ("AI2Bot", "img2dataset"))
    report = audit(pasted(text, OUTPUTS["meta.html"](Choices())))
    training = report.by_purpose["training"]
    assert training["blocked"] == training["total"] and report.grade in ("A", "B")
    assert "AI2Bot" in [row["token"] for row in report.crawlers if row["refused"]]
    assert not any("refuses search engines too" in f.text for f in report.findings)


def test_a_robots_txt_that_does_not_name_ai2bot_counts_it_as_not_refused():
    from optout.site.audit import audit, pasted

    report = audit(pasted("User-agent: GPTBot\nDisallow: /\n"))
    assert "AI2Bot" not in [row["token"] for row in report.crawlers if row["refused"]]
    training = report.by_purpose["training"]
    assert training["total"] - training["blocked"] >= len([c for c in crawlers().values()
                                                           if c.purpose == "training" and not c.valid_token])


def test_refusing_every_crawler_says_search_engines_go_too():
    from optout.site.audit import audit, pasted

    report = audit(pasted("User-agent: *\nDisallow: /\n"))
    assert any(f.level == "warning" and "the site disappears from Google and Bing search" in f.text
               for f in report.findings)


def test_the_training_crawlers_operators_name_are_refused_by_default():
    """Amazon says Amazonbot may train its AI models, and Mistral names MistralAI-Training: both were missed (Amazonbot
    was filed as an AI search crawler, Mistral's training crawler was not listed)."""
    robots = RobotsTxt.parse(robots_txt("", Choices())[0])
    for name in ("Amazonbot", "MistralAI-Training", "GPTBot", "ClaudeBot", "CCBot"):
        assert not robots.is_allowed(name, "https://example.org/art/"), name
    for name in ("MistralAI-Index", "Amzn-SearchBot"):  # search only, by their operators' word: a choice, off by default
        assert robots.is_allowed(name, "https://example.org/art/"), name


def test_a_fetcher_that_ignores_robots_txt_is_not_promised_to_obey_it():
    """Google says its user-triggered fetchers, Google-Agent among them, generally ignore robots.txt."""
    agent = next(c for c in crawlers().values() if c.token == "Google-Agent")
    assert agent.respects_robots == "no" and agent.respects_robots_source.startswith("https://developers.google.com/")


def test_the_small_files_say_only_what_they_do():
    images = OUTPUTS["ai.txt"](Choices(images_only=True))
    assert images.startswith("# ai.txt: this site's images may not be used") and "Disallow: /\n" not in images
    headers = OUTPUTS["headers.txt"](Choices())
    assert "without their leading '# '" in headers and "repeat them there too" in headers
    meta = OUTPUTS["meta.html"](Choices(policy_url='https://example.org/a?b=1&c="x"'))
    assert 'content="https://example.org/a?b=1&amp;c=&quot;x&quot;"' in meta


def test_the_guides_say_they_are_in_english_to_a_reader_of_another_language(client):
    client.cookies["django_language"] = "nl"
    page = client.get(reverse("site:index")).content.decode()
    assert 'id="guides-in-english"' in page and "De stappen voor elke host en server staan in het Engels" in page
    client.cookies["django_language"] = "en"
    assert 'id="guides-in-english"' not in client.get(reverse("site:index")).content.decode()
