"""Every platform in the articles optout grew from is in the catalog, with the seeds' steps (corrected where outdated).

Seeds: ../shared/seeds/ — Casting Networks "How to Opt-Out Of AI Training on Social Media" (May 2025),
"How to Opt Out of Meta's AI Training on Your Content" (Oct 2023), "Meta AI opt out" (May 2025).
"""

import pytest

from optout.catalog.loader import catalog
from optout.catalog.schema import Mechanism, Platform

SEED_PLATFORMS = ["facebook", "instagram", "threads", "x", "tumblr", "youtube", "linkedin", "imdb", "amazon",
                  "reddit", "tiktok", "discord", "bluesky"]


def platform(slug: str) -> Platform:
    return catalog()[slug]


def kinds_for(p: Platform, region: str) -> set[str]:
    return {m.kind for m in p.mechanisms_for(region)}


def urls(m: Mechanism) -> set[str]:
    return {s.url for s in m.steps if s.url}


def all_text(m: Mechanism) -> str:
    parts = [m.title, m.summary, *m.covers, *m.does_not_cover, m.confirmation or ""]
    for step in m.steps:
        parts += [step.text, *(step.menu_path or [])]
    return " ".join(parts).casefold()


def mechanism_with_url(p: Platform, url: str) -> Mechanism:
    found = [m for m in p.mechanisms if any(u.startswith(url) for u in urls(m))]
    assert found, f"{p.slug}: no step links to {url}"
    return found[0]


@pytest.mark.parametrize("slug", SEED_PLATFORMS)
def test_seed_platform_is_in_the_catalog(slug):
    assert slug in catalog()


@pytest.mark.parametrize(("slug", "form"), [
    ("facebook", "https://www.facebook.com/help/contact/6359191084165019"),
    ("instagram", "https://help.instagram.com/contact/233964459562201"),
])
def test_meta_objection_forms_for_europe(slug, form):
    m = mechanism_with_url(platform(slug), form)
    assert m.kind == "objection-form"
    assert {"EU", "UK"} <= set(m.regions) or {"EEA", "UK"} <= set(m.regions)
    text = all_text(m)
    assert "code" in text and "hour" in text  # seed 003: the e-mail code expires in one hour
    assert m.confirmation and "mail" in m.confirmation.casefold()


@pytest.mark.parametrize("slug", ["facebook", "instagram", "threads"])
def test_meta_in_the_us_has_no_opt_out_but_going_private_helps(slug):
    p = platform(slug)
    assert not p.has_opt_out("US")
    assert "none" in kinds_for(p, "US")
    assert "privacy-setting" in kinds_for(p, "US")
    assert p.has_opt_out("EU") and p.has_opt_out("UK")


def test_meta_services_share_an_owner():
    assert {"instagram", "threads", "whatsapp"} <= set(platform("facebook").related)
    assert "facebook" in platform("instagram").related


def test_meta_form_about_personal_information_in_ai_answers():
    texts = " ".join(all_text(m) for slug in ("facebook", "instagram") for m in platform(slug).mechanisms)
    assert "third part" in texts or "answers" in texts


def test_x_grok_setting_path():
    p = platform("x")
    setting = next(m for m in p.mechanisms if m.kind == "setting")
    text = all_text(setting)
    assert "settings and privacy" in text and "privacy and safety" in text
    assert "grok" in text
    assert "ALL" in setting.regions


def test_tumblr_prevent_third_party_sharing():
    setting = mechanism_with_url(platform("tumblr"), "https://www.tumblr.com/settings/blog")
    assert setting.kind == "setting"
    text = all_text(setting)
    assert "prevent third-party sharing" in text and "visibility" in text
    assert "draft" in " ".join(setting.covers + setting.does_not_cover + [setting.summary]).casefold() or any(
        "draft" in tip.casefold() for tip in platform("tumblr").tips
    )


def test_youtube_third_party_training_is_opt_in():
    m = next(m for m in platform("youtube").mechanisms if m.kind == "opt-in-default")
    assert "ALL" in m.regions
    assert "youtube studio" in all_text(m) and "third-party" in all_text(m).replace("third party", "third-party")


def test_linkedin_generative_ai_setting():
    m = mechanism_with_url(platform("linkedin"), "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement")
    assert m.kind == "setting" and m.regions == ["ALL"]
    assert "data for generative ai improvement" in all_text(m) and "data privacy" in all_text(m)


def test_imdb_points_to_amazon_ads_choices_and_says_it_is_not_an_ai_opt_out():
    p = platform("imdb")
    assert "amazon" in p.related
    assert not p.has_opt_out("US")
    text = " ".join(all_text(m) for m in p.mechanisms)
    assert "your ads privacy choices" in text and "cross-context behavioral ads" in text


@pytest.mark.parametrize("slug", ["reddit", "tiktok"])
def test_no_opt_out_platforms_say_so_and_offer_alternatives(slug):
    p = platform(slug)
    assert not p.has_opt_out("US")
    assert "none" in kinds_for(p, "US")
    assert p.tips or "privacy-setting" in kinds_for(p, "US")


def test_discord_data_settings():
    p = platform("discord")
    m = next(m for m in p.mechanisms if m.kind in ("setting", "privacy-setting"))
    text = all_text(m)
    assert "user settings" in text or "settings" in text
    assert "privacy" in text


def test_bluesky_is_described_with_sources():
    p = platform("bluesky")
    assert p.mechanisms and all(m.sources for m in p.mechanisms)


def test_outdated_seed_advice_is_corrected_with_sources():
    corrected = [p for p in catalog().values() if p.seed_corrections]
    assert corrected, "at least one seed platform has changed since the articles were written"
    for p in corrected:
        for correction in p.seed_corrections:
            assert correction.sources and correction.now != correction.said
