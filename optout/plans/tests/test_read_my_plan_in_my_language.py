"""optout's own steps are titled in the reader's language, with the law's name as the reader's language calls it:
a German plan read "#16 Adobe Creative Cloud: Send a written request under GDPR" and "… gibt Ihnen die GDPR Rechte"."""

from django.urls import reverse

from conftest import make_plan
from optout.plans.models import Action


def test_generic_steps_and_the_law_are_named_in_the_readers_language(alice, alice_client):
    make_plan(alice, "EU", ["adobe", "tumblr"])
    request = Action.objects.filter(owner=alice, mechanism="legal-request").first()
    clean_up = Action.objects.filter(owner=alice, mechanism="clean-up-public-posts").first()
    assert request.title == "Send a written request under GDPR"  # stored as made, in English
    alice_client.cookies["django_language"] = "de"
    for url in (reverse("plans:plan"), request.get_absolute_url()):
        page = " ".join(alice_client.get(url).content.decode().split())
        assert "Einen schriftlichen Antrag nach DSGVO schicken" in page, url
        assert "Send a written request" not in page and "under GDPR" not in page, url
    page = " ".join(alice_client.get(reverse("plans:plan")).content.decode().split())
    assert "Laden Sie Ihre Daten herunter, dann löschen oder verbergen Sie alte öffentliche Beiträge" in page
    assert clean_up.title not in page
    alice_client.cookies["django_language"] = "fr"
    page = " ".join(alice_client.get(request.get_absolute_url()).content.decode().split())
    assert "RGPD" in page and "GDPR" not in page.replace("UK GDPR", "")
