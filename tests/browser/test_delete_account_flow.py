"""Deleting one's account in a real browser: from the settings page, export offered, password and a tick."""

from playwright.sync_api import expect

from conftest import PASSWORD, assert_accessible, make_plan


def test_delete_my_account_from_the_settings_page(page, alice):
    from django.contrib.auth import get_user_model

    make_plan(alice, "EU", ["instagram"])
    page.goto("/accounts/login/")
    page.get_by_label("Email:").fill(alice.email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto("/me/")
    page.get_by_role("link", name="Delete my account…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    expect(page.get_by_role("link", name="export your plan with its evidence")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and all my data").click()  # without the tick
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    assert get_user_model().objects.filter(pk=alice.pk).exists()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account and all my data").click()
    expect(page.get_by_text("Your account and everything in it have been deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert not get_user_model().objects.filter(pk=alice.pk).exists()
