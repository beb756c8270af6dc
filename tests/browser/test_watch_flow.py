"""A platform's policy history, a diff, and an alert that leads back to the step to re-check."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from conftest import assert_accessible, make_plan
from optout.plans.services import set_status
from optout.watch import services
from optout.watch.models import WatchedDocument
from optout.watch.normalise import normalise, text_hash
from tests.browser.test_plan_flow import log_in

OLD = "# Privacy Policy\n\nWe collect your name and e-mail address.\n\nWe use data to keep LinkedIn safe.\n"
NEW = OLD + "\nWe may use your posts and profile to train generative AI models that power our features.\n"


def test_history_diff_and_alert_to_recheck(page, alice):
    actions = make_plan(alice, "EU", ["linkedin"])
    set_status(actions[0], "done")
    services.sync_documents()
    document = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    earlier = timezone.now() - dt.timedelta(days=30)
    services.record_text(document, normalise(OLD), text_hash(normalise(OLD)), earlier)
    version = services.record_text(document, normalise(NEW), text_hash(normalise(NEW)), timezone.now())
    assert version.ai_relevant
    assert services.deliver_alerts(version) == 1

    log_in(page, alice.email)
    page.goto("/watch/linkedin/")
    expect(page.get_by_role("heading", name="LinkedIn: policy history")).to_be_visible()
    expect(page.get_by_text("About AI").first).to_be_visible()
    assert_accessible(page)

    page.goto("/plan/")
    page.get_by_role("link", name=re.compile("LinkedIn added to its Privacy Policy, about AI training: “We may use your posts")).click()
    expect(page.get_by_role("heading", name="optout judges this change to be about AI")).to_be_visible()
    expect(page.locator(".summary")).to_contain_text("LinkedIn added to its Privacy Policy, about AI training")
    expect(page.get_by_text("This judgement is automatic and sometimes wrong")).to_be_visible()
    expect(page.locator(".diff ins")).to_contain_text("train generative AI models")
    assert_accessible(page)
    page.get_by_role("link", name="Side by side").click()
    expect(page.locator("table.diff")).to_contain_text("train generative AI models")
    page.get_by_role("link", name="Re-check your steps for this platform").click()
    row = page.locator(".action-row", has_text="LinkedIn")
    expect(row.first).to_contain_text("Needs re-check")


def test_a_change_optout_is_unsure_of_says_so_and_still_leads_to_the_step(page, alice):
    actions = make_plan(alice, "EU", ["linkedin"])
    set_status(actions[0], "done")
    services.sync_documents()
    document = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    unsure = OLD + "\nOur assistant can answer questions about your account using AI.\n"
    services.record_text(document, normalise(OLD), text_hash(normalise(OLD)), timezone.now() - dt.timedelta(days=30))
    version = services.record_text(document, normalise(unsure), text_hash(normalise(unsure)), timezone.now())
    assert version.ai_relevant and not version.ai_sure
    assert services.deliver_alerts(version) == 1

    log_in(page, alice.email)
    page.goto("/watch/linkedin/")
    expect(page.get_by_text("Maybe about AI").first).to_be_visible()
    page.goto("/plan/")
    page.get_by_role("link", name=re.compile("optout cannot tell for sure whether this is about AI")).click()
    expect(page.get_by_role("heading", name="This change may be about AI: optout cannot tell for sure")).to_be_visible()
    expect(page.get_by_text("often not about AI use of people’s data")).to_be_visible()
    expect(page.locator(".diff ins")).to_contain_text("Our assistant can answer questions")
    assert_accessible(page)
    page.get_by_role("link", name="Re-check your steps for this platform").click()
    expect(page.locator(".action-row", has_text="LinkedIn").first).to_contain_text("Needs re-check")


def test_a_fresh_install_says_what_happens_next_and_news_are_counted_in_the_header(page, alice):
    import datetime as dt

    from django_tasks_db.models import DBTaskResult

    from optout.notify.services import notify
    from optout.watch.models import FetchLog

    # Nothing checked, no worker: the page says how to start, and how to import history.
    page.goto("/watch/")
    empty, status = page.locator("#watch-empty"), page.locator("#watch-status")
    expect(empty).to_contain_text("has not checked them yet")
    expect(status).to_contain_text("No check runs by itself: optout’s background worker is not running")
    expect(empty).to_contain_text("optout watch import PATH")
    assert_accessible(page)

    # A worker runs and has booked the tick, and the last checks found no network: the time, and the reason in words.
    from optout.ops.ticks import beat

    beat("a worker", 60)
    services.sync_documents()
    document = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    when = timezone.now() + dt.timedelta(minutes=7)
    DBTaskResult.objects.create(task_path="optout.ops.ticks.tick", status="READY", run_after=when, args_kwargs={},
                                priority=0, queue_name="default", backend_name="default")
    FetchLog.objects.create(document=document, outcome="error", error_kind="network",
                            message="www.linkedin.com could not be found ([Errno -2] Name or service not known).")
    document.last_error = "www.linkedin.com could not be found ([Errno -2] Name or service not known)."
    document.save()
    page.goto("/watch/")
    expect(status).to_contain_text("The next check runs at")
    expect(status).to_contain_text("optout could not reach the internet: www.linkedin.com could not be found or reached"
                                   ". Check that this computer is online. optout tries again at the next check.")
    expect(page.locator("body")).not_to_contain_text("Errno")
    page.goto("/watch/linkedin/")
    expect(page.get_by_text("optout could not reach the internet").first).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Errno")

    # A tick is running (it holds the clock's lease): the page says so, not that no worker runs.
    from optout.ops.models import Clock

    Clock.objects.update_or_create(pk=1, defaults={"lease_until": timezone.now() + dt.timedelta(minutes=5)})
    page.goto("/watch/")
    expect(status).to_contain_text("optout is checking the pages now")
    page.goto("/watch/linkedin/")
    expect(page.get_by_text("Not checked yet. optout is checking the pages now").first).to_be_visible()

    # The worker runs but has not taken the tick, due hours ago. No promise of a check in the past.
    Clock.objects.filter(pk=1).update(lease_until=None)
    overdue = timezone.now() - dt.timedelta(hours=3)
    DBTaskResult.objects.filter(task_path="optout.ops.ticks.tick").update(run_after=overdue)
    page.goto("/watch/")
    from optout.lib.dates import format_datetime

    expect(status).to_contain_text(f"A check was due at {format_datetime(overdue)} but has not run yet: the background "
                                   "worker is running but has not started it")
    expect(status).not_to_contain_text("The next check runs at")
    expect(status).not_to_contain_text("tries again")  # no check will come by itself: none is promised
    assert_accessible(page)
    page.goto("/watch/linkedin/")
    expect(page.get_by_text("Not checked yet. A check was due at").first).to_be_visible()

    # The worker stopped (it no longer says it runs): the tick it left booked promises nothing.
    from optout.ops.models import Worker

    Worker.objects.all().delete()
    page.goto("/watch/")
    expect(status).to_contain_text("No check runs by itself: optout’s background worker is not running")
    expect(status).not_to_contain_text("A check was due")
    page.goto("/watch/linkedin/")
    expect(page.get_by_text("Not checked yet. No check runs by itself").first).to_be_visible()

    # News: an unread count in the header, gone once read.
    make_plan(alice, "EU", ["linkedin"])
    notify(alice, "LinkedIn added to its Privacy Policy, about AI training: “…”", "/watch/")
    notify(alice, "A second piece of news.")
    log_in(page, alice.email)
    page.goto("/watch/")
    badge = page.locator(".site-nav .news-badge")
    expect(badge).to_contain_text("2")
    expect(badge).to_contain_text("unread news items")
    assert_accessible(page)
    page.goto("/plan/")
    page.get_by_role("button", name="Mark as read").click()
    expect(page.locator(".site-nav .news-badge")).to_have_count(0)


def test_on_a_phone_the_menu_button_shows_the_unread_count_until_the_menu_is_opened(browser, live_server, alice,
                                                                                    settings):
    """At 375 px the menu is closed, and the count sat only in it: nothing on a phone said that a platform's policy
    changed about AI. The count is shown, and announced, once: on the Menu button, or in the open menu."""
    from optout.notify.services import notify

    settings.ACCOUNT_RATE_LIMITS = False
    make_plan(alice, "EU", ["linkedin"])
    notify(alice, "LinkedIn added to its Privacy Policy, about AI training.", "/watch/")
    notify(alice, "A second piece of news.")
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 375, "height": 740})
    page = context.new_page()
    log_in(page, alice.email)
    page.goto("/watch/")
    shown = page.locator(".news-badge:visible, .menu-news-badge:visible")
    menu = page.get_by_role("button", name="Menu (2 unread news items)", exact=True)
    expect(menu).to_be_visible()
    expect(shown).to_have_count(1)
    expect(shown).to_have_text("2(2 unread news items)")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)

    menu.click()  # open, the menu shows the count beside "My plan", where the news is; the button no longer does
    expect(page.get_by_role("button", name="Menu", exact=True)).to_have_attribute("aria-expanded", "true")
    expect(shown).to_have_count(1)
    expect(page.get_by_role("link", name="My plan (2 unread news items)")).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size({"width": 1200, "height": 900})  # no Menu button: the menu's count alone
    expect(shown).to_have_count(1)
    expect(page.locator(".site-nav .news-badge")).to_be_visible()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)
    context.close()

    # Without scripts the menu never folds away: its count is the one shown.
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 375, "height": 740},
                                  java_script_enabled=False)
    page = context.new_page()
    log_in(page, alice.email)
    page.goto("/watch/")
    expect(page.locator(".news-badge:visible, .menu-news-badge:visible")).to_have_count(1)
    expect(page.locator(".site-nav .news-badge")).to_be_visible()
    context.close()


def test_a_page_optout_cannot_read_is_listed_and_its_people_are_told(page, alice):
    from optout.lib.dates import format_datetime
    from optout.watch.models import FetchLog

    make_plan(alice, "EU", ["linkedin"])
    services.sync_documents()
    document = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    since, last = timezone.now() - dt.timedelta(days=4), timezone.now() - dt.timedelta(hours=1)
    for at in (since, last):
        FetchLog.objects.create(document=document, at=at, outcome="error", error_kind="http", status=403,
                                message="The server answered HTTP 403.")
    WatchedDocument.objects.filter(pk=document.pk).update(
        failing_since=since, last_checked_at=last, last_error="The server answered HTTP 403.")
    assert services.tell_failing() == 1

    log_in(page, alice.email)
    page.goto("/watch/")
    expect(page.locator(".site-nav .news-badge")).to_contain_text("1")
    failing = page.get_by_role("region", name="Pages optout cannot read")
    expect(failing).to_contain_text(f"LinkedIn: Privacy Policy failing since {format_datetime(since)}")
    assert_accessible(page)
    failing.get_by_role("link", name="LinkedIn: Privacy Policy").click()
    expect(page).to_have_url(re.compile(r"/watch/linkedin/$"))
    card = page.get_by_role("region", name="LinkedIn: Privacy Policy")
    expect(card).to_contain_text(f"the check of {format_datetime(last)} failed")
    expect(card).to_contain_text(f"Every check since {format_datetime(since)} has failed, so optout cannot tell "
                                 "whether this page changed after that")
    assert_accessible(page)
    expect(card).to_contain_text("No version recorded yet: optout has not been able to read this page.")
    expect(card).not_to_contain_text("Not checked yet")
