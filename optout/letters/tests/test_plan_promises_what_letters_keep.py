"""What a plan's legal-request step promises (plans/planner.py LAWS) is what the letters can keep: a law is said to
be cited only where a letter regime covers the region, and a legal deadline only where the regime's erasure request
(the request that step pre-selects) has one set by law. Texas's step promised a deadline its plain letter disowned."""

import pytest

from optout.letters.regimes import FALLBACK, regime_for, request_for_purpose, step_purpose
from optout.plans.planner import LAWS


@pytest.mark.parametrize("region", sorted(LAWS))
def test_the_step_promises_only_what_the_letter_keeps(region):
    law, regime = LAWS[region], regime_for(region)
    assert law.cited == (regime.id != FALLBACK), (region, regime.id)
    if law.cited:
        kind = request_for_purpose(regime, step_purpose("legal-request", ""))
        statutory = regime.deadlines[regime.requests[kind].deadline].statutory
        assert law.deadline == statutory, (region, kind)


def test_a_region_a_letter_regime_covers_has_its_law_in_the_plan():
    from optout.letters.regimes import regimes

    covered = {region for regime in regimes().values() for region in regime.regions}
    assert covered <= {region for region, law in LAWS.items() if law.cited}
