"""Looking at one's plan reads it; it never writes, and its cost does not grow with the plan."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_plan
from optout.plans import services
from optout.plans.models import Action, Status

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|SAVEPOINT|BEGIN)|FOR UPDATE", re.IGNORECASE)
FEW = ["instagram", "linkedin"]
MANY = ["instagram", "linkedin", "facebook", "threads", "x", "reddit", "tumblr", "deviantart", "pinterest", "flickr"]


def _queries(client, name):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name))
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("page", ["plans:dashboard", "plans:plan"])
def test_viewing_an_up_to_date_plan_writes_nothing(alice, alice_client, page):
    make_plan(alice, "EU", MANY)
    services.set_status(Action.objects.filter(owner=alice).first(), Status.DONE)
    _queries(alice_client, page)  # the session and the profile settle on the first visit
    writes = [sql for sql in _queries(alice_client, page) if WRITES.search(sql)]
    assert writes == []


def test_the_dashboard_costs_the_same_queries_for_a_small_and_a_large_plan(alice, bob, alice_client, bob_client):
    make_plan(alice, "EU", FEW)
    make_plan(bob, "EU", MANY)
    assert Action.objects.filter(owner=bob).count() > 3 * Action.objects.filter(owner=alice).count()
    for client in (alice_client, bob_client):
        _queries(client, "plans:dashboard")
    small = _queries(alice_client, "plans:dashboard")
    large = _queries(bob_client, "plans:dashboard")
    assert len(large) == len(small)
    # session, user, profile (shared with the time-zone middleware), actions, platform accounts, news, the
    # letters that wait for an answer outside the plan's steps, and channels that failed
    assert len(small) <= 8, small


def test_a_changed_plan_is_still_brought_in_line_when_viewed(alice, alice_client):
    make_plan(alice, "EU", FEW)
    Action.objects.filter(owner=alice, platform="linkedin").delete()
    _queries(alice_client, "plans:dashboard")
    assert Action.objects.filter(owner=alice, platform="linkedin").exists()


@pytest.mark.parametrize("count", [0, 3, 9, 10, 12])
def test_the_headers_news_badge_on_the_dashboard_counts_every_unread_item(alice, alice_client, count):
    from optout.notify.services import mark_read, notify, unread

    make_plan(alice, "EU", FEW)
    for n in range(count):
        notify(alice, f"News item {n}.")
    html = alice_client.get(reverse("plans:dashboard")).content.decode()
    if count:
        assert f'news-badge"><span aria-hidden="true">{count}<' in html
    else:
        assert "news-badge" not in html
    mark_read(alice, unread(alice).values_list("id", flat=True))
    assert "news-badge" not in alice_client.get(reverse("plans:dashboard")).content.decode()


def test_changed_answers_show_on_the_next_dashboard_although_plans_are_remembered(alice, alice_client):
    from optout.accounts.services import set_region

    make_plan(alice, "EU", ["instagram"])
    objection = Action.objects.get(owner=alice, platform="instagram", mechanism="eu-objection-form")
    assert objection.title in alice_client.get(reverse("plans:dashboard")).content.decode()
    set_region(alice, "US")
    html = alice_client.get(reverse("plans:dashboard")).content.decode()
    objection.refresh_from_db()
    assert objection.retired_at is not None and objection.title not in html
    set_region(alice, "EU")
    assert objection.title in alice_client.get(reverse("plans:dashboard")).content.decode()
    services.choose_platforms(alice, ["instagram", "linkedin"], remove_others=True)
    html = alice_client.get(reverse("plans:dashboard")).content.decode()
    assert Action.objects.filter(owner=alice, platform="linkedin", retired_at__isnull=True).exists()
    assert "LinkedIn" in html


def test_mark_as_read_marks_only_the_news_the_dashboard_listed(alice, alice_client, bob):
    """Eleven or more unread items: the dashboard lists ten and says there are more; "Mark as read" marks those
    ten, and the others appear next. News that arrived after the page was shown stays unread too."""
    from optout.notify.models import Notification
    from optout.notify.services import notify

    make_plan(alice, "EU", FEW)
    for n in range(13):
        notify(alice, f"News item {n:02d}.")
    other = notify(bob, "Bob's news.")
    html = alice_client.get(reverse("plans:dashboard")).content.decode()
    shown = [n for n in range(13) if f"News item {n:02d}." in html]
    assert len(shown) == 10 and "There is more news: it appears here once you have marked these as read." in html
    ids = re.findall(r'name="id" value="(\d+)"', html)
    late = notify(alice, "News that arrived later.")
    response = alice_client.post(reverse("notify:mark_read"), {"id": [*ids, str(other.id), "x"], "next": "/plan/"})
    assert response.status_code == 302
    assert Notification.objects.filter(owner=alice, read_at__isnull=True).count() == 4  # 3 not shown, 1 new
    assert Notification.objects.get(pk=late.pk).read_at is None
    assert Notification.objects.get(pk=other.pk).read_at is None  # another person's id is not theirs to mark
    html = alice_client.get(reverse("plans:dashboard")).content.decode()
    assert all(f"News item {n:02d}." in html for n in set(range(13)) - set(shown)) and "There is more news" not in html


def test_news_show_on_the_dashboard_before_any_plan(alice, alice_client):
    """The header's badge counts news whether or not the person has a plan: the dashboard lists them either way
    (a plan whose steps were all removed, a letter's reminder)."""
    from optout.notify.services import notify

    notify(alice, "optout has not been able to read LinkedIn’s Privacy Policy.")
    html = alice_client.get(reverse("plans:dashboard")).content.decode()
    assert "Make your plan" in html and "optout has not been able to read LinkedIn’s Privacy Policy." in html


def test_mark_as_read_ignores_ids_that_are_not_plain_numbers(alice_client, alice):
    from optout.notify.models import Notification
    from optout.notify.services import notify

    news = notify(alice, "One piece of news.")
    response = alice_client.post(reverse("notify:mark_read"), {"id": ["²", "9" * 30, "-1", str(news.pk)]})
    assert response.status_code == 302
    assert Notification.objects.get(pk=news.pk).read_at is not None


@pytest.mark.parametrize("target", ["nosuchname", "account_logout", "watch:index", "https://evil.example/",
                                    "//evil.example/", "/\\evil.example", "javascript:alert(1)", ""])
def test_mark_as_read_goes_back_only_to_a_page_of_this_site(alice_client, target):
    """A word was read as a URL name: an unknown one was a server error, "account_logout" logged the person out."""
    alice_client.raise_request_exception = False
    response = alice_client.post(reverse("notify:mark_read"), {"next": target})
    assert response.status_code == 302 and response["Location"] == reverse("plans:dashboard")
    assert alice_client.post(reverse("notify:mark_read"), {"next": "/watch/?x=1"})["Location"] == "/watch/?x=1"


def test_steps_that_cost_a_public_person_reach_are_listed_but_never_next(alice, alice_client):
    """The plan's questions promise to suggest going private only to those who can afford it."""
    from optout.plans.selectors import next_step

    actions = make_plan(alice, "EU", ["instagram", "x"], visibility="public")
    optional = [a for a in actions if a.optional]
    # and Meta's form about one's information in AI answers, needed only by who has seen it there
    assert {a.mechanism for a in optional} == {"private-account", "protect-posts", "third-party-information-form"}
    for action in actions:
        if not action.optional:
            services.set_status(action, Status.DONE)
    assert next_step(alice) is None
    dashboard = alice_client.get(reverse("plans:dashboard")).content.decode()
    assert "Nothing left to do right now." in dashboard and "3 optional steps are listed but not counted." in dashboard
    assert "Make your account private" not in dashboard
    assert "Make your account private" in alice_client.get(reverse("plans:plan")).content.decode()

    make_plan(alice, "EU", ["instagram", "x"], visibility="private")  # who can go private is told to
    assert next_step(alice).mechanism in {"private-account", "protect-posts"}



def test_the_dashboard_points_beyond_the_platforms_to_the_website_and_image_tools(alice, alice_client):
    """The plan covered the platforms only: nothing in it led to the two things no platform does for a person."""
    make_plan(alice, "EU", ["instagram"])
    page = alice_client.get(reverse("plans:dashboard")).content.decode()
    beyond = page[page.index('id="beyond"'):]
    assert f'href="{reverse("site:index")}"' in beyond and f'href="{reverse("media:index")}"' in beyond
