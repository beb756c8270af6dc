"""A channel that stopped taking news (a webhook gone, an expired token) was said only on the channels page, which
people rarely open: news they count on there was silently not reaching them. The dashboard says so until it works."""

from django.urls import reverse

from optout.notify.models import Channel
from optout.notify.services import deliver_to_channels, notify


def _notice(page: str) -> str:
    return page[page.index('id="channels-failing"'):].split("</div>")[0] if 'id="channels-failing"' in page else ""


def test_the_dashboard_says_which_channel_news_did_not_reach_until_it_works_again(alice_client, alice, bob_client,
                                                                                  settings, web_fixture):
    settings.OPTOUT_ALLOW_PRIVATE_FETCH = True
    broken = Channel.objects.create(owner=alice, url="json://127.0.0.1:9/hook", label="Phone")  # nothing on port 9
    Channel.objects.create(owner=alice, url=f"json://127.0.0.1:{web_fixture.base.rsplit(':', 1)[1]}/hook",
                           label="Webhook")
    assert _notice(alice_client.get(reverse("plans:dashboard")).content.decode()) == ""

    deliver_to_channels.call(notify(alice, "LinkedIn changed its Privacy Policy about AI.", "/watch/").pk)
    broken.refresh_from_db()
    assert broken.last_error
    notice = _notice(alice_client.get(reverse("plans:dashboard")).content.decode())
    assert "Your news did not reach these notification channels" in notice
    assert f"Phone: {broken.last_error}"[:40] in notice.replace("&#x27;", "'") and "Webhook" not in notice
    assert f'href="{reverse("notify:channels")}"' in notice
    assert _notice(bob_client.get(reverse("plans:dashboard")).content.decode()) == "", "only the owner's channels"

    broken.url = f"json://127.0.0.1:{web_fixture.base.rsplit(':', 1)[1]}/hook"
    broken.save()
    deliver_to_channels.call(notify(alice, "Time to re-check Instagram.", "/plan/").pk)
    assert _notice(alice_client.get(reverse("plans:dashboard")).content.decode()) == ""
