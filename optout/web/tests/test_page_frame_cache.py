"""The page frame (header, menu, footer) is rendered once per language and section and kept in the "pages"
cache; what belongs to one person — signed in or not, their unread news, the CSRF token — never comes from it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from optout.accounts.models import Profile
from optout.accounts.services import set_region
from optout.notify.services import mark_read, notify, unread


def _menu(html: str) -> str:
    """The menu, with the CSRF tokens (masked afresh on every page) left out."""
    menu = re.search(r'<nav id="site-nav".*?</nav>', html, re.S).group(0)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', menu)


def test_signed_in_and_anonymous_visitors_each_get_their_own_menu(alice_client):
    client = Client()
    anonymous = _menu(client.get("/catalog/").content.decode())
    signed_in = _menu(alice_client.get("/catalog/").content.decode())
    again = _menu(client.get("/catalog/").content.decode())
    assert "Log in" in anonymous and "My plan" not in anonymous and anonymous == again
    assert "Log out" in signed_in and "My plan" in signed_in and "Log in" not in signed_in


def test_the_current_section_is_marked_on_each_page(alice_client):
    catalog = _menu(alice_client.get("/catalog/").content.decode())
    account = _menu(alice_client.get(reverse("accounts:settings")).content.decode())
    assert re.search(r'href="/catalog/" aria-current="page"', catalog)
    assert not re.search(r'aria-current="page">Account<', catalog)
    assert not re.search(r'href="/catalog/" aria-current="page"', account)
    assert re.search(r'aria-current="page">Account<', account)


def test_the_menu_follows_the_language(client, db):
    english = client.get("/catalog/").content.decode()
    client.post(reverse("set_language"), {"language": "de", "next": "/catalog/"})
    german = client.get("/catalog/").content.decode()
    assert '<html lang="de">' in german and "Plattformen" in _menu(german) and "Plattformen" not in _menu(english)
    assert 'option value="de" lang="de" selected' in german


@pytest.mark.parametrize("with_profiles", [True, False])  # counted with the profile read, or on its own
def test_each_person_sees_their_own_unread_count_and_a_change_on_the_next_page(alice, bob, alice_client, bob_client,
                                                                             with_profiles):
    if with_profiles:
        set_region(alice, "EU")
        set_region(bob, "UK")
    assert Profile.objects.filter(owner__in=[alice, bob]).count() == (2 if with_profiles else 0)
    notify(alice, "Instagram changed its privacy policy.")
    notify(alice, "Reddit changed its terms.")
    assert 'news-badge"><span aria-hidden="true">2<' in alice_client.get("/catalog/").content.decode()
    assert "news-badge" not in bob_client.get("/catalog/").content.decode()
    mark_read(alice, unread(alice).values_list("id", flat=True))
    assert "news-badge" not in alice_client.get("/catalog/").content.decode()
    notify(bob, "LinkedIn changed its settings.")
    assert 'news-badge"><span aria-hidden="true">1<' in bob_client.get("/catalog/").content.decode()


def test_the_menus_forms_carry_this_visitors_own_csrf_token(db):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = []
    for c in (first, second):
        menu = re.search(r'<nav id="site-nav".*?</nav>', c.get("/catalog/").content.decode(), re.S).group(0)
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', menu).group(1))
    refused = second.post(reverse("set_language"), {"language": "fr", "next": "/", "csrfmiddlewaretoken": tokens[0]})
    assert refused.status_code == 403
    for c, token in zip((first, second), tokens, strict=True):
        response = c.post(reverse("set_language"), {"language": "fr", "next": "/", "csrfmiddlewaretoken": token})
        assert response.status_code == 302
