"""The watch page says how far its flags can be trusted, in the words of the badges a person sees on its changes, in
every language: the figures are those of the tests on changes the judgement had never seen (README)."""

import re

import pytest
from django.conf import settings
from django.utils import translation

BADGES = ("About AI", "Maybe about AI")


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_the_watch_page_says_how_far_to_trust_its_flags_naming_the_badges_it_shows(client, db, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/watch/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    statement = re.search(r'<p id="how-far-to-trust">(.*?)</p>', page, re.S)
    assert statement, "the watch page says how far to trust its flags"
    with translation.override(language):
        badges = [translation.gettext(badge) for badge in BADGES]
    text = statement.group(1).replace("&#x27;", "'")
    for badge in badges:  # as the page's badges say it: an untranslated statement would name the English badges
        assert badge in text, (language, badge)


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_a_signed_in_person_is_shown_where_to_choose_which_flags_reach_them(alice_client, language):
    alice_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = alice_client.get("/watch/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    statement = re.search(r'<p id="how-far-to-trust">(.*?)</p>', page, re.S).group(1)
    link = re.search(r'<a href="/me/#notifications">(.*?)</a>', statement)
    assert link, "the statement leads to the setting"
    with translation.override(language):
        assert translation.gettext("Maybe about AI") in link.group(1), (language, link.group(1))


def test_no_one_signed_out_is_sent_to_settings(client, db):
    assert "#notifications" not in client.get("/watch/").content.decode()
