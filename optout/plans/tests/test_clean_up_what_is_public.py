"""The step "download your data, then delete or hide old public posts": only where what people put is public, never
counted for someone whose work must stay public, and never "with no opt-out" beside an opt-out optout could not
confirm. It told a photographer to delete their Google Photos library, and a Brazilian that Instagram had no opt-out
right under Instagram's Brazilian objection form."""

from django.urls import reverse

from conftest import make_plan
from optout.catalog.loader import catalog
from optout.plans.planner import CLEAN_UP


def test_a_private_library_gets_no_step_to_delete_its_public_posts(alice):
    actions = make_plan(alice, "UK", ["google-photos"])
    assert not catalog()["google-photos"].posts_in_public
    assert CLEAN_UP not in {a.mechanism for a in actions}


def test_beside_an_unconfirmed_opt_out_the_step_says_so_and_is_not_counted_for_a_public_person(alice, alice_client):
    instagram = catalog()["instagram"]
    unsure = [m for m in instagram.mechanisms_for("BR") if m.is_opt_out]
    assert unsure and all(m.confidence == "low" for m in unsure)
    actions = make_plan(alice, "BR", ["instagram"], visibility="public")
    clean_up = next(a for a in actions if a.mechanism == CLEAN_UP)
    assert clean_up.optional
    page = " ".join(alice_client.get(reverse("plans:action", args=[clean_up.number])).content.decode().split())
    assert "optout could not confirm the opt-out for this platform" in page
    assert "With no opt-out" not in page


def test_where_there_is_no_opt_out_the_step_says_so(alice, alice_client):
    actions = make_plan(alice, "UK", ["reddit"], visibility="balanced")
    clean_up = next(a for a in actions if a.mechanism == CLEAN_UP)
    assert not clean_up.optional
    page = alice_client.get(reverse("plans:action", args=[clean_up.number])).content.decode()
    assert "With no opt-out, what is public can be used." in page
