"""Notification channels cannot reach inside (issue 12, findings 5 and 6): every reported form is refused.

DNS is the one edge faked here (the machine has no internet): `fake_dns` answers chosen names with chosen
addresses, and passes IP literals through. Everything else is real: Apprise, requests, sockets, a loopback
server that counts what reaches it.
"""

import json
import socket

import pytest
import requests
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from optout.lib.http import Fetcher, FetchError, Limits, guarded
from optout.notify.models import Channel, Notification
from optout.notify.services import MAX_CHANNELS, ChannelError, add_channel, deliver_to_channels, notify

PUBLIC = "93.184.215.14"  # a global address (nothing connects to it in these tests)


@pytest.fixture
def fake_dns(monkeypatch):
    real = socket.getaddrinfo
    answers: dict[str, list[str]] = {}

    def getaddrinfo(host, port, *args, **kwargs):
        if isinstance(host, bytes):
            host = host.decode()
        if host in answers:
            queue = answers[host]
            address = queue.pop(0) if len(queue) > 1 else queue[0]  # the last answer repeats
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 80)))]
        try:
            socket.inet_pton(socket.AF_INET6 if ":" in str(host) else socket.AF_INET, str(host))
        except OSError:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


@pytest.fixture
def no_private(settings):
    settings.OPTOUT_ALLOW_PRIVATE_FETCH = False


@pytest.mark.parametrize(("url", "message"), [
    ("json:///127.0.0.1:9999/x", "internal address (127.0.0.1)"),  # no host for urlsplit; Apprise posts to 127.0.0.1
    ("json://x@127.0.0.1:9999@public.example/", "internal address (127.0.0.1)"),  # the parsers disagree on the host
    ("mailto://u:p@mail.example?smtp=127.0.0.1&port=2525", "internal address (127.0.0.1)"),
    ("json://[fe80::1]/", "internal address (fe80::1)"),  # was a 500
    ("json://[::1]:9999/", "internal address (::1)"),
    ("json://[::ffff:127.0.0.1]:9999/", "Apprise does not recognise"),
    ("json://169.254.169.254/latest/?method=DELETE&+Metadata-Flavor=Google", "not DELETE"),
    ("json://public.example/?method=DELETE", "not DELETE"),
    ("json://does-not-resolve.example/hook", "optout could not find the name does-not-resolve.example: either it does "
                                             "not exist (check the spelling) or this computer is offline."),  # was accepted
    ("json://[fe80::1/", "cannot be read"),
    ("syslog://public.example/", "is not enabled on this optout"),
])
def test_every_reported_form_is_refused_with_a_message(alice_client, alice, fake_dns, no_private, url, message):
    fake_dns.update({"public.example": [PUBLIC], "mail.example": [PUBLIC]})
    response = alice_client.post(reverse("notify:channels"), {"url": url})
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'"), response.content.decode()[-2000:]
    assert not Channel.objects.exists()


def test_dns_rebinding_is_caught_when_connecting(alice, fake_dns, no_private, web_fixture, settings):
    """A resolver that answers public while optout checks and loopback when it connects."""
    settings.OPTOUT_ALLOW_PRIVATE_FETCH = False
    port = web_fixture.base.rsplit(":", 1)[1]
    fake_dns["rebind.example"] = [PUBLIC, PUBLIC, "127.0.0.1"]  # add-time check, delivery check, then connect
    channel = add_channel(alice, f"json://rebind.example:{port}/hook")
    notification = notify(alice, "News")
    deliver_to_channels.call(notification.pk)
    channel.refresh_from_db()
    assert web_fixture.posts == [] and channel.last_ok_at is None and channel.last_error


def test_the_watcher_fetcher_is_guarded_against_rebinding_too(fake_dns, web_fixture):
    web_fixture.route("/page", b"<p>inside</p>")
    port = web_fixture.base.rsplit(":", 1)[1]
    fake_dns["rebind.example"] = [PUBLIC, "127.0.0.1"]
    fetcher = Fetcher(limits=Limits(), per_host_delay=0)
    with pytest.raises(FetchError) as error:
        fetcher.get(f"http://rebind.example:{port}/page")
    assert error.value.kind == "ssrf" and web_fixture.routes["/page"].hits == 0


def test_the_guard_stops_any_library_at_connect_time(web_fixture):
    with guarded(), pytest.raises(requests.ConnectionError, match="internal addresses"):
        requests.post(web_fixture.url("/hook"), data=b"x", timeout=5)
    assert web_fixture.posts == []
    requests.post(web_fixture.url("/hook"), data=b"x", timeout=5)  # outside the guard: the test server is reachable
    assert len(web_fixture.posts) == 1


@pytest.mark.parametrize("status", [302, 307])
def test_notifications_follow_no_redirect(alice, web_fixture, status):
    """302 and 307 (which keeps the method and headers) pointed at loopback before."""
    web_fixture.post_answers["/hook"] = (status, {"Location": web_fixture.url("/inside")})
    port = web_fixture.base.rsplit(":", 1)[1]
    channel = add_channel(alice, f"json://127.0.0.1:{port}/hook")
    deliver_to_channels.call(notify(alice, "News").pk)
    channel.refresh_from_db()
    assert [path for path, _ in web_fixture.posts] == ["/hook"]  # never /inside
    assert channel.last_ok_at is None and "redirect" in channel.last_error


def test_a_person_can_have_only_a_few_channels_and_delivery_happens_in_the_background(
        alice, web_fixture, django_capture_on_commit_callbacks):
    port = web_fixture.base.rsplit(":", 1)[1]
    for index in range(MAX_CHANNELS):
        add_channel(alice, f"json://127.0.0.1:{port}/hook{index}")
    with pytest.raises(ChannelError, match=f"at most {MAX_CHANNELS} channels"):
        add_channel(alice, f"json://127.0.0.1:{port}/one-too-many")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(alice, "LinkedIn changed its policy.")
    assert web_fixture.posts == []  # nothing sent while the caller waits
    booked = DBTaskResult.objects.get(task_path="optout.notify.services.deliver_to_channels", status="READY")
    assert booked.args_kwargs["args"] == [notification.pk]
    assert deliver_to_channels.call(notification.pk) == {"sent": MAX_CHANNELS, "failed": 0}
    bodies = [json.loads(body)["message"] for _, body in web_fixture.posts]
    assert len(bodies) == MAX_CHANNELS and all("LinkedIn changed its policy." in b for b in bodies)
    assert Notification.objects.get(pk=notification.pk).text == "LinkedIn changed its policy."
