"""A signed-in person reports a mistake on a platform page; staff accept it; the patch applies to the data folder;
the person sees the outcome — in a real browser."""

import shutil
import subprocess

from playwright.sync_api import expect

from conftest import PASSWORD, assert_accessible, make_user
from optout.catalog.loader import DATA_DIR


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_report_accept_patch_and_outcome(page, browser, live_server, alice, tmp_path):
    staff = make_user("staff@example.org")
    staff.is_staff = True
    staff.save()

    log_in(page, "alice@example.org")
    page.goto("/catalog/linkedin/")
    page.locator("#report-wrong").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Something is wrong on LinkedIn")
    assert_accessible(page)
    page.get_by_label("Where is it wrong?").select_option(label='Turn off "Data for Generative AI Improvement"')
    page.get_by_label("What is wrong, and what is right?").fill("It takes about three minutes, not two.")
    page.get_by_label("Link to a page that shows it").fill("https://www.linkedin.com/legal/privacy/eu")
    page.get_by_role("button", name="Send the correction").click()
    expect(page.locator("#outcome")).to_contain_text("Waiting for review")
    report_url = page.url

    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    reviewer = context.new_page()
    log_in(reviewer, "staff@example.org")
    reviewer.goto("/catalog/corrections/review/")
    reviewer.get_by_role("link", name="LinkedIn — generative-ai-setting", exact=False).click()
    expect(reviewer.get_by_text("It takes about three minutes, not two.")).to_be_visible()
    box = reviewer.get_by_label("Corrected file")
    original = box.input_value()
    box.fill(original.replace("    minutes: 2\n", "    minutes: 3\n", 1))
    reviewer.get_by_label("Note to the reporter").fill("Thank you, corrected.")
    reviewer.get_by_role("button", name="Accept and make the patch").click()
    expect(reviewer.locator("#outcome")).to_have_text("Accepted")
    with reviewer.expect_download() as download:
        reviewer.locator("#patch-link").click()
    patch = tmp_path / download.value.suggested_filename
    download.value.save_as(patch)
    context.close()

    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR / "platforms", copy / "platforms")
    subprocess.run(["git", "apply", "--check", str(patch)], cwd=copy, check=True)
    subprocess.run(["patch", "-p1", "--dry-run", "-i", str(patch)], cwd=copy, check=True, capture_output=True)

    page.goto(report_url)
    expect(page.locator("#outcome")).to_contain_text("Accepted")
    expect(page.get_by_text("Thank you, corrected.")).to_be_visible()
    page.goto("/catalog/corrections/mine/")
    expect(page.get_by_text("Accepted")).to_be_visible()
