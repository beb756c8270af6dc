"""A person deletes one screenshot, e-mail or note from a step, after being told what goes; nobody else can."""

from pathlib import Path

from django.urls import reverse

from conftest import CONFIRMATION_EML, png_bytes
from optout.plans import services
from optout.plans.models import Event, Evidence


def test_i_delete_one_screenshot_and_its_file_and_keep_the_rest(alice, alice_plan, alice_client,
                                                                 django_capture_on_commit_callbacks):
    step = alice_plan[0]
    shot = services.add_screenshot(step, png_bytes(), "alice-passport-scan.png", "my passport, by mistake")
    kept = services.add_email(step, CONFIRMATION_EML, "confirm.eml")
    path = Path(shot.file.path)
    page = alice_client.get(reverse("plans:action", args=[step.number])).content.decode()
    assert reverse("plans:evidence_delete", args=[shot.id]) in page

    asked = alice_client.get(reverse("plans:evidence_delete", args=[shot.id])).content.decode()
    assert "alice-passport-scan.png" in asked and "deletes it for good" in asked
    assert Evidence.objects.filter(pk=shot.pk).exists() and path.exists()  # asking deletes nothing

    with django_capture_on_commit_callbacks(execute=True):
        done = alice_client.post(reverse("plans:evidence_delete", args=[shot.id]), follow=True)
    assert "Deleted that proof for good." in done.content.decode()
    assert done.redirect_chain[-1][0].startswith(step.get_absolute_url())
    assert not Evidence.objects.filter(pk=shot.pk).exists() and not path.exists()
    assert not Event.objects.filter(action=step, text__contains="alice-passport-scan").exists()
    assert list(Evidence.objects.filter(owner=alice).values_list("pk", flat=True)) == [kept.pk]
    assert Path(kept.file.path).exists()


def test_a_deleted_note_leaves_no_copy_in_the_history(alice, alice_plan, alice_client):
    note = services.add_note(alice_plan[1], "My home address is 12 Secret Street")
    alice_client.post(reverse("plans:evidence_delete", args=[note.id]))
    assert not Evidence.objects.filter(pk=note.pk).exists()
    assert not Event.objects.filter(owner=alice, text__contains="Secret Street").exists()
    assert Event.objects.filter(action=alice_plan[1], kind="created").exists()  # the rest of the history stays


def test_only_the_owner_can_delete_and_only_by_post(alice, alice_plan, bob_client, alice_client):
    shot = services.add_screenshot(alice_plan[0], png_bytes(), "shot.png")
    assert bob_client.get(reverse("plans:evidence_delete", args=[shot.id])).status_code == 404
    assert bob_client.post(reverse("plans:evidence_delete", args=[shot.id])).status_code == 404
    assert alice_client.put(reverse("plans:evidence_delete", args=[shot.id])).status_code == 405
    assert Evidence.objects.filter(pk=shot.pk).exists() and Path(shot.file.path).exists()


def test_deleting_needs_the_csrf_token(alice, alice_plan):
    from django.test import Client

    shot = services.add_screenshot(alice_plan[0], png_bytes(), "shot.png")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    assert browser.post(reverse("plans:evidence_delete", args=[shot.id])).status_code == 403
    assert Evidence.objects.filter(pk=shot.pk).exists()


def test_deleting_one_of_two_items_added_at_the_same_moment_keeps_the_others_file_and_history(
        alice, alice_plan, django_capture_on_commit_callbacks):
    """An import gives items the moment they were added: the same one, for two screenshots saved together."""
    import datetime as dt

    moment = dt.datetime(2026, 11, 1, 10, tzinfo=dt.UTC)
    first = services.add_screenshot(alice_plan[0], png_bytes(), "first.png", now=moment)
    second = services.add_screenshot(alice_plan[0], png_bytes(color=(0, 0, 9)), "second.png", now=moment)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_evidence(first)
    assert Path(Evidence.objects.get(pk=second.pk).file.path).exists()
    lines = list(Event.objects.filter(action=alice_plan[0], kind="evidence").values_list("text", flat=True))
    assert lines == ["Screenshot: second.png"]


def test_a_deleted_item_leaves_a_line_that_says_so_and_the_calendar_sequence_never_falls(alice, alice_plan,
                                                                                          alice_client):
    """Deleting the history line made a step's calendar SEQUENCE (a count of its lines) fall, so a later change could
    come back to a number the calendar had seen with another date, and be ignored."""
    from icalendar import Calendar

    from optout.plans.models import Status

    step = services.set_status(alice_plan[0], Status.DONE)
    note = services.add_note(step, "Flat 3, Secret Street")

    def recheck_sequence():
        calendar = Calendar.from_ical(alice_client.get(reverse("plans:calendar_download")).content)
        [event] = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(f"recheck-{step.number}.")]
        return int(event["SEQUENCE"])

    before = recheck_sequence()
    alice_client.post(reverse("plans:evidence_delete", args=[note.id]))
    assert recheck_sequence() >= before
    page = alice_client.get(reverse("plans:action", args=[step.number])).content.decode()
    assert "Proof deleted" in page and "Secret Street" not in page
    services.set_status(step, Status.DONE, "checked again")
    assert recheck_sequence() > before
