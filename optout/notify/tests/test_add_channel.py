"""Apprise channels: added with a test message, used for every notification, failures shown."""

import json

from django.urls import reverse

from optout.notify.models import Channel
from optout.notify.services import deliver_to_channels, notify


def test_a_json_webhook_gets_the_test_message_and_later_news(alice_client, alice, web_fixture):
    url = f"json://127.0.0.1:{web_fixture.base.rsplit(':', 1)[1]}/hook"
    response = alice_client.post(reverse("notify:channels"), {"url": url, "label": "My webhook"}, follow=True)
    assert "Added, and a test message was sent." in response.content.decode()
    notification = notify(alice, "LinkedIn changed its Privacy Policy about AI.", "/watch/versions/1/")
    deliver_to_channels.call(notification.pk)  # what the worker does in the background
    bodies = [json.loads(body) for path, body in web_fixture.posts if path == "/hook"]
    assert len(bodies) == 2 and "LinkedIn changed its Privacy Policy about AI." in bodies[1]["message"]
    assert bodies[1]["message"].endswith("/watch/versions/1/")  # the page itself, as the e-mail's
    channel = Channel.objects.get(owner=alice)
    assert channel.last_ok_at and not channel.last_error
    assert bodies[1]["title"] == "optout: LinkedIn changed its Privacy Policy about AI."
    # how sure optout is of a change, in the title as in an e-mail's subject (it was "optout" for every message)
    unsure = notify(alice, "LinkedIn added to its Privacy Policy, about AI training: “…”", "/watch/versions/2/",
                    kind="policy-change", details={"sure": False})
    deliver_to_channels.call(unsure.pk)
    bodies = [json.loads(body) for path, body in web_fixture.posts if path == "/hook"]
    assert bodies[-1]["title"].startswith("optout: Maybe about AI: LinkedIn added")


def test_a_channel_that_shows_html_gets_news_as_text_never_as_markup(alice, web_fixture):
    """A quoted policy sentence may hold markup (a platform's page, or someone who wrote it there): a
    channel that renders HTML must show it as text, never as a working link in a message from optout."""
    Channel.objects.create(owner=alice, url=f"json://127.0.0.1:{web_fixture.base.rsplit(':', 1)[1]}/html?format=html")
    text = "LinkedIn added: “<a href='https://evil.example/login'>sign in to keep your opt-out</a> & <b>more</b>”"
    deliver_to_channels.call(notify(alice, text, "/watch/versions/1/").pk)
    [message] = [json.loads(body)["message"] for path, body in web_fixture.posts if path.startswith("/html")]
    assert "<a href" not in message and "<b>" not in message
    assert "&lt;a" in message and "&lt;b&gt;more&lt;/b&gt;" in message  # shown as the text it is


def test_bad_or_internal_addresses_are_refused(alice_client, alice, settings):
    settings.OPTOUT_ALLOW_PRIVATE_FETCH = False
    response = alice_client.post(reverse("notify:channels"), {"url": "not a url"})
    assert response.status_code == 400 and "Apprise does not recognise this address" in response.content.decode()
    response = alice_client.post(reverse("notify:channels"), {"url": "json://127.0.0.1:9/hook"})
    assert response.status_code == 400 and "internal address" in response.content.decode()
    assert not Channel.objects.exists()


def test_a_failed_delivery_is_kept_and_shown(alice_client, alice, settings):
    settings.OPTOUT_ALLOW_PRIVATE_FETCH = True
    alice_client.post(reverse("notify:channels"), {"url": "json://127.0.0.1:9/hook"})  # nothing listens on port 9
    channel = Channel.objects.get(owner=alice)
    assert channel.last_error
    assert channel.last_error in alice_client.get(reverse("notify:channels")).content.decode()


def test_the_page_of_where_news_goes_leads_to_the_choice(alice_client):
    page = alice_client.get(reverse("notify:channels")).content.decode()
    assert f'<a href="{reverse("accounts:settings")}#notifications">Choose which policy changes reach you</a>' in page
    said = page[page.index('id="what-leaves"'):].split("</p>")[0]
    assert "which then holds it under its own terms" in said and "never sent" in said


def test_the_page_of_where_news_goes_promises_e_mails_only_when_optout_can_send_them(alice_client, settings):
    settings.OPTOUT_MAIL_TO_CONSOLE = True
    page = alice_client.get(reverse("notify:channels")).content.decode()
    assert "It sends no e-mails here: this copy has no mail server set up" in page and "e-mails it to you" not in page
    settings.OPTOUT_MAIL_TO_CONSOLE = False
    page = alice_client.get(reverse("notify:channels")).content.decode()
    assert "optout always shows news on your dashboard and e-mails it to you, unless you turn e-mail off" in page


def test_a_failed_delivery_is_tried_again_later_a_few_times(alice, settings, web_fixture):
    """A channel's service down for a moment lost the news for good: each message was tried once."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    settings.OPTOUT_ALLOW_PRIVATE_FETCH = True
    port = web_fixture.base.rsplit(":", 1)[1]
    Channel.objects.create(owner=alice, url=f"json://127.0.0.1:{port}/hook")
    down = Channel.objects.create(owner=alice, url="json://127.0.0.1:9/hook")  # nothing listens on port 9
    notification = notify(alice, "LinkedIn changed its Privacy Policy about AI.", "/watch/versions/1/")
    assert deliver_to_channels.call(notification.pk) == {"sent": 1, "failed": 1}
    [retry] = DBTaskResult.objects.filter(task_path="optout.notify.services.deliver_to_channels", status="READY",
                                          run_after__gt=timezone.now())
    assert retry.args_kwargs["args"] == [notification.pk, [down.id], 2]
    assert deliver_to_channels.call(notification.pk, [down.id], 3) == {"sent": 0, "failed": 1}
    assert DBTaskResult.objects.filter(task_path="optout.notify.services.deliver_to_channels").count() == 1, \
        "the last try books no other"
    assert len([path for path, _body in web_fixture.posts if path == "/hook"]) == 1, "the working one got it once"
