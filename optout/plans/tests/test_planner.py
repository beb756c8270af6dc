"""The planner's rules, for every region and any set of platforms (pure: no database)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optout.catalog.loader import catalog
from optout.catalog.regions import CHOICE_CODES
from optout.plans.planner import CLEAN_UP, LEGAL_REQUEST, STAGE_ORDER, build_plan, fingerprint, law_for

SLUGS = sorted(catalog())


@settings(max_examples=200, deadline=None)
@given(
    region=st.sampled_from(sorted(CHOICE_CODES)),
    slugs=st.lists(st.sampled_from(SLUGS), min_size=1, max_size=8),
    visibility=st.sampled_from(["", "public", "balanced", "private"]),
    creator=st.sampled_from(["", "visual-artist", "photographer", "writer", "musician", "video", "other"]),
)
@pytest.mark.slow
def test_plan_rules_hold_everywhere(region, slugs, visibility, creator):
    platforms = catalog()
    accounts = list(enumerate(slugs))
    plan = build_plan(region=region, accounts=accounts, platforms=platforms, creator_kind=creator, visibility=visibility)
    keys = [(a.account, a.platform, a.mechanism) for a in plan.actions]
    assert len(keys) == len(set(keys))
    stages = [STAGE_ORDER[a.stage] for a in plan.actions]
    assert stages == sorted(stages)
    for key, slug in accounts:
        mine = [a for a in plan.actions if a.account == key]
        applicable = {m.id for m in platforms[slug].mechanisms_for(region) if m.kind != "none"}
        assert {a.mechanism for a in mine if a.source == "catalog"} == applicable
        generic = {a.mechanism for a in mine if a.source == "generic"}
        # Only an opt-out the catalog is sure of replaces the fallbacks; a low-confidence one does not.
        confirmed = any(m.is_opt_out and m.confidence != "low" for m in platforms[slug].mechanisms_for(region))
        # a use no switch reaches (kind none) leaves the written request, where a law gives one
        unreached = any(m.kind == "none" for m in platforms[slug].mechanisms_for(region))
        # deleting old public posts only where what people put is public (not a private library, not a chat)
        assert (CLEAN_UP in generic) == (not confirmed and platforms[slug].posts_in_public)
        assert (LEGAL_REQUEST in generic) == (bool(law_for(region)) and (not confirmed or unreached))
        if not platforms[slug].has_opt_out(region):
            assert slug in plan.without_opt_out
    assert all(a.kind != "none" for a in plan.actions)
    # optional: what costs a public person reach, or what is needed only in some situation (only_when)
    only_sometimes = {(slug, m.id) for slug, p in platforms.items() for m in p.mechanisms if m.only_when}
    assert all(not a.optional or visibility == "public" or (a.platform, a.mechanism) in only_sometimes
               for a in plan.actions)


def test_fingerprint_ignores_verification_dates_but_not_content():
    platform = catalog()["linkedin"]
    changed_date = platform.model_copy(update={"mechanisms": [m.model_copy(update={"last_verified": m.last_verified.replace(year=2025)}) for m in platform.mechanisms]})
    assert fingerprint(changed_date) == fingerprint(platform)
    changed_text = platform.model_copy(update={"name": "LinkedIn (renamed)"})
    assert fingerprint(changed_text) != fingerprint(platform)
