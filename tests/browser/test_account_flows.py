"""Signing up, confirming the e-mail, logging in and saving a platform — in a real browser."""

import re

from django.core import mail
from playwright.sync_api import expect

from conftest import PASSWORD, assert_accessible


def test_sign_up_confirm_log_out_and_log_in(page, db):
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    assert_accessible(page)
    page.get_by_label("Email:").fill("erin@example.org")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label(re.compile("Password \\(again\\)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confirm your e-mail address")

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto("/" + link.split("://", 1)[1].split("/", 1)[1])
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.get_by_role("link", name="Log in").click()
    assert_accessible(page)
    page.get_by_label("Email:").fill("erin@example.org")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_wrong_password_is_explained(page, alice):
    page.goto("/accounts/login/")
    page.get_by_label("Email:").fill(alice.email)
    page.get_by_label("Password:").fill("wrong wrong wrong")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text(re.compile("not correct")).first).to_be_visible()  # in the summary and at the form


def test_add_a_platform_to_my_platforms(page, alice):
    page.goto("/accounts/login/")
    page.get_by_label("Email:").fill(alice.email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto("/catalog/linkedin/")
    page.get_by_role("button", name=re.compile("add to My platforms")).click()
    expect(page.get_by_text("Added LinkedIn to My platforms.")).to_be_visible()
    expect(page.get_by_role("cell", name="LinkedIn", exact=True)).to_be_visible()
    assert_accessible(page)
