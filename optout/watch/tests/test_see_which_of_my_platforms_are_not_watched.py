"""The policy changes page names the platforms a person uses whose policies optout does not watch: silence there
said nothing about them, and only the platform's own page (not linked from the list) said so."""

from django.urls import reverse

from conftest import make_plan
from optout.watch.services.documents import watched


def test_the_page_names_the_platforms_i_use_that_optout_does_not_watch(alice, alice_client):
    assert watched("linkedin") and not watched("alamy")
    make_plan(alice, "EU", ["linkedin", "alamy"])
    html = " ".join(alice_client.get(reverse("watch:index")).content.decode().split())
    assert ("optout does not watch the policy of Alamy, which you use: a change to it will not show here, and optout "
            "cannot tell you of one.") in html
    assert "LinkedIn, which you use" not in html
    alice_client.cookies["django_language"] = "de"
    german = " ".join(alice_client.get(reverse("watch:index")).content.decode().split())
    assert "Alamy" in german and 'id="unwatched"' in german and "which you use" not in german
