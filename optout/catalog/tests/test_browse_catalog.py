"""Browsing the catalog on the web: search, filters, region, the steps, the honest 'no opt-out' panel."""

import re
from html import unescape

import pytest
from django.urls import reverse

from optout.catalog.loader import catalog
from optout.catalog.region_choice import COOKIE


def text_of(response) -> str:
    return unescape(response.content.decode())


def a_platform_without_opt_out(region: str):
    return next(p for p in catalog().values() if not p.has_opt_out(region))


def test_index_lists_every_platform_without_login(client, db):
    html = text_of(client.get(reverse("catalog:index")))
    for platform in catalog().values():
        assert platform.name in html
    assert f"{len(catalog())} platforms" in html


def test_search_finds_by_name_and_hides_the_rest(client, db):
    html = text_of(client.get(reverse("catalog:index"), {"q": "linkedin"}))
    assert "LinkedIn" in html and "1 platform" in html
    others = [p.name for p in catalog().values() if "linkedin" not in p.slug and "LinkedIn" not in p.name]
    assert all(f">{name}</a>" not in html for name in others)


def test_search_with_no_match_says_so(client, db):
    html = text_of(client.get(reverse("catalog:index"), {"q": "zzzz-nothing"}))
    assert "No platform matches" in html


def test_htmx_request_gets_only_the_results(client, db):
    response = client.get(reverse("catalog:index"), {"q": "linked"}, headers={"HX-Request": "true"})
    html = text_of(response)
    assert "<html" not in html and "LinkedIn" in html


def test_kind_filter_keeps_platforms_with_that_kind(client, db):
    html = text_of(client.get(reverse("catalog:index"), {"kind": "none", "region": "US"}))
    for platform in catalog().values():
        has_none = any(m.kind == "none" for m in platform.mechanisms_for("US"))
        assert (f">{platform.name}</a>" in html) == has_none, platform.slug


def test_bad_filter_values_are_ignored_not_errors(client, db):
    response = client.get(reverse("catalog:index"), {"kind": "<script>", "difficulty": "999", "region": "Mars"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_region_choice_is_remembered_in_a_cookie(client, db):
    response = client.get(reverse("catalog:detail", args=["linkedin"]), {"region": "UK"})
    assert response.cookies[COOKIE].value == "UK"
    html = text_of(client.get(reverse("catalog:detail", args=["linkedin"])))
    assert "What you can do in United Kingdom" in html


def test_platform_page_shows_steps_links_and_sources(client, db):
    platform = catalog()["linkedin"]
    html = text_of(client.get(reverse("catalog:detail", args=["linkedin"]), {"region": "EU"}))
    mechanism = platform.mechanisms_for("EU")[0]
    for step in mechanism.steps:
        assert step.text in html
        if step.url:
            assert f'href="{step.url}" target="_blank" rel="noopener noreferrer"' in html
    for source in platform.all_sources:
        assert source.url in html


def test_no_opt_out_panel_where_that_is_the_truth(client, db):
    platform = next(p for p in catalog().values() if p.says_no_opt_out("US"))
    html = text_of(client.get(reverse("catalog:detail", args=[platform.slug]), {"region": "US"}))
    assert "No opt-out exists here" in html
    assert "What you can do instead" in html
    stated = next(m for m in platform.mechanisms_for("US") if m.kind == "none")
    assert "Why optout says so, with its sources" in html and stated.title in html, "the claim's own entry is shown"


def test_where_the_catalog_only_knows_of_no_opt_out_it_says_so_not_that_none_exists(client, db):
    """An absence of entries, or a "no opt-out" from press alone, was shown as "No opt-out exists here"."""
    unsure = [p for p in catalog().values() if not p.has_opt_out("US") and not p.says_no_opt_out("US")]
    assert unsure, "the catalog has platforms it knows no opt-out for without stating that none exists"
    for platform in unsure[:3]:
        html = text_of(client.get(reverse("catalog:detail", args=[platform.slug]), {"region": "US"}))
        assert "No opt-out known here" in html and "No opt-out exists here" not in html
        assert "It may have missed one" in html and "What you can do instead" in html
    with_opt_out = next(p for p in catalog().values() if p.has_opt_out("US"))
    html = text_of(client.get(reverse("catalog:detail", args=[with_opt_out.slug]), {"region": "US"}))
    assert "No opt-out exists here" not in html


def test_stale_entries_get_a_badge(client, db, settings):
    assert "May be outdated" not in text_of(client.get(reverse("catalog:detail", args=["linkedin"])))
    settings.OPTOUT_STALE_DAYS = -1
    assert "May be outdated" in text_of(client.get(reverse("catalog:detail", args=["linkedin"])))
    assert "May be outdated" in text_of(client.get(reverse("catalog:index")))


def test_unknown_platform_is_a_friendly_404(client, db):
    response = client.get(reverse("catalog:detail", args=["no-such-platform"]))
    assert response.status_code == 404
    assert "We couldn't find that page" in text_of(response)


@pytest.mark.parametrize("url", ["/", "/about/", "/catalog/", "/catalog/linkedin/", "/accounts/login/", "/accounts/signup/"])
def test_public_pages_render(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers


def test_the_results_are_rendered_once_per_question_and_stay_right(client, db, monkeypatch):
    from optout.catalog import query

    calls = []
    original = query.filter_platforms
    monkeypatch.setattr(query, "filter_platforms", lambda *a, **k: calls.append(k) or original(*a, **k))
    url = reverse("catalog:index") + "?region=EU"
    full = text_of(client.get(url))
    first = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert len(calls) == 1 and "<html" not in first and 'class="platform-list"' in first
    assert first.split('id="result-count">')[1].split("<")[0].strip() in full
    assert client.get(url, headers={"HX-Request": "true"}).content.decode() == first and len(calls) == 1
    us = client.get(reverse("catalog:index") + "?region=US", headers={"HX-Request": "true"}).content.decode()
    assert len(calls) == 2 and us != first


def test_the_platform_page_shows_each_sources_class_and_when_it_was_checked(client, db):
    html = client.get("/catalog/bluesky/").content.decode()
    assert "platform&#x27;s own page" in html and "press / other" in html
    assert "checked 1 December 2026" in html
    # The copy a page was read through is shown apart from the platform's own address.
    html = client.get("/catalog/linkedin/").content.decode()
    assert 'href="https://www.linkedin.com/legal/privacy/eu"' in html
    assert 'read through <span lang="en">Open Terms Archive pga-versions copy' in html


def test_an_unconfirmed_step_says_why(client, db):
    html = client.get("/catalog/linkedin/").content.decode()
    assert "Why we are not sure:" in html and "menu labels" in html


def test_a_platform_page_body_is_rendered_once_until_its_policy_changes(client, db):
    import datetime as dt

    from optout.catalog.loader import catalog
    from optout.catalog.services import record_policy_change

    slug = next(s for s, p in catalog().items() if p.watched_documents)
    platform = catalog()[slug]
    url = reverse("catalog:detail", args=[slug]) + "?region=EU"
    first = client.get(url)
    assert "catalog/_sources.html" in [t.name for t in first.templates]
    again = client.get(url)
    assert "catalog/_sources.html" not in [t.name for t in again.templates], "the body came from the cache"
    assert _body(again) == _body(first)
    changed = dt.datetime(2030, 1, 2, 12, tzinfo=dt.UTC)
    record_policy_change(slug, platform.watched_documents[0], "Privacy Policy", changed)
    after = client.get(url)
    assert "catalog/_sources.html" in [t.name for t in after.templates]
    assert "may be outdated" in text_of(after)
    assert _body(client.get(reverse("catalog:detail", args=[slug]) + "?region=US")) != _body(after)


def _body(response) -> str:
    page = response.content.decode()
    return page[page.index('<section aria-labelledby="steps">'):page.index("</main>")]


@pytest.mark.parametrize(("slug", "sentence"), [("facebook", "Run by Meta Platforms, Inc."), ("discord", "Run by Discord Inc.")])
def test_the_company_ends_its_sentence_with_one_full_stop(client, db, slug, sentence):
    html = text_of(client.get(reverse("catalog:detail", args=[slug])))
    assert sentence in html and sentence + "." not in html


def test_a_source_read_through_a_copy_links_the_copy_only_when_it_is_an_archives(client, db):
    """A page read through a scraper's copy says so, but sends nobody to the scraper's site."""
    facebook = text_of(client.get(reverse("catalog:detail", args=["facebook"])))
    assert 'read through <span lang="en">a copy of the form page on an unrelated site' in facebook
    assert "romanticpoetry.info" not in facebook
    archived = next(p.slug for p in catalog().values() for s in p.all_sources
                    if s.read_via and s.read_via.url and s.read_via.url.startswith("https://github.com/OpenTermsArchive/"))
    html = text_of(client.get(reverse("catalog:detail", args=[archived])))
    assert re.search(r'\(<a href="https://github\.com/OpenTermsArchive/[^"]+" rel="noopener noreferrer">copy</a>\)', html)


def test_every_platform_page_opens_in_every_region(client, db):
    """Every entry's data reaches its page: sources with and without a copy, every kind of step."""
    for slug in catalog():
        for region in ("", "EU", "US"):
            response = client.get(reverse("catalog:detail", args=[slug]), {"region": region} if region else {})
            assert response.status_code == 200, (slug, region)


def test_a_platform_with_an_opt_out_that_does_not_reach_every_use_says_so_in_the_list(client, db):
    """YouTube's switch covers third parties' training, not Google's own: the list said only "Opt-out available"."""
    import re

    from optout.catalog.loader import catalog
    from optout.catalog.query import not_every_use

    youtube = catalog()["youtube"]
    assert not_every_use(youtube, "US-CA")
    page = client.get("/catalog/", {"region": "US-CA"}).content.decode()
    card = re.search(r'href="/catalog/youtube/".*?</ul>', page, re.S).group(0)
    assert "Opt-out available" in card and "Not for every use of your data" in card
    only = next(p for p in catalog().values() if p.has_opt_out("US-CA") and not not_every_use(p, "US-CA"))
    other = re.search(rf'href="/catalog/{only.slug}/".*?</ul>', page, re.S).group(0)
    assert "Not for every use of your data" not in other
