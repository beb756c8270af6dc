"""The watcher's e-mails go out after its writes are committed: an SMTP exchange (up to its timeout, per message)
inside a transaction kept every other write of the site waiting — with SQLite, which takes its write lock when a
transaction begins, a page save failed with "database is locked" while a notice went to each person in turn."""

import datetime as dt

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from conftest import make_plan, make_user
from optout.notify.models import Notification
from optout.plans.models import Status
from optout.plans.services import set_status
from optout.watch import services
from optout.watch.models import WatchedDocument
from optout.watch.tests.documents import only_linkedin_privacy
from optout.watch.tests.test_check_documents import PARAGRAPHS, page

AI = "We may use your posts, profile and other content to train the generative AI models that power our features."
SENT_INSIDE_A_TRANSACTION: list[bool] = []


class WatchfulBackend(EmailBackend):
    def send_messages(self, messages):
        SENT_INSIDE_A_TRANSACTION.extend(connection.in_atomic_block for _ in messages)
        return super().send_messages(messages)


@pytest.fixture
def watchful_mail(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.WatchfulBackend"}}
    SENT_INSIDE_A_TRANSACTION.clear()
    return SENT_INSIDE_A_TRANSACTION


@pytest.mark.django_db(transaction=True)
def test_notices_of_pages_optout_cannot_read_are_e_mailed_after_the_commit(watchful_mail):
    people = [make_user(f"person{n}@example.org") for n in range(3)]
    for person in people:
        make_plan(person, "EU", ["linkedin"])
    services.sync_documents()
    WatchedDocument.objects.filter(platform="linkedin").update(failing_since=timezone.now() - dt.timedelta(days=5),
                                                               last_error="The server answered HTTP 500.")
    assert services.tell_failing() == 3
    assert watchful_mail == [False, False, False]
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 3


@pytest.mark.django_db(transaction=True)
def test_policy_alerts_are_e_mailed_after_the_commit(watchful_mail, web_fixture):
    only_linkedin_privacy(web_fixture.url("/privacy"))
    person = make_user("reader@example.org")
    set_status(make_plan(person, "EU", ["linkedin"])[0], Status.DONE)
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False)
    web_fixture.route("/privacy", page([*PARAGRAPHS, AI]))
    services.run(sync=False)
    services.deliver_alerts()
    assert watchful_mail == [False]
    assert Notification.objects.get(owner=person).emailed_at is not None
