"""What a screen reader or a keyboard meets in the markup: refused forms that say so first, controls named in
full, English catalog and policy text marked as English on pages in another language."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_plan


class _Page(HTMLParser):
    """The page's title, its elements' attributes, and the text inside each element with an id."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.elements: list[tuple[str, dict]] = []
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def find(self, tag=None, **attrs) -> list[dict]:
        return [a for t, a in self.elements if (tag is None or t == tag)
                and all(a.get(k.rstrip("_").replace("_", "-"), "absent") == v for k, v in attrs.items())]


def summary_links(html: str) -> list[str]:
    summary = re.search(r'<div class="notice error error-summary".*?</div>', html, re.S)
    assert summary, "no error summary"
    return re.findall(r'href="#([^"]+)"', summary.group(0))


def assert_error_page(response, *fields: str):
    """The title starts with "Error:", the summary opens the main content and links to each field, which exists."""
    html = response.content.decode()
    page = _Page(html)
    assert page.title.strip().startswith("Error: "), page.title
    main = html.index('<main id="main"')
    assert html.index("error-summary") - main < 300, "the summary is not the first thing in the main content"
    assert page.find("div", id="error-summary", tabindex="-1", data_focus_on_load=None)
    links = summary_links(html)
    for field in fields:
        assert field in links, (field, links)
    for link in links:
        assert page.find(id=link), f"the summary links to #{link}, which is not on the page"


# -- 3. A refused form says so first -------------------------------------------------------------------------------

def test_refused_forms_put_error_in_the_title_and_a_summary_first(alice_client, alice, settings):
    from django.test import Client

    settings.ACCOUNT_RATE_LIMITS = False
    response = Client().post(reverse("account_signup"), {"email": "not an address", "password1": "x", "password2": "y"})
    assert_error_page(response, "id_email")

    make_plan(alice, "EU", ["instagram"])
    data = {"platform": "instagram", "kind": "objection", "language": "en", "name": "", "address": "1 Rue de Rivoli",
            "email": "alice@example.org", "account": "", "contents": [], "harms": [], "own_words": "",
            "recipient_name": "Meta", "recipient_address": "Dublin", "recipient_email": ""}
    response = alice_client.post(reverse("letters:new"), data)
    assert response.status_code == 400
    assert_error_page(response, "id_name")  # a template that renders its fields one by one is covered too

    response = alice_client.post(reverse("notify:channels"), {"url": "not a url"})
    assert response.status_code == 400
    assert_error_page(response, "id_url")

    # A page with forms that nobody sent says nothing of errors.
    page = _Page(alice_client.get(reverse("notify:channels")).content.decode())
    assert not page.title.startswith("Error") and not page.find(id="error-summary")


def test_a_refused_sent_date_on_a_letter_is_summed_up(alice_client, alice):
    from optout.letters import services

    make_plan(alice, "EU", ["instagram"])
    letter = services.draft_request(alice, platform="instagram", kind="objection", own_words="My drawings.",
                                    language="en", name="Alice Example", address="Hauptstr. 1",
                                    email="alice@example.org")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = alice_client.post(reverse("letters:sent", args=[letter.number]), {"sent_on": tomorrow, "channel": "email"})
    assert response.status_code == 400
    assert_error_page(response)
    assert any(link.endswith("sent_on") for link in summary_links(response.content.decode()))


def test_the_wizard_says_when_no_platform_is_ticked(alice_client):
    response = alice_client.post(reverse("plans:start_platforms"), {})
    page = _Page(response.content.decode())
    assert page.title.startswith("Error: ")
    assert page.find("p", id="platforms-error", role="alert", tabindex="-1", data_focus_on_load=None)
    assert not page.find(id="error-summary")  # the notice is the summary: said once
    # Its filter reports how many platforms are left, in words the template translates.
    [status] = page.find("p", id="platform-filter-status", role="status")
    assert status["data-shown"] == "Platforms shown: {count}" and status["data-none"].startswith("No platform matches")
    assert page.find("input", id="platform-filter", data_filter_status="#platform-filter-status")


def test_a_preset_without_a_name_says_so_at_the_name_and_not_about_images(alice_client):
    response = alice_client.post(reverse("media:save_preset"), {"name": "", "rights_statement": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert_error_page(response, "preset-name")
    page = _Page(html)
    assert page.find("input", id="preset-name", aria_invalid="true", aria_describedby="preset-name_error")
    assert re.search(r'<ul class="errorlist" id="preset-name_error"><li>This field is required.</li></ul>', html)
    assert "Choose at least one image." not in html
    assert "The preset was not saved" not in html  # said once, at the field and in the summary


# -- 4, 5, 6, 7, 8. Live regions, the menu ----------------------------------------------------------------------

def test_the_reason_saved_time_is_a_status_that_stays_and_a_failed_save_has_its_alert(alice_client, alice):
    actions = make_plan(alice, "EU", ["instagram"])
    action = next(a for a in actions if a.mechanism == "eu-objection-form")
    page = _Page(alice_client.get(action.get_absolute_url()).content.decode())
    assert page.find("span", id="reason-saved", role="status")
    assert page.find("span", id="reason-failed", role="alert")
    [form] = page.find("form", class_="reason-form")
    assert form["data-save-failed"] == "Not saved — try again."
    assert (form["data-save-status"], form["data-save-alert"]) == ("#reason-saved", "#reason-failed")
    # Saved with htmx: the time goes into the status that stays in the page, not into the text that is replaced.
    answer = alice_client.post(reverse("plans:action_reason", args=[action.number]),
                               {"language": "en", "contents": ["artwork"], "own_words": "Mine."}, headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert re.search(r'<span id="reason-saved" hx-swap-oob="innerHTML">Saved at [^<]+</span>', answer.content.decode())


def test_catalog_results_announce_their_count_not_the_whole_list(client):
    html = client.get(reverse("catalog:index")).content.decode()
    page = _Page(html)
    [results] = page.find("div", id="results")
    assert "aria-live" not in results and results["data-count-status"] == "#result-status"
    assert page.find("p", id="result-status", role="status")


def test_the_region_menu_waits_for_its_button(client, db):
    html = client.get(reverse("catalog:detail", args=["linkedin"])).content.decode()
    assert "data-autosubmit" not in html
    assert re.search(r'<select id="region" name="region">', html) and "Show my steps" in html


def test_every_page_offers_to_skip_to_the_menu_and_its_toggle_is_a_button(client):
    page = _Page(client.get(reverse("catalog:index")).content.decode())
    assert [a["href"] for a in page.find("a", class_="skip-link")] == ["#main", "#site-nav"]
    assert page.find("button", class_="menu-button", type="button", aria_controls="site-nav", aria_expanded="false")
    assert not page.find("a", class_="menu-button")


# -- 11, 12. Names that make sense out of context; changes said in words --------------------------------------------

def test_buttons_say_what_they_act_on(alice_client, alice):
    from optout.notify.models import Channel

    html = alice_client.post(reverse("site:index"), {"action": "generate"}).content.decode()
    copies = re.findall(r'data-copy="#text-\d+"[^>]*>Copy<span class="visually-hidden"> ([^<]+)</span></button>', html)
    assert "robots.txt" in copies and len(copies) == len(set(copies)) > 1

    Channel.objects.create(owner=alice, url="json://example.org/hook", label="My phone")
    html = alice_client.get(reverse("notify:channels")).content.decode()
    assert re.search(r'>Remove<span class="visually-hidden"> My phone</span></button>', html)

    page = _Page(alice_client.get(reverse("accounts:settings")).content.decode())
    labelled = [b["aria-labelledby"].split() for b in page.find("button", type="submit") if "aria-labelledby" in b]
    assert len(labelled) == 2
    for own, heading in labelled:
        assert page.find("button", id=own) and page.find("h2", id=heading)


@pytest.fixture
def changed_policy(alice):
    from optout.watch import services
    from optout.watch.models import WatchedDocument
    from optout.watch.normalise import normalise, text_hash

    old = "# Privacy Policy\n\nWe collect your name.\n\nWe use data to keep LinkedIn safe.\n"
    new = old.replace("your name", "your name and e-mail") + "\nWe may use your posts to train generative AI models.\n"
    services.sync_documents()
    document = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    services.record_text(document, normalise(old), text_hash(normalise(old)), timezone.now() - dt.timedelta(days=9))
    return services.record_text(document, normalise(new), text_hash(normalise(new)), timezone.now())


def test_a_diff_says_added_and_removed_in_words(client, changed_policy):
    url = changed_policy.get_absolute_url()
    inline = client.get(url).content.decode()
    assert '<ins><span class="visually-hidden" lang="en">Added: </span>' in inline
    side = client.get(url, {"view": "side"}).content.decode()
    assert re.search(r'<ins><span class="visually-hidden" lang="en">Added: </span><span lang="en">', side)
    assert re.search(r'<del><span class="visually-hidden" lang="en">Removed: </span><span lang="en">', side)


# -- 10. English text on pages in another language ------------------------------------------------------------------

def test_english_text_is_marked_as_english_on_german_pages(client, alice, changed_policy):
    client.cookies["django_language"] = "de"
    client.force_login(alice)
    actions = make_plan(alice, "EU", ["linkedin"])
    step = next(a for a in actions if a.source == "catalog")

    html = unescape(client.get(step.get_absolute_url()).content.decode())
    assert f'<h1 lang="en">{step.title}</h1>' in html
    plan = unescape(client.get(reverse("plans:plan")).content.decode())
    assert f'<span lang="en">{step.title}</span>' in plan
    generic = next((a for a in actions if a.source != "catalog"), None)
    if generic:  # optout's own steps are translated: not marked
        assert f"<span>{generic.title}</span>" in plan

    version = client.get(changed_policy.get_absolute_url()).content.decode()
    # The policy's text is English; "Added:" around it is German, and says so.
    assert re.search(r'<p class="added" lang="en"><ins><span class="visually-hidden" lang="de">[^<:]+: </span>', version)
    reasons = re.search(r"<ul><li><strong>.*?</ul>", version, re.S)
    assert reasons and '<span lang="en">' in reasons.group(0)

    site = client.get(reverse("site:index")).content.decode()
    assert re.search(r'<p lang="en">[^<]+</p>\s*<ol class="steps" lang="en">', site)

    detail = client.get(reverse("catalog:detail", args=["linkedin"]), {"region": "EU"}).content.decode()
    assert re.search(r'<ul class="sources">\s*<li>\s*<a href="[^"]+" rel="noopener noreferrer" lang="en">', detail)
    assert re.search(r'<h4>[^<]+</h4><ul lang="en">', detail)  # what a way to opt out covers


# -- 13. A refused file, said plainly and where it can be seen -----------------------------------------------------

def test_an_unreadable_certificate_is_named_in_plain_words_beside_its_field(client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from conftest import png_bytes

    response = client.post(reverse("media:index"), {
        "images": [SimpleUploadedFile("w.png", png_bytes())],
        "data_mining": "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED",
        "sign_cert": SimpleUploadedFile("my-chain.pem", b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
        "sign_key": SimpleUploadedFile("my-key.pem", b"not a key"),
    })
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "asn1" not in html and "ParseError" not in html
    assert "“my-chain.pem” is not a certificate optout can read." in html
    assert "“my-key.pem” is not a private key optout can read." in html
    assert_error_page(response, "id_sign_cert", "id_sign_key")
    assert re.search(r"<details open>\s*<summary>Content Credentials \(optional\)</summary>", html)


def test_a_refused_proof_on_an_objection_step_opens_the_part_it_is_in(alice_client, alice):
    actions = make_plan(alice, "EU", ["instagram"])
    objection = next(a for a in actions if a.mechanism == "eu-objection-form")
    closed = alice_client.get(objection.get_absolute_url()).content.decode()
    assert '<details class="more"><summary>' in closed
    response = alice_client.post(reverse("plans:action_screenshot", args=[objection.number]), {"note": "x"})
    assert response.status_code == 400
    assert '<details class="more" open><summary>' in response.content.decode()
    assert_error_page(response, "shot_screenshot")
