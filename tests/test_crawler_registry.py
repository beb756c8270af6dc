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
    matches = [c.match.lower() for c in crawlers().values()]
    assert len(tokens) == len(set(tokens)) and len(matches) == len(set(matches))


def test_names_that_are_not_product_tokens_are_flagged():
    flagged = {c.token for c in crawlers().values() if not c.valid_token}
    assert "GPTBot" not in flagged and "Google-Extended" not in flagged
    assert {"MistralAI-User/1.0", "ChatGPT Agent"} & flagged


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
