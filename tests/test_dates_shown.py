"""Dates on pages go through the local_date / local_datetime / local_time filters (the person's zone, one format
per language). Django's own `date` and `time` filters are kept for machine-readable values only."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILTER = re.compile(r"(\|utc)?\|(date|time)(:(\"[^\"]*\"|'[^']*'))?")


def raw_date_filters(text: str) -> list[str]:
    """Uses of |date / |time other than ISO 8601 for attributes (|date:'c') and explicit UTC (|utc|date:…)."""
    found = []
    for match in FILTER.finditer(text):
        iso = match.group(2) == "date" and match.group(4) in ("'c'", '"c"')
        if not iso and not match.group(1):
            found.append(match.group(0))
    return found


def test_templates_show_dates_with_the_local_filters():
    problems = [f"{path.relative_to(ROOT)}:{number}: {use} — use |local_date, |local_datetime or |local_time"
                for path in sorted((ROOT / "optout").glob("**/templates/**/*.html"))
                for number, line in enumerate(path.read_text().splitlines(), 1)
                for use in raw_date_filters(line)]
    assert not problems, "\n".join(problems)


def test_the_check_tells_the_allowed_uses_apart():
    assert raw_date_filters('<time datetime="{{ e.at|date:\'c\' }}">{{ e.at|local_datetime }}</time>') == []
    assert raw_date_filters('{{ x|utc|date:"Y-m-d H:i" }} UTC') == []
    assert raw_date_filters('{{ x|date:"j F Y" }} {{ y|time:"H:i" }} {{ z|date }}') == ['|date:"j F Y"', '|time:"H:i"', "|date"]


def test_the_first_of_the_month_is_written_as_french_and_italian_write_it():
    import datetime as dt

    from django.utils import translation

    from optout.lib.dates import format_date

    expected = {"fr": ("1er janvier 2027", "11 janvier 2027"), "it": ("1° gennaio 2027", "11 gennaio 2027"),
                "de": ("1. Januar 2027", "11. Januar 2027"), "en": ("1 January 2027", "11 January 2027")}
    for language, (first, eleventh) in expected.items():
        with translation.override(language):
            assert (format_date(dt.date(2027, 1, 1)), format_date(dt.date(2027, 1, 11))) == (first, eleventh)
