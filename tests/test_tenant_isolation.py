"""Every owner-scoped URL, requested by someone else, answers 404 and changes nothing."""

import pytest
from django.urls import reverse

from conftest import CONFIRMATION_EML, png_bytes
from optout.accounts.models import PlatformAccount


@pytest.fixture
def alices_account(alice):
    return PlatformAccount.objects.create(owner=alice, platform="linkedin", handle="@alice", note="secret note")


OWNER_SCOPED = [
    ("get", "accounts:platform_edit"),
    ("post", "accounts:platform_edit"),
    ("post", "accounts:platform_remove"),
    ("post", "notify:channel_remove"),
    ("get", "notify:open"),
]
# Plan URLs take the action's per-person number; evidence URLs the evidence id.
ACTION_SCOPED = [
    ("get", "plans:action"),
    ("post", "plans:action_status"),
    ("post", "plans:action_note"),
    ("post", "plans:action_screenshot"),
    ("post", "plans:action_email"),
    ("post", "plans:action_code"),
    ("post", "plans:action_sent"),
    ("get", "plans:action_reason"),
    ("post", "plans:action_reason"),
    ("post", "plans:action_opened"),
    ("post", "plans:action_form_failed"),
    ("post", "plans:action_form_again"),
]
EVIDENCE_SCOPED = [("get", "plans:evidence_file"), ("get", "plans:evidence_delete"), ("post", "plans:evidence_delete")]
LETTER_SCOPED = [
    ("get", "letters:detail"),
    ("get", "letters:download"),
    ("post", "letters:sent"),
    ("post", "letters:answer"),
    ("post", "letters:follow_up"),
    ("post", "letters:complaint"),
    ("post", "letters:controller_complaint"),
    ("post", "letters:pause"),
    ("post", "letters:resume"),
    ("get", "letters:delete"),
    ("post", "letters:delete"),
]
POST_DATA = {"handle": "pwned", "note": "pwned", "status": "rejected", "pasted": CONFIRMATION_EML.decode()}


# Public pages whose ids belong to nobody (policy versions are the same for everyone).
PUBLIC_ID_ROUTES = {"watch:version"}


@pytest.fixture
def alices_channel(alice):
    from optout.notify.models import Channel

    return Channel.objects.create(owner=alice, url="json://alice-secret-hook.example/hook", label="Alice phone")


def test_another_user_cannot_remove_a_channel(bob_client, alices_channel):
    response = bob_client.post(reverse("notify:channel_remove", args=[alices_channel.id]))
    assert response.status_code == 404
    html = bob_client.get(reverse("notify:channels")).content.decode()
    assert "alice-secret-hook" not in html and "Alice phone" not in html
    alices_channel.refresh_from_db()


def test_another_user_cannot_open_someones_news_or_mark_it_read(bob_client, alice):
    from optout.notify.services import notify

    news = notify(alice, "Your letter to LinkedIn is due.", "/letters/1/")
    response = bob_client.get(reverse("notify:open", args=[news.id]))
    assert response.status_code == 404 and "/letters/1/" not in response.content.decode()
    news.refresh_from_db()
    assert news.read_at is None


@pytest.mark.parametrize(("method", "name"), [r for r in OWNER_SCOPED if r[1].startswith("accounts:")])
def test_another_user_gets_404(bob_client, alices_account, method, name):
    url = reverse(name, args=[alices_account.id])
    response = getattr(bob_client, method)(url, {"handle": "pwned", "note": "pwned"} if method == "post" else None)
    assert response.status_code == 404
    alices_account.refresh_from_db()
    assert (alices_account.handle, alices_account.note) == ("@alice", "secret note")


def _plan_state(user):
    return [
        (a.status, a.events.count(), a.evidence.count(), a.code_expires_at) for a in user.plan_actions.order_by("number")
    ]


@pytest.mark.parametrize(("method", "name"), ACTION_SCOPED)
def test_another_user_gets_404_for_each_action(bob_client, alice, alice_plan, method, name):
    before = _plan_state(alice)
    for action in alice_plan:
        url = reverse(name, args=[action.number])
        response = getattr(bob_client, method)(url, POST_DATA if method == "post" else None)
        assert response.status_code == 404, url
    assert _plan_state(alice) == before


@pytest.mark.parametrize(("method", "name"), EVIDENCE_SCOPED)
def test_another_user_gets_404_for_evidence_files(bob_client, alice, alice_plan, method, name):
    from optout.plans import services

    evidence = services.add_screenshot(alice_plan[0], png_bytes(), "proof.png")
    response = getattr(bob_client, method)(reverse(name, args=[evidence.id]))
    assert response.status_code == 404
    assert evidence.file.storage.exists(evidence.file.name)


def test_exports_reports_and_calendars_hold_only_your_own_plan(bob_client, alice, alice_plan):
    from optout.plans import services

    services.add_note(alice_plan[0], "alice's private note")
    feed = services.feed_for(alice, create=True)
    export = bob_client.post(reverse("plans:export"))
    assert b"alice" not in export.content and b"instagram" not in export.content
    assert "alice" not in bob_client.get(reverse("plans:report")).content.decode()
    page = bob_client.get(reverse("plans:calendar")).content.decode()
    assert feed.token not in page
    # The feed is reached by its secret address only; a made-up or revoked one is 404.
    assert bob_client.get(reverse("plans:calendar_feed", args=["not-the-token"])).status_code == 404
    services.revoke_feed(alice)
    assert bob_client.get(reverse("plans:calendar_feed", args=[feed.token])).status_code == 404


def test_lists_show_only_your_own_rows(bob_client, alices_account):
    html = bob_client.get(reverse("accounts:platforms")).content.decode()
    assert "@alice" not in html and "secret note" not in html
    html = bob_client.get(reverse("catalog:detail", args=["linkedin"])).content.decode()
    assert "In My platforms" not in html


def test_every_owner_scoped_route_is_covered():
    """A new URL that takes an id must be added to OWNER_SCOPED above."""
    from django.urls import get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, prefix + (p.namespace + ":" if p.namespace else ""))
            elif "<int:" in str(p.pattern):
                yield prefix + p.name

    ours = {name for name in walk(get_resolver().url_patterns) if not name.startswith("admin:")}
    assert ours - PUBLIC_ID_ROUTES == {name for _, name in OWNER_SCOPED + ACTION_SCOPED + EVIDENCE_SCOPED + LETTER_SCOPED}


@pytest.mark.parametrize(("method", "name"), LETTER_SCOPED)
def test_another_user_gets_404_for_each_letter(bob_client, alice, alice_plan, method, name):
    from optout.letters import services

    letter = services.draft_request(alice, platform="instagram", kind="objection", language="en", name="Alice",
                                    email="alice@example.org")
    args = [letter.number, "pdf"] if name == "letters:download" else [letter.number]
    data = {"sent_on": "2026-11-20", "channel": "email", "status": "refused", "authority": "ie-dpc"}
    response = getattr(bob_client, method)(reverse(name, args=args), data if method == "post" else None)
    assert response.status_code == 404
    letter.refresh_from_db()
    assert letter.status == "drafted" and letter.children.count() == 0


def test_a_letter_cannot_be_started_from_someone_elses_plan_step(bob_client, alice_plan):
    response = bob_client.get(reverse("letters:new"), {"action": alice_plan[0].number})
    assert response.status_code == 404
    assert "Alice" not in bob_client.get(reverse("letters:index")).content.decode()
