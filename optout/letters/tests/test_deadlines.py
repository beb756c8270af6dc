"""Deadline arithmetic, as the law counts: calendar months, month ends, leap years, weekends, holidays."""

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from optout.letters import deadlines
from optout.letters.deadlines import (
    add_business_days,
    add_months,
    is_working_day,
    next_working_day,
    place_holidays,
)

days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))
holiday_sets = st.frozensets(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2091, 6, 30)), max_size=40)


@given(days, st.integers(0, 36))
def test_add_months_keeps_the_date_or_takes_the_months_last_day(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(day.day, last)


@given(days, holiday_sets)
def test_next_working_day_is_the_first_working_day_on_or_after(day, holidays):
    result = next_working_day(day, holidays)
    assert result >= day and is_working_day(result, holidays)
    between = (day + dt.timedelta(days=n) for n in range((result - day).days))
    assert not any(is_working_day(d, holidays) for d in between)


@given(days, st.integers(0, 60), holiday_sets)
def test_business_days_count_only_working_days(day, count, holidays):
    result = add_business_days(day, count, holidays)
    counted = [day + dt.timedelta(days=n) for n in range(1, (result - day).days + 1)]
    assert sum(is_working_day(d, holidays) for d in counted) == count
    assert count == 0 or is_working_day(result, holidays)


@given(days, holiday_sets)
def test_gdpr_deadline_is_one_calendar_month_then_the_next_working_day(received, holidays):
    found = deadlines.gdpr(received, holidays)
    assert found.answer_by == next_working_day(add_months(received, 1), holidays)
    assert found.extended_by == next_working_day(add_months(received, 3), holidays)
    assert found.answer_by > received and found.extended_by > found.answer_by


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (dt.date(2026, 1, 31), dt.date(2026, 3, 2)),   # 28 Feb 2026 is a Saturday → Monday 2 March
        (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),  # leap year: 29 Feb 2028 is a Tuesday
        (dt.date(2026, 3, 31), dt.date(2026, 4, 30)),  # April has no 31st
        (dt.date(2026, 2, 17), dt.date(2026, 3, 18)),  # 17 March is St Patrick's Day in Ireland
        (dt.date(2026, 11, 25), dt.date(2026, 12, 28)),  # 25, 26 Dec holidays, 27 Dec Sunday in Ireland
    ],
)
def test_gdpr_examples_with_irish_holidays(received, expected):
    assert deadlines.gdpr(received, place_holidays("IE")).answer_by == expected


def test_ccpa_counts_california_business_days_and_45_calendar_days():
    received = dt.date(2026, 11, 20)  # a Friday; Thanksgiving and the day after are state holidays
    found = deadlines.ccpa(received, place_holidays("US", "US-CA"))
    assert found.confirm_by == dt.date(2026, 12, 8)
    assert found.answer_by == dt.date(2027, 1, 4) and found.extended_by == dt.date(2027, 2, 18)
    opt_out = deadlines.ccpa(received, place_holidays("US", "US-CA"), kind="ccpa-opt-out")
    assert opt_out.answer_by == dt.date(2026, 12, 15) and opt_out.extended_by is None


def test_an_unknown_country_has_no_holidays_but_still_skips_weekends():
    assert deadlines.gdpr(dt.date(2026, 1, 31), place_holidays("ZZ")).answer_by == dt.date(2026, 3, 2)


def test_holidays_come_from_the_cache_as_the_package_gives_them(tmp_path, monkeypatch):
    monkeypatch.setenv("OPTOUT_CACHE_DIR", str(tmp_path))
    deadlines.holidays_for.cache_clear()
    try:
        first = deadlines.holidays_for("DE", "DE-BY", 2026)
        [kept] = tmp_path.glob("holidays-DE-BY-2026-*.pickle")
        assert dt.date(2026, 1, 6) in first, "Epiphany is a holiday in Bavaria"
        assert first == deadlines._holidays_from_package("DE", "BY", 2026)
        kept.write_bytes(b"not a pickle")  # a damaged cache file is rebuilt, never trusted
        deadlines.holidays_for.cache_clear()
        assert deadlines.holidays_for("DE", "DE-BY", 2026) == first
        monkeypatch.setattr(deadlines, "_holidays_version", lambda: "another release of holidays")
        deadlines.holidays_for.cache_clear()
        assert deadlines.holidays_for("DE", "DE-BY", 2026) == first
        assert len(list(tmp_path.glob("holidays-DE-BY-2026-*.pickle"))) == 1, "the old release's dates are dropped"
    finally:
        deadlines.holidays_for.cache_clear()


@pytest.mark.parametrize(("received", "paused", "expected"), [
    (dt.date(2026, 1, 31), 1, dt.date(2026, 3, 2)),  # 28 Feb + 1 = Sunday 1 Mar → Monday 2 Mar (was 3 Mar)
    (dt.date(2026, 1, 31), 2, dt.date(2026, 3, 2)),  # + 2 = Monday 2 Mar (was 4 Mar)
    (dt.date(2026, 3, 5), 1, dt.date(2026, 4, 6)),   # 5 Apr + 1 = Monday 6 Apr, no holidays given (was 8 Apr)
    (dt.date(2026, 3, 4), 0, dt.date(2026, 4, 6)),   # Saturday 4 Apr → Monday 6 Apr
])
def test_the_days_a_uk_clock_stood_still_are_added_before_the_last_day_moves_off_a_weekend(received, paused, expected):
    """The paused days were added after the last day had already moved to a working day, so a pause of one day
    could cost the company two or three more."""
    from optout.letters.regimes import regimes

    rule = regimes()["uk-gdpr"].rule_for("access")
    assert deadlines.compute(rule, received, (), paused).answer_by == expected
