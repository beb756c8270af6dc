"""What a person with a keyboard or a screen reader meets: where the focus goes when a page answers a form, what is
announced as things change, and controls that do what their kind promises."""

import re

from django.test import Client
from playwright.sync_api import expect

from conftest import make_plan


def _logged_in(browser, live_server, user, **options):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {id: e.id, tag: e.tagName, cls: e.className, text: e.innerText || "",
                section: e.closest("section")?.getAttribute("aria-labelledby") || ""}; }""")


def test_anonymous_pages_keyboard_and_announcements(page, db, settings):
    # The region drop-down: arrow keys choose, they do not leave the page; the button shows the steps.
    page.goto("/catalog/linkedin/")
    region = page.get_by_label("Where do you live?")
    region.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert "region=" not in page.url and focused(page)["id"] == "region"
    page.get_by_role("button", name="Show my steps").click()
    expect(page).to_have_url(re.compile(r"region=\w+"))

    # Searching the catalog: the count of results is announced, from a status line that stays in the page.
    page.goto("/catalog/")
    page.get_by_label("Search").fill("linkedin")
    expect(page.get_by_role("status").filter(has_text="1 platform")).to_have_count(1)
    expect(page.locator("#results[aria-live]")).to_have_count(0)

    # A refused sign-up: the title says so, the focus is on the summary, its link leads to the field.
    page.goto("/accounts/signup/")
    page.get_by_label("Email:").fill("not-an-address@")
    page.get_by_label("Password:", exact=True).fill("correct horse battery staple")
    page.get_by_label(re.compile("Password \\(again\\)")).fill("correct horse battery staple")
    page.evaluate("document.querySelector('form[method=post] input[name=email]').form.noValidate = true")
    page.get_by_role("button", name="Sign Up").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator("#error-summary")).to_be_focused()
    page.locator("#error-summary a").first.press("Enter")
    expect(page.locator("#id_email")).to_be_focused()


def test_a_step_and_the_wizard_announce_what_happened(browser, live_server, alice, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    actions = make_plan(alice, "EU", ["instagram", "linkedin"])
    context, page = _logged_in(browser, live_server, alice, viewport={"width": 1200, "height": 700})

    # "Done" sends the page back to its status part: the message "Saved" is there, and focused, so it is read.
    quick = next(a for a in actions if a.platform == "linkedin" and a.source == "catalog")
    page.goto(quick.get_absolute_url())
    page.get_by_role("button", name="Done", exact=True).click()
    expect(page).to_have_url(re.compile("#status$"))
    expect(page.locator(".messages")).to_be_focused()
    assert focused(page)["section"] == "status" and "Saved" in focused(page)["text"]
    assert page.locator(".messages").bounding_box()["y"] < 700  # on screen

    # The reason is saved as it is typed: each save in a status that stays; a failed save in an alert.
    objection = next(a for a in actions if a.mechanism == "eu-objection-form")
    page.goto(objection.get_absolute_url())
    words = page.get_by_label(re.compile("In your own words"))
    words.fill("My drawings are my income")
    expect(page.locator("#reason-saved")).to_have_text(re.compile(r"^Saved at "))
    page.wait_for_load_state("networkidle")
    page.route("**/reason/", lambda route: route.fulfill(status=500, body="Server Error"))
    words.fill("My drawings are my income, and my style is my name")
    expect(page.get_by_role("alert").filter(has_text="Not saved — try again.")).to_have_count(1)
    expect(page.locator("#reason-saved")).to_have_text("")
    page.unroute("**/reason/")
    words.fill("My drawings are my income, and my style is my name.")
    expect(page.locator("#reason-saved")).to_have_text(re.compile(r"^Saved at "))
    expect(page.locator("#reason-failed")).to_have_text("")

    # The wizard's filter says how many platforms it left; with none ticked, the error is focused.
    page.goto("/plan/start/platforms/")
    page.get_by_label("Find a platform").fill("insta")
    expect(page.get_by_role("status").filter(has_text=re.compile(r"^Platforms shown: [1-9]\d*$"))).to_have_count(1)
    page.get_by_label("Find a platform").fill("no such platform at all")
    expect(page.locator("#platform-filter-status")).to_have_text(re.compile("^No platform matches"))
    page.get_by_label("Find a platform").fill("")
    page.evaluate("document.querySelectorAll('input[name=platforms]').forEach(box => box.checked = false)")
    page.get_by_role("button", name="Next").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator("#platforms-error")).to_be_focused()
    context.close()


def test_the_phone_menu_is_a_button_that_escape_closes(browser, live_server, alice):
    context, page = _logged_in(browser, live_server, alice, viewport={"width": 375, "height": 740})
    page.goto("/plan/")
    nav = page.get_by_role("navigation", name="Main")
    menu = page.get_by_role("button", name="Menu", exact=True)
    expect(nav).to_be_hidden()
    menu.focus()
    page.keyboard.press("Space")
    expect(nav).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "true")
    assert page.evaluate("document.activeElement.closest('#site-nav') !== null")  # the focus went into the menu
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()

    # "Skip to menu", the second thing a keyboard reaches, opens the folded menu.
    page.goto("/plan/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link[href='#site-nav']")).to_be_focused()
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "true")
    context.close()
