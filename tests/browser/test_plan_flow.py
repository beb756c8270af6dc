"""The main story: sign up, make a plan, do a step with proof, start the Meta objection, export, import."""

import re

from django.core import mail
from playwright.sync_api import expect

from conftest import PASSWORD, assert_accessible, make_plan, make_user, png_bytes


def sign_up(page, email):
    page.goto("/accounts/signup/")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label(re.compile("Password \\(again\\)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto("/" + link.split("://", 1)[1].split("/", 1)[1])
    page.get_by_role("button", name="Confirm").click()


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_from_sign_up_to_a_plan_with_proof_then_export_and_import(page, db, tmp_path):
    sign_up(page, "erin@example.org")
    expect(page.get_by_role("heading", name="Make your plan")).to_be_visible()
    page.get_by_role("link", name="Start").click()

    page.get_by_label("Which country do you live in?").select_option(label="United States")
    expect(page.get_by_label("Which US state?")).to_be_visible()
    expect(page.get_by_label("Which Land?")).to_be_hidden()  # it was asked of a Californian too
    page.get_by_label("Which country do you live in?").select_option(label="Germany")
    expect(page.get_by_label("Which US state?")).to_be_hidden()
    expect(page.get_by_label("Which Land?")).to_be_visible()
    page.get_by_label("Which Land?").select_option(label="Bayern")
    assert_accessible(page)
    page.get_by_role("button", name="Next").click()

    page.get_by_label("Find a platform").fill("insta")
    expect(page.get_by_label("LinkedIn", exact=True)).to_be_hidden()
    page.get_by_label("Instagram", exact=True).check()
    page.get_by_label("Find a platform").fill("")
    page.get_by_label("LinkedIn", exact=True).check()
    page.get_by_label("X (formerly Twitter) and Grok").check()
    assert_accessible(page)
    page.get_by_role("button", name="Next").click()

    page.get_by_label("Instagram").fill("erin@example.org")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Photographer").check()
    page.get_by_label(re.compile("Some accounts can be private")).check()
    assert_accessible(page)
    page.get_by_role("button", name="Make my plan").click()

    expect(page.get_by_text("Your plan is ready")).to_be_visible()
    expect(page.get_by_text(re.compile(r"0 of \d+ steps done"))).to_be_visible()
    assert_accessible(page)

    # A quick setting, done with a screenshot as proof.
    page.get_by_role("link", name=re.compile("LinkedIn: Turn off")).first.click()
    expect(page.get_by_role("link", name=re.compile("Open this page"))).to_have_attribute("target", "_blank")
    shot = tmp_path / "linkedin-setting.png"
    shot.write_bytes(png_bytes(300, 200))
    page.get_by_label("Screenshot").set_input_files(str(shot))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Screenshot saved as evidence.")).to_be_visible()
    expect(page.get_by_role("img", name="Screenshot linkedin-setting.png")).to_be_visible()
    page.get_by_role("button", name="Done", exact=True).click()
    expect(page.locator("#current-status")).to_have_text("Done")
    assert_accessible(page)

    # The Meta objection: the code clock and the reason builder.
    page.get_by_role("link", name="My plan").click()
    page.get_by_role("link", name=re.compile("Instagram.*: Object to Meta")).first.click()
    page.get_by_role("button", name=re.compile("start the clock")).click()
    expect(page.locator(".countdown-left")).to_have_text(re.compile(r"^(59|60):\d\d left$"))
    page.get_by_label("my artwork and illustrations").check()
    expect(page.locator("#reason-text")).to_have_value(re.compile("including my artwork and illustrations"))
    page.get_by_label("In your own words (optional)").fill("These photos are how I earn my living")
    expect(page.locator("#reason-text")).to_have_value(re.compile("These photos are how I earn my living."))
    assert_accessible(page)

    page.get_by_role("link", name="My plan").click()
    expect(page.get_by_text(re.compile(r"1 of \d+ steps done"))).to_be_visible()
    expect(page.get_by_role("heading", name="An e-mail code is waiting")).to_be_visible()
    progress = page.locator(".big-number").inner_text()

    page.get_by_role("link", name="Export or import your plan").click()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my plan").click()
    export = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(export)
    assert export.suffix == ".zip"

    # Into a second account.
    page.get_by_role("button", name="Log out").click()
    make_user("frank@example.org")
    log_in(page, "frank@example.org")
    page.goto("/plan/export/")
    page.get_by_label("Export file (.json or .zip)").set_input_files(str(export))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text(re.compile(r"Imported your plan: \d+ steps"))).to_be_visible()
    expect(page.locator(".big-number")).to_have_text(progress)
    page.get_by_role("link", name="See the whole plan").click()
    page.get_by_role("link", name=re.compile("LinkedIn: Turn off")).first.click()
    expect(page.locator("#current-status")).to_have_text("Done")
    expect(page.get_by_role("img", name="Screenshot linkedin-setting.png")).to_be_visible()
    history = page.get_by_role("table").filter(has_text="Added to your plan")
    expect(history).to_contain_text("Evidence added")
    expect(history).to_contain_text("To do → Done")


def test_plan_pages_work_on_a_375px_phone_in_dark_mode(browser, live_server, alice):
    actions = make_plan(alice, "EU", ["instagram", "linkedin", "x"])
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740}, color_scheme="dark")
    page = context.new_page()
    log_in(page, alice.email)
    objection = next(a for a in actions if a.mechanism == "eu-objection-form")
    for path in ["/plan/", "/plan/steps/", f"/plan/steps/{objection.number}/", "/plan/start/where/",
                 "/plan/start/platforms/", "/plan/report/", "/plan/calendar/", "/plan/export/"]:
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        assert_accessible(page)
    context.close()
