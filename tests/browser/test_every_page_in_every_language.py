"""Every page, in all eight languages, at 375 px (a phone) and 1280 px: no axe violation, no sideways scrolling,
the page's language set, and (on a phone) the navigation behind the Menu button but after the content.

One browser, one page load per page and language; axe runs at both widths without reloading (the layout
follows the viewport), with only violations collected; colour contrast, which does not depend on the language,
is checked on the English pages. About 40 pages × 8 languages × 2 widths.
"""

import hashlib
from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python
from django.conf import settings as django_settings
from django.test import Client
from django.urls import get_resolver, reverse

from conftest import make_plan
from optout.web.templatetags.words import language_tag

LANGUAGES = [code for code, _ in django_settings.LANGUAGES]
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]},
               "resultTypes": ["violations"]}
WIDEST = """[...document.querySelectorAll('main *, nav *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.visually-hidden'))
  .slice(-3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '')
  + ' ' + JSON.stringify((e.textContent || '').trim().slice(0, 30))).join(', ')"""
# Routes that are not pages: form targets, downloads and feeds.
NOT_PAGES = {
    "accounts:platform_add", "accounts:platform_remove", "accounts:policy_news", "plans:start", "plans:action_status", "plans:action_note",
    "plans:action_screenshot", "plans:action_email", "plans:action_code", "plans:action_sent", "plans:action_reason",
    "plans:action_opened", "plans:action_form_failed", "plans:action_form_again", "plans:evidence_file", "plans:import",
    "plans:calendar_download", "plans:calendar_feed", "letters:download", "letters:sent", "letters:answer",
    "letters:follow_up", "letters:complaint", "letters:controller_complaint", "letters:pause", "letters:resume",
    "watch:person_feed", "watch:platform_feed", "media:save_preset", "media:delete_preset", "notify:mark_read",
    "notify:channel_remove", "notify:open", "catalog:review_patch",
}
OUR_APPS = {"web", "catalog", "accounts", "plans", "letters", "watch", "site", "media", "notify", "ops"}


def our_routes() -> set[str]:
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace in OUR_APPS and pattern.name:
                names.add(f"{namespace}:{pattern.name}")
    walk(get_resolver().url_patterns)
    return names


def pages_for(user) -> dict[str, str]:
    """One URL per page a person can open, with the data it needs."""
    from optout.accounts.services import email_off_link
    from optout.catalog.models import Correction
    from optout.letters import services as letters
    from optout.plans.models import Action
    from optout.watch.models import Version, WatchedDocument

    actions = make_plan(user, "EU", ["instagram", "linkedin", "x"])
    objection = Action.objects.get(owner=user, mechanism="eu-objection-form", platform="instagram")
    setting = next(a for a in actions if a.mechanism != "eu-objection-form")
    letter = letters.draft_request(user, platform="instagram", kind="objection", language="en", name="Alice Example",
                                   email=user.email)
    document = WatchedDocument.objects.create(platform="instagram", doc_id="privacy-policy", title="Privacy Policy",
                                              type="privacy", url="https://privacycenter.instagram.com/policy")
    first = Version.objects.create(document=document, text="We use your posts.", text_hash=hashlib.sha256(b"1").hexdigest())
    version = Version.objects.create(document=document, text="We use your posts to train AI.",
                                     text_hash=hashlib.sha256(b"2").hexdigest(), changed_from=first)
    correction = Correction.objects.create(platform="instagram", where="eu-objection-form", what="The form moved.",
                                           owner=user)
    from optout.plans import services as plans

    proof = plans.add_note(objection, "Sent the form today.")
    pages = {
        "web:home": "/", "web:about": reverse("web:about"),
        "catalog:index": reverse("catalog:index"), "catalog:detail": reverse("catalog:detail", args=["instagram"]),
        "catalog:correct": reverse("catalog:correct", args=["instagram"]),
        "catalog:my_corrections": reverse("catalog:my_corrections"),
        "catalog:review_queue": reverse("catalog:review_queue"),
        "catalog:review": reverse("catalog:review", args=[correction.token]),
        "catalog:correction": reverse("catalog:correction", args=[correction.token]),
        "accounts:settings": reverse("accounts:settings"), "accounts:delete": reverse("accounts:delete"),
        "accounts:platforms": reverse("accounts:platforms"),
        "accounts:email_off": urlsplit(email_off_link(user)).path,
        "accounts:platform_edit": reverse("accounts:platform_edit", args=[user.platform_accounts.first().id]),
        "plans:dashboard": reverse("plans:dashboard"), "plans:plan": reverse("plans:plan"),
        "plans:start_where": reverse("plans:start_where"), "plans:start_platforms": reverse("plans:start_platforms"),
        "plans:start_accounts": reverse("plans:start_accounts"), "plans:start_about": reverse("plans:start_about"),
        "plans:action": reverse("plans:action", args=[objection.number]),
        "plans:action (a setting)": reverse("plans:action", args=[setting.number]),
        "plans:report": reverse("plans:report"), "plans:export": reverse("plans:export"),
        "plans:calendar": reverse("plans:calendar"),
        "letters:index": reverse("letters:index"), "letters:new": reverse("letters:new"),
        "letters:detail": reverse("letters:detail", args=[letter.number]),
        "letters:delete": reverse("letters:delete", args=[letter.number]),
        "plans:evidence_delete": reverse("plans:evidence_delete", args=[proof.id]),
        "watch:index": reverse("watch:index"), "watch:platform": reverse("watch:platform", args=["instagram"]),
        "watch:version": reverse("watch:version", args=[version.id]),
        "site:index": reverse("site:index"), "media:index": reverse("media:index"),
        "notify:channels": reverse("notify:channels"), "ops:health": reverse("ops:health"),
        "allauth: e-mail addresses": "/accounts/email/", "allauth: password": "/accounts/password/change/",
        "allauth: two-factor": "/accounts/2fa/", "not found": "/no-such-page/",
    }
    return pages


ANONYMOUS_PAGES = {"log in": "/accounts/login/", "sign up": "/accounts/signup/",
                   "reset password": "/accounts/password/reset/"}


def test_the_page_list_covers_every_page():
    listed = {name.split(" (")[0] for name in pages_for.__code__.co_consts if isinstance(name, str) and ":" in name}
    missing = our_routes() - NOT_PAGES - listed
    assert not missing, f"add these pages to pages_for() in {Path(__file__).name} (or to NOT_PAGES): {sorted(missing)}"



def _check(page, path: str, language: str) -> list[str]:
    problems = []
    response = page.goto(path)
    if response is None or response.status not in (200, 404, 503):  # 503: the health page when no worker runs
        return [f"{path} [{language}]: HTTP {response.status if response else 'no answer'}"]
    title = page.title()
    if not title.strip() or "<" in title or "{" in title:  # markup or template text pasted into <title>
        problems.append(f"{path} [{language}]: title is {title[:80]!r}")
    if page.evaluate("document.documentElement.lang") != language_tag(language):  # Portuguese: pt-PT
        problems.append(f"{path} [{language}]: <html lang> is {page.evaluate('document.documentElement.lang')!r}")
    # Colours do not depend on the language: contrast (axe's slowest rule) is checked on the English pages.
    options = AXE_OPTIONS if language == "en" else {**AXE_OPTIONS, "rules": {"color-contrast": {"enabled": False}}}
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        result = page.evaluate("options => axe.run(document, options)", options)
        for violation in result["violations"]:
            targets = "; ".join(str(node["target"]) for node in violation["nodes"][:3])
            problems.append(f"{path} [{language}, {width}px]: {violation['id']} — {violation['help']} ({targets})")
        if width == 375:  # checked after axe: axe's own helpers leave nothing on the page
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                wide = page.evaluate(WIDEST)
                problems.append(f"{path} [{language}, 375px]: scrolls sideways by {overflow}px ({wide})")
    return problems


def test_every_page_in_every_language_at_phone_and_desktop_width(browser, live_server, alice, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    alice.is_staff = alice.is_superuser = True
    alice.save()
    pages = pages_for(alice)
    client = Client()
    client.force_login(alice)
    problems = []
    for anonymous in (False, True):
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        if not anonymous:
            context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                                  "url": live_server.url}])
        context.add_init_script(AXE_SOURCE)  # axe is in every page from the start (no 500 kB sent per page)
        page = context.new_page()
        page.set_default_timeout(15_000)
        for language in LANGUAGES:
            context.add_cookies([{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language,
                                  "url": live_server.url}])
            for path in (ANONYMOUS_PAGES if anonymous else pages).values():
                problems += _check(page, path, language)
        context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])


def test_on_a_phone_the_content_comes_first_and_the_menu_opens_the_navigation(browser, live_server, alice):
    client = Client()
    client.force_login(alice)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto("/plan/")
    order = page.evaluate("[...document.body.children].map(e => e.id || e.className)")
    assert order.index("main") < order.index("site-nav")  # screen readers and keyboards reach the content first
    nav = page.get_by_role("navigation", name="Main")
    assert not nav.is_visible()
    menu = page.get_by_role("button", name="Menu")
    menu.click()
    assert nav.is_visible() and menu.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="Letters").is_visible()
    page.keyboard.press("Tab")  # the focus went into the menu
    menu.click()
    assert not nav.is_visible()
    # The skip link is still the first thing to reach.
    page.goto("/plan/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    # At desktop width the navigation is shown at the top without the menu button.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert nav.is_visible() and not menu.is_visible()
    nav_top = nav.bounding_box()["y"]
    main_top = page.locator("main").bounding_box()["y"]
    assert nav_top < main_top
    context.close()
