"""The interface's language: from the browser at first, then the one chosen in the menu, remembered."""

from django.urls import reverse


def test_the_browsers_language_is_used(client, db):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="pl-PL,pl;q=0.9,en;q=0.5").content.decode()
    assert '<html lang="pl">' in html and "Przejdź do treści" in html  # the skip link, in Polish
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert '<html lang="en">' in html  # a language optout does not speak: English


def test_the_chosen_language_is_remembered_over_the_browsers(client, db):
    response = client.post(reverse("set_language"), {"language": "nl", "next": "/catalog/"})
    assert response.status_code == 302 and response["Location"] == "/catalog/"
    html = client.get("/catalog/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="nl">' in html and "Platforms en hun AI-opt-outs" in html
    assert 'option value="nl" lang="nl" selected' in html


def test_the_menu_offers_all_eight_languages_each_in_its_own_name(client, db):
    html = client.get("/").content.decode()
    for code, name in [("en", "English"), ("de", "Deutsch"), ("fr", "Français"), ("es", "Español"),
                       ("it", "Italiano"), ("nl", "Nederlands"), ("pl", "Polski"), ("pt", "Português")]:
        assert f'<option value="{code}" lang="{code}"' in html and f">{name}</option>" in html


def test_portuguese_pages_say_they_are_portugals(client, db):
    """`lang="pt"` left screen readers and hyphenation to guess which Portuguese; optout's is Portugal's."""
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="pt-PT,pt;q=0.9").content.decode()
    assert '<html lang="pt-PT">' in html
