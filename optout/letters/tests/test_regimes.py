"""Each law as data: its request types, the deadline each one gets (counted as that law counts), and its
complaint route. Dates are worked out by hand from the law's counting rule, not from the code."""

import datetime as dt

import pytest

from optout.letters import deadlines
from optout.letters.regimes import regime_for, regimes, request_for_purpose, step_purpose, validate_all

MON = dt.date(2026, 3, 2)  # a Monday with no holiday nearby in the places below


def due(regime, kind, received=MON, holidays=(), paused=0):
    return deadlines.for_request(regime, kind, received, holidays, paused)


def test_every_regime_file_is_valid_sourced_and_dated():
    result = validate_all()
    assert not result.errors, "\n".join(map(str, result.errors))
    assert set(result.records) == {"gdpr", "uk-gdpr", "ccpa", "lgpd", "fadp", "plain"}
    for regime in result.records.values():
        assert regime.sources and regime.last_verified


@pytest.mark.parametrize(("region", "regime"), [("EU", "gdpr"), ("EEA", "gdpr"), ("UK", "uk-gdpr"), ("US-CA", "ccpa"),
                                                ("BR", "lgpd"), ("CH", "fadp"), ("US", "plain"), ("JP", "plain"), ("", "plain")])
def test_where_a_person_lives_decides_the_law(region, regime):
    assert regime_for(region).id == regime


@pytest.mark.parametrize("kind", ["objection", "erasure", "access", "restriction", "withdraw-consent"])
def test_gdpr_one_month_extendable_by_two(kind):
    found = due("gdpr", kind)
    assert (found.answer_by, found.extended_by) == (dt.date(2026, 4, 2), dt.date(2026, 6, 2))
    # 31 January has no 28 February twin: the month's last day; 28 Feb 2026 is a Saturday → Monday 2 March.
    assert due("gdpr", kind, dt.date(2026, 1, 31)).answer_by == dt.date(2026, 3, 2)
    assert due("gdpr", "complaint").answer_by == dt.date(2026, 6, 2)  # Art. 78(2): three months


@pytest.mark.parametrize("kind", ["objection", "erasure", "access", "restriction", "withdraw-consent"])
def test_uk_time_limits_follow_article_12a(kind):
    rule = regimes()["uk-gdpr"].rule_for(kind)
    assert rule.cite == "Article 12A UK GDPR" and rule.restart_on_identity
    assert due("uk-gdpr", kind).answer_by == dt.date(2026, 4, 2)
    # Only an access request's clock stands still for clarification (the pause mirrors s.54(3C) DPA 2018).
    assert rule.pause_for_clarification is (kind == "access")


def test_a_paused_uk_clock_moves_the_deadline_by_the_days_it_stood_still():
    # Asked for clarification on Tue 10 March, got it on Mon 16 March: 7 days do not count.
    paused = (dt.date(2026, 3, 16) - dt.date(2026, 3, 10)).days + 1
    found = due("uk-gdpr", "access", paused=paused)
    assert found.answer_by == dt.date(2026, 4, 9) and found.extended_by == dt.date(2026, 6, 9)


def test_uk_complaints_go_to_the_controller_first_then_the_regulator():
    uk = regimes()["uk-gdpr"]
    assert uk.complaint.controller_first and "164A" in uk.complaint.controller_basis
    assert uk.kinds()[-2:] == ["controller-complaint", "complaint"]
    # s.164A(3): 30 days *beginning* with the day of receipt — 1 July counts as day one.
    assert due("uk-gdpr", "controller-complaint", dt.date(2026, 7, 1)).answer_by == dt.date(2026, 7, 30)
    assert uk.complaint.authority_basis == "Article 77 UK GDPR"
    assert "78(2)" not in uk.rule_for("complaint").cite and "166" in uk.rule_for("complaint").cite


def test_ccpa_deadlines_and_the_right_to_correct():
    ccpa = regimes()["ccpa"]
    assert list(ccpa.requests) == ["ccpa-know", "ccpa-delete", "ccpa-correct", "ccpa-opt-out", "ccpa-limit"]
    for kind in ("ccpa-know", "ccpa-delete", "ccpa-correct"):
        found = due("ccpa", kind)
        # the 90th day, Sunday 31 May, runs to Monday (Cal. Code Civ. Proc. § 12a)
        assert (found.answer_by, found.extended_by, found.confirm_by) == (dt.date(2026, 4, 16), dt.date(2026, 6, 1), dt.date(2026, 3, 16))
    assert due("ccpa", "ccpa-opt-out").answer_by == dt.date(2026, 3, 23)  # 15 business days
    assert due("ccpa", "ccpa-limit").answer_by == dt.date(2026, 3, 23)
    assert "1798.106" in ccpa.requests["ccpa-correct"].cites


def test_a_californian_deadline_on_a_weekend_runs_to_the_next_working_day():
    """Received Wednesday 6 January 2027: the 45th day is Saturday 20 February, and Monday 15 February is Presidents'
    Day; the time runs to Monday 22 February (Cal. Code Civ. Proc. § 12a), not the Saturday."""
    from optout.letters.deadlines import place_holidays

    found = deadlines.for_request("ccpa", "ccpa-delete", dt.date(2027, 1, 6), place_holidays("US", "US-CA"))
    assert found.answer_by == dt.date(2027, 2, 22)


def test_a_california_step_to_object_and_erase_asks_for_deletion():
    purpose = step_purpose("objection-form", "Object and ask for erasure of your data")
    assert purpose == "erasure"
    assert request_for_purpose(regimes()["ccpa"], purpose) == "ccpa-delete"
    assert request_for_purpose(regimes()["gdpr"], step_purpose("objection-form", "Object to AI training")) == "objection"


def test_an_objection_form_that_also_offers_a_copy_of_ones_data_is_an_objection():
    """OpenAI's privacy portal takes requests not to train, to remove data from answers, or for a copy of one's data:
    its letter pre-selected an access request."""
    from optout.catalog.loader import catalog

    portal = next(m for m in catalog()["openai-chatgpt"].mechanisms if m.id == "privacy-portal-request")
    purpose = step_purpose(portal.kind, " ".join([portal.id.replace("-", " "), portal.title, portal.summary]))
    assert purpose == "objection" and request_for_purpose(regimes()["gdpr"], purpose) == "objection"
    assert step_purpose("email-request", "Ask for a copy of your data") == "access"


def test_brazil_access_in_15_days_counted_as_the_civil_code_counts():
    lgpd = regimes()["lgpd"]
    assert list(lgpd.requests) == ["objection", "erasure", "access", "withdraw-consent"]
    assert due("lgpd", "access").answer_by == dt.date(2026, 3, 17)  # the day of the request not counted
    # 6 April + 15 = 21 April, Tiradentes (a national holiday): the next working day.
    assert due("lgpd", "access", dt.date(2026, 4, 6), deadlines.place_holidays("BR")).answer_by == dt.date(2026, 4, 22)
    assert lgpd.rule_for("access").statutory and not lgpd.rule_for("objection").statutory
    assert lgpd.complaint.authority_basis == "art. 18, § 1º LGPD" and not lgpd.complaint.controller_first


def test_switzerland_access_in_30_days_and_a_report_to_the_fdpic():
    fadp = regimes()["fadp"]
    assert list(fadp.requests) == ["objection", "erasure", "access"]
    assert due("fadp", "access").answer_by == dt.date(2026, 4, 1)
    assert fadp.rule_for("access").statutory and not fadp.rule_for("erasure").statutory
    assert fadp.complaint.authority_basis == "Art. 49 FADP" and fadp.rule_for("complaint") is None
    assert set(fadp.languages) == {"de-CH", "fr", "it", "en"}


def test_a_plain_request_claims_no_law_and_has_no_complaint():
    plain = regimes()["plain"]
    assert plain.kinds() == ["plain", "follow-up"] and not plain.requests["plain"].cites
    assert not plain.rule_for("plain").statutory
