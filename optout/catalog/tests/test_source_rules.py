"""A maintainer cites sources: the catalog refuses copy sites and shorteners, and wants the platform's own word."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from optout.catalog import sources
from optout.catalog.loader import PLATFORMS_DIR, catalog, validate_all
from optout.cli import build_app

GOOD = (PLATFORMS_DIR / "linkedin.yaml").read_text(encoding="utf-8")
PRIMARY = "  sources:\n    - url: https://www.linkedin.com/legal/privacy/eu\n"  # the first source of ai_use


def errors_for(tmp_path: Path, text: str) -> list[str]:
    folder = tmp_path / "platforms"
    folder.mkdir(exist_ok=True)
    (folder / "linkedin.yaml").write_text(text, encoding="utf-8")
    return [str(e) for e in validate_all(folder).errors]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_copy_site_is_refused_with_file_line_and_field(tmp_path):
    bad = GOOD.replace(PRIMARY, "  sources:\n    - url: https://viraltrendingcontent.com/linkedin-ai\n", 1)
    errors = errors_for(tmp_path, bad)
    line = line_of(bad, "viraltrendingcontent")
    assert any(e.startswith(f"platforms/linkedin.yaml:{line}: ai_use.sources[0].url: viraltrendingcontent.com is a "
                            "known copy or aggregator site") for e in errors), errors


def test_a_vendors_or_seo_retelling_is_refused(tmp_path):
    """A VPN seller's "stop Meta training on you" post was cited beside Meta's own pages; it sells, and it is not
    kept up to date with the platform."""
    bad = GOOD.replace(PRIMARY, "  sources:\n    - url: https://nym.com/blog/meta-ai-training-europe\n", 1)
    assert any("ai_use.sources[0].url: nym.com retells platforms' pages to sell or to rank" in e
               for e in errors_for(tmp_path, bad))


def test_a_url_shortener_is_refused(tmp_path):
    bad = GOOD.replace(PRIMARY, "  sources:\n    - url: https://bit.ly/3abcdef\n", 1)
    assert any("bit.ly is a link shortener" in e for e in errors_for(tmp_path, bad))


def test_a_primary_source_must_be_on_the_platforms_own_site(tmp_path):
    bad = GOOD.replace(PRIMARY, "  sources:\n    - url: https://www.example-news.com/linkedin\n", 1)
    assert any("ai_use.sources[0].url: a primary source must be on the platform's own site (linkedin.com" in e
               for e in errors_for(tmp_path, bad))


def test_an_archived_primary_source_must_be_on_a_known_archive(tmp_path):
    bad = GOOD.replace(
        "        kind: primary\n        read_via:", "        kind: archived-primary\n        read_via:", 1
    )
    errors = errors_for(tmp_path, bad)
    assert any("a dated copy on a known archive" in e for e in errors), errors
    assert any("an archived copy is itself the copy" in e for e in errors), errors


def test_a_mechanism_needs_a_primary_source_or_says_why_not(tmp_path):
    start = GOOD.index("mechanisms:")
    head, tail = GOOD[:start], GOOD[start:]
    tail = tail.replace("        kind: primary\n", "        kind: secondary\n", 1)
    errors = errors_for(tmp_path, head + tail)
    assert any("mechanisms[0].sources: needs at least one primary or archived-primary source" in e for e in errors)
    # Saying plainly that it is unconfirmed is accepted.
    honest = (head + tail).replace("    confidence: medium\n", "    confidence: low\n", 1)
    assert errors_for(tmp_path, honest) == []


def test_low_confidence_needs_a_reason(tmp_path):
    start = GOOD.index("    confidence: medium\n")
    end = GOOD.index("tips:")
    bad = GOOD[:start] + "    confidence: low\n" + GOOD[end:]
    assert any("`confidence: low` needs a `confidence_reason`" in e for e in errors_for(tmp_path, bad))


def test_the_read_via_copy_is_kept_apart_from_the_platforms_address():
    source = catalog()["linkedin"].mechanisms[0].sources[0]
    assert source.url.startswith("https://www.linkedin.com/")
    assert source.read_via.url.startswith("https://github.com/OpenTermsArchive/")
    assert source.read_via.on and "Open Terms Archive" in source.read_via.what


def test_no_shipped_source_is_on_a_refused_domain():
    for platform in catalog().values():
        for path, source in sources._sources_of(platform):
            assert sources.refused(source.url) is None, (platform.slug, path, source.url)
            assert source.read_via is None or not source.read_via.url or sources.refused(source.read_via.url) is None, (
                platform.slug, path, source.read_via.url)


def test_a_page_read_through_a_copy_site_is_refused_too(tmp_path):
    """A platform's page "read via" a copy site cited the copy site all the same, under a green badge."""
    archive = "        url: https://github.com/OpenTermsArchive/pga-versions/blob/185513a07a9e6cdecc1d74b10da5f70f542b7881/"
    assert archive in GOOD
    bad = GOOD.replace(archive, "        url: https://romanticpoetry.info/", 1)
    errors = errors_for(tmp_path, bad)
    assert any("read_via.url: romanticpoetry.info is a known copy or aggregator site" in e for e in errors), errors


def test_a_platforms_page_read_through_a_copy_is_shown_as_such_not_as_read_on_its_site(client, db):
    from django.urls import reverse

    notion = catalog()["notion"]
    copied = next(s for s in notion.mechanisms[0].sources if s.read_via and "tudornotes" in (s.read_via.url or ""))
    assert not sources.read_as_published(copied)
    page = client.get(reverse("catalog:detail", args=["notion"])).content.decode()
    item = page[page.index(f'href="{copied.url}"'):].split("</li>")[0]
    assert "platform&#x27;s page, read through a copy" in item and 'class="badge ok"' not in item
    linkedin = client.get(reverse("catalog:detail", args=["linkedin"])).content.decode()
    archived = catalog()["linkedin"].mechanisms[0].sources[0]
    item = linkedin[linkedin.index(f'href="{archived.url}"'):].split("</li>")[0]
    assert 'class="badge ok"' in item, "read through Open Terms Archive's dated copy: as published"


def test_domains_match_subdomains_and_paths_but_not_look_alikes():
    assert sources.own_domain("https://help.instagram.com/x", ["instagram.com"])
    assert not sources.own_domain("https://instagram.com.evil.example/x", ["instagram.com"])
    assert not sources.own_domain("https://notinstagram.com/x", ["instagram.com"])
    assert sources.own_domain("https://intercom.help/acme/en/articles/1", ["intercom.help/acme"])
    assert not sources.own_domain("https://intercom.help/other/en", ["intercom.help/acme"])


def test_validate_reports_the_share_of_mechanisms_with_a_primary_source():
    result = CliRunner().invoke(build_app(), ["catalog", "validate"])
    assert result.exit_code == 0, result.output
    good, total = sources.trusted_share(catalog().values())
    assert f"{good} of {total} mechanisms" in result.output


def test_at_least_sixty_platforms_and_ninety_percent_primary_sources():
    platforms = list(catalog().values())
    good, total = sources.trusted_share(platforms)
    assert len(platforms) >= 60
    assert good / total >= 0.9, f"only {good} of {total} mechanisms have a primary or archived-primary source"


def test_a_watched_document_that_is_not_declared_is_reported(tmp_path, monkeypatch):
    from optout.catalog import datacheck, loader

    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "linkedin.yaml").write_text("platform: linkedin\ndocuments:\n  - id: terms-of-service\n",
                                             encoding="utf-8")
    monkeypatch.setattr(loader, "DATA_DIR", tmp_path)
    errors = [str(e) for e in datacheck.watched_documents()]
    assert any("no watched document 'privacy-policy' in documents/linkedin.yaml" in e
               and "watched_documents[" in e for e in errors), errors
