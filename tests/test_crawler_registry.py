"""The AI-crawler registry: valid, sourced, large enough, unambiguous, and blind to real browsers."""

from pathlib import Path

from optout.site.crawlers import crawlers, identify, validate_all

BROWSERS = Path(__file__).resolve().parent / "fixtures" / "browser_user_agents.txt"


def test_the_registry_is_valid_and_sourced():
    result = validate_all()
    assert not result.errors, "\n".join(map(str, result.errors))
    assert len(result.records) >= 150
    for crawler in result.records.values():
        assert crawler.sources and crawler.last_verified


def test_tokens_and_match_strings_are_unique_ignoring_case():
    tokens = [c.token.lower() for c in crawlers().values()]
    matches = [c.match.lower() for c in crawlers().values() if c.match]
    assert len(tokens) == len(set(tokens)) and len(matches) == len(set(matches))


def test_names_that_are_not_product_tokens_are_flagged():
    flagged = {c.token for c in crawlers().values() if not c.valid_token}
    assert "GPTBot" not in flagged and "Google-Extended" not in flagged
    assert "ChatGPT Agent" in flagged


def test_identify_turns_headers_into_tokens_and_ignores_browsers():
    assert identify("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)") == "GPTBot"
    assert identify("Mozilla/5.0 (compatible; ChatGPT-User/1.0; +https://openai.com/bot)") == "ChatGPT-User"
    for line in BROWSERS.read_text().splitlines():
        assert identify(line) is None, line


def test_site_guides_are_valid_and_sourced():
    from optout.site.crawlers import validate_guides

    result = validate_guides()
    assert not result.errors, "\n".join(map(str, result.errors))
    assert set(result.records) == {"wordpress", "squarespace", "wix", "cloudflare"}


def test_robots_txt_names_are_told_apart_from_crawlers():
    registry = {c.token: c for c in crawlers().values()}
    for token in ("Google-Extended", "Applebot-Extended"):
        assert registry[token].kind == "robots-token" and registry[token].match is None and not registry[token].identifiable
    assert identify("Mozilla/5.0 (compatible; Google-Extended)") is None
    assert registry["Applebot"].purpose == "search" and registry["PetalBot"].purpose == "search"
    assert registry["GoogleOther"].purpose == "research" and registry["meta-webindexer"].purpose == "ai-search"
    assert registry["facebookexternalhit"].purpose == "link-preview"
    assert registry["ChatGPT-User"].respects_robots == "partly" and "OAI-AdsBot" in registry
    assert "SearchGPT" not in (registry["OAI-SearchBot"].summary or "")


def test_generic_words_never_identify_an_agent():
    for header in ("Sogou web spider/4.0", "Mozilla/5.0 (X11; Linux x86_64) Code/1.95.3 Chrome/128.0 Electron/32.2.1",
                   "Mozilla/5.0 Cursor/0.42.5 Electron/30.4.0", "OpenAI/Python 1.57.0", "Mozilla/5.0 (compatible; Baiduspider/2.0)"):
        assert identify(header) is None, header


def test_a_fact_about_robots_txt_names_its_source(tmp_path):
    import yaml

    from optout.site.crawlers import validate_all

    data = yaml.safe_load((Path(__file__).resolve().parents[1] / "optout/data/crawlers/gptbot.yaml").read_text())
    data.pop("respects_robots_source")
    (tmp_path / "gptbot.yaml").write_text(yaml.safe_dump(data))
    data.update(slug="spider", token="Spider", match="Spider", respects_robots="unknown")
    (tmp_path / "spider.yaml").write_text(yaml.safe_dump(data))
    errors = " ".join(map(str, validate_all(tmp_path).errors))
    assert "respects_robots_source" in errors and "generic word" in errors


def test_registry_diff_lists_new_gone_and_changed_agents(tmp_path):
    import json

    from typer.testing import CliRunner

    from optout.cli import build_app

    robots_json = {
        "GPTBot": {"operator": "[OpenAI](https://openai.com)", "respect": "Yes", "function": "training"},
        "ChatGPT-User": {"operator": "[OpenAI](https://openai.com)", "respect": "[Yes](https://openai.com)"},
        "ClaudeBot": {"operator": "Someone Else", "respect": "Unclear at this time."},
        "BrandNewBot": {"operator": "New Co", "respect": "No"},
    }
    path = tmp_path / "robots.json"
    path.write_text(json.dumps(robots_json))
    result = CliRunner().invoke(build_app(), ["site", "registry", "diff", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["new"] == ["BrandNewBot"]
    assert "CCBot" in data["not_in_file"] and "GPTBot" not in data["not_in_file"] and "OAI-AdsBot" not in data["not_in_file"]
    assert {"name": "ChatGPT-User", "field": "respects_robots", "theirs": "yes", "ours": "partly"} in data["changed"]
    assert {"name": "ClaudeBot", "field": "operator", "theirs": "Someone Else", "ours": "Anthropic"} in data["changed"]
    assert not any(row["name"] == "GPTBot" for row in data["changed"])
    text = CliRunner().invoke(build_app(), ["site", "registry", "diff", str(path)]).output
    assert "New in robots.json (1): BrandNewBot" in text and "ChatGPT-User: respects_robots" in text
    path.write_text("[1, 2]")
    bad = CliRunner().invoke(build_app(), ["site", "registry", "diff", str(path)])
    assert bad.exit_code == 1 and "not ai.robots.txt's robots.json" in bad.output


def test_the_readme_counts_the_registry_as_it_is():
    """The README's figures of the registry were written once (164 said, 165 listed): they are checked against it."""
    import re
    from pathlib import Path

    readme = " ".join((Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8").split())
    found = re.search(r"registry of (\d+) AI-related agents .*? known for (\d+) of them, (\d+) of those on "
                      r"ai.robots.txt's word alone, .*? for the other (\d+) optout says it does not know", readme)
    assert found, "the README no longer counts the registry where this test looks"
    registry = list(crawlers().values())
    answered = [c for c in registry if c.respects_robots != "unknown"]
    hearsay = [c for c in answered if "ai-robots-txt" in (c.respects_robots_source or "")]
    assert tuple(int(n) for n in found.groups()) == (len(registry), len(answered), len(hearsay),
                                                      len(registry) - len(answered))
