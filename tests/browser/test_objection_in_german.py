"""Done-when for issue 19: in German, a person in Berlin objects to Meta from start to finish.

Reason written in German (saved as typed), the page reloaded in the middle, the clock shown in Berlin
time, Meta's confirmation attached; then the form "fails" and the objection letter opens with the same reason.
"""

import datetime as dt
import re
import zoneinfo

from django.test import Client
from playwright.sync_api import expect

from conftest import CONFIRMATION_EML, assert_accessible, make_plan
from optout.plans.models import Action, Objection

OWN_WORDS = "Meine Illustrationen sind mein Einkommen, und mein Stil ist mein Name"


def _logged_in_context(browser, live_server, user, **options):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, **options)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context


def test_a_person_in_berlin_objects_to_meta_in_german(browser, live_server, alice, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    make_plan(alice, "EU", ["instagram"], creator_kind="visual-artist")
    step = Action.objects.get(owner=alice, mechanism="eu-objection-form")
    context = _logged_in_context(browser, live_server, alice, locale="de-DE", timezone_id="Europe/Berlin",
                                 extra_http_headers={"Accept-Language": "de-DE,de;q=0.9"},
                                 viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/plan/")  # the browser's zone (Europe/Berlin) is remembered from the first page
    expect(page.get_by_role("heading", level=1)).to_have_text("Mein Plan")

    # 1 — the reason, in German, saved as typed.
    page.goto(f"/plan/steps/{step.number}/")
    expect(page.get_by_role("heading", name="Begründung schreiben")).to_be_visible()
    expect(page.get_by_label("Sprache des Textes")).to_have_value("de")
    page.get_by_label("meine Kunstwerke und Illustrationen").check()
    page.get_by_label("In Ihren eigenen Worten (freiwillig)").fill(OWN_WORDS)
    reason = page.locator("#reason-text")
    expect(reason).to_have_value(re.compile("Ich widerspreche der Nutzung meiner personenbezogenen Daten"))
    expect(reason).to_have_value(re.compile(re.escape(OWN_WORDS + ".")))
    expect(reason).to_have_value(re.compile("Ich zeichne und illustriere und veröffentliche meine Arbeiten"))
    expect(page.locator(".reason-saved")).to_be_visible()
    assert_accessible(page)
    # Leaving the box saves it once more ("change"): let that save end before the next click starts another request,
    # so what the test reads next does not depend on which of the two the server finishes first.
    page.get_by_label("In Ihren eigenen Worten (freiwillig)").blur()
    page.wait_for_load_state("networkidle")

    # 2 — open the form (it opens in a new tab; optout notes that it was opened).
    # The page tells optout in the background; wait for that answer, or a busy server may see the reload first.
    opened = f"/plan/steps/{step.number}/opened/"
    with page.expect_response(lambda r: r.url.endswith(opened) and r.request.method == "POST") as marked:
        with page.expect_popup() as popup:
            page.get_by_role("link", name=re.compile("Formular von Instagram öffnen")).click()
    assert marked.value.ok
    popup.value.close()
    page.reload()  # midway: everything typed is still there
    expect(page.get_by_label("In Ihren eigenen Worten (freiwillig)")).to_have_value(OWN_WORDS)
    expect(page.get_by_label("meine Kunstwerke und Illustrationen")).to_be_checked()
    expect(page.locator("#reason-text")).to_have_value(re.compile(re.escape(OWN_WORDS)))
    expect(page.locator("li#form")).to_have_class(re.compile(r"\bdone\b"))

    # 3 — the clock, in Berlin time.
    page.get_by_role("button", name="Ich habe den Code angefordert – Uhr starten").click()
    step.refresh_from_db()
    berlin = step.code_expires_at.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
    expect(page.locator(".countdown")).to_contain_text(f"Der Code gilt bis {berlin:%H:%M} Uhr (Zeitzone Europe/Berlin).")
    expect(page.locator(".countdown-left")).to_have_text(re.compile(r"^Noch (59|60):\d\d$"))
    assert berlin.utcoffset() != dt.timedelta(0)  # Berlin is never UTC, so a UTC time would fail above
    page.reload()
    expect(page.locator(".countdown-left")).to_have_text(re.compile(r"^Noch (59|60|58):\d\d$"))
    expect(page.locator("#reason-text")).to_have_value(re.compile(re.escape(OWN_WORDS)))

    # 4 — the code entered before it expires.
    page.get_by_role("button", name="Ich habe den Code eingegeben und den Widerspruch abgeschickt").click()
    expect(page.locator("#current-status")).to_have_text("Warten auf die Plattform")

    # 5 — Meta's confirmation attached.
    page.get_by_label("… oder fügen Sie die ganze E-Mail samt Kopfzeilen ein").fill(CONFIRMATION_EML.decode())
    page.get_by_role("button", name="Bestätigung anhängen und abschließen").click()
    expect(page.locator("#current-status")).to_have_text("Erledigt")
    expect(page.locator("li#confirmation")).to_contain_text("We’ll honour your objection")
    assert_accessible(page)

    # A letter as well, with the same reason (the objection sent with the form stays as it is, and no failure is
    # written into the proof): the objection letter opens with the same reason.
    page.get_by_role("link", name="Zusätzlich per Brief widersprechen, mit derselben Begründung").click()
    expect(page).to_have_url(re.compile(r"/letters/new/"))
    expect(page.get_by_label("In Ihren eigenen Worten (freiwillig)")).to_have_value(OWN_WORDS)
    expect(page.get_by_label("Sprache des Briefs")).to_have_value("de")
    expect(page.get_by_label("meine Kunstwerke und Illustrationen")).to_be_checked()
    page.get_by_label("Ihr vollständiger Name").fill("Alice Beispiel")
    page.get_by_label("Ihre Postanschrift").fill("Torstraße 1\n10119 Berlin")
    page.get_by_role("button", name="Brief schreiben").click()
    expect(page.get_by_text("Ihr Brief ist fertig.")).to_be_visible()
    expect(page.locator("body")).to_contain_text(OWN_WORDS)
    expect(page.locator("body")).to_contain_text("Widerspruch")
    assert Objection.objects.get(action=step).form_failed_at is None  # the form did not fail: nothing says so

    # Sent today: the date picker comes filled in (a German date, "04.12.2026", would leave it empty and refuse the form).
    expect(page.get_by_label("Gesendet am")).to_have_value(dt.datetime.now(zoneinfo.ZoneInfo("Europe/Berlin")).date().isoformat())
    page.get_by_role("button", name="Ich habe ihn abgeschickt").click()
    expect(page.locator("#letter-status")).to_have_text("Gesendet")
    context.close()
