"""Fuzzing the evaluator: any bytes parse, the matcher agrees with a regex, and a block-all group blocks all."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optout.site.robots import RobotsTxt, matches

path_chars = st.sampled_from(list("/ab*$.?=&%-_") + ["ツ"])


def regex_matches(path, pattern):
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    expression = "".join(".*" if c == "*" else re.escape(c) for c in body)
    return re.match(expression + ("$" if anchored else ""), path, re.S) is not None


@pytest.mark.slow
@settings(max_examples=500)
@given(st.text(path_chars, max_size=12), st.text(path_chars, max_size=8))
def test_matcher_agrees_with_a_regular_expression(path, pattern):
    assert matches(path, pattern) == regex_matches(path, pattern)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.text(max_size=30), st.text(max_size=40))
def test_any_bytes_parse_and_answer(body, agent, url):
    assert RobotsTxt.parse(body).is_allowed(agent, url) in (True, False)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[A-Za-z_-]{1,20}", fullmatch=True), st.text(st.characters(blacklist_categories=["Cs"]), max_size=300),
       st.text(path_chars, max_size=20))
def test_a_group_that_blocks_everything_blocks_its_agent(token, other_rules, path):
    body = f"{other_rules}\nUser-agent: {token}\nDisallow: /\n"
    robots = RobotsTxt.parse(body)
    url = "https://example.org/" + path.lstrip("/")
    if "/robots.txt" != "/" + path.lstrip("/").split("?")[0] and not _names_token_with_allow(other_rules, token):
        assert robots.is_allowed(token, url) is False


def _names_token_with_allow(text, token):
    return token.lower() in text.lower()
