"""Making a plan: the wizard, and what the plan contains for each region."""

import re

import pytest
from django.urls import reverse

from conftest import make_plan
from optout.accounts.models import PlatformAccount
from optout.plans.models import Action


def _steps(actions):
    return [(a.platform, a.mechanism) for a in actions if a.retired_at is None]


@pytest.mark.parametrize(
    ("region", "has", "lacks"),
    [
        ("EU", [("instagram", "eu-objection-form")], [("instagram", "legal-request"), ("instagram", "clean-up-public-posts")]),
        ("UK", [("instagram", "eu-objection-form")], [("instagram", "legal-request")]),
        ("US", [("instagram", "clean-up-public-posts")], [("instagram", "eu-objection-form"), ("instagram", "legal-request")]),
        ("BR", [("instagram", "legal-request"), ("instagram", "clean-up-public-posts")], [("instagram", "eu-objection-form")]),
        ("US-CA", [("instagram", "legal-request")], [("instagram", "eu-objection-form")]),
        # Meta's 2025 training included Switzerland, with the same form (catalog: instagram.yaml, SRF)
        ("CH", [("instagram", "eu-objection-form")], [("instagram", "clean-up-public-posts")]),
    ],
)
def test_plans_differ_by_region(alice, region, has, lacks):
    steps = _steps(make_plan(alice, region, ["instagram", "linkedin", "x"]))
    for step in has:
        assert step in steps, (region, step)
    for step in lacks:
        assert step not in steps, (region, step)
    assert ("linkedin", "generative-ai-setting") in steps


def test_quick_settings_come_first_then_forms_then_letters_then_limits(alice):
    actions = make_plan(alice, "BR", ["instagram", "linkedin", "x", "facebook"])
    order = {"quick": 0, "forms": 1, "letters": 2, "limit": 3}
    stages = [order[a.stage] for a in sorted(actions, key=lambda a: a.position)]
    assert stages == sorted(stages)
    assert stages[0] == 0 and 2 in stages


def test_someone_who_can_go_private_gets_private_account_early(alice, bob):
    private = {a.mechanism: a for a in make_plan(alice, "US", ["instagram"], visibility="private")}
    public = {a.mechanism: a for a in make_plan(bob, "US", ["instagram"], visibility="public")}
    assert private["private-account"].stage == "quick" and not private["private-account"].optional
    assert public["private-account"].stage == "limit" and public["private-account"].optional


def test_the_plan_page_says_plainly_where_no_opt_out_exists(alice_client, alice):
    make_plan(alice, "US", ["instagram", "linkedin"])
    html = alice_client.get(reverse("plans:plan")).content.decode()
    assert "Instagram offers no opt-out where you live." in html
    assert "LinkedIn offers no opt-out" not in html
    assert "Download your data, then delete or hide old public posts" in html


def test_the_plan_page_says_only_that_optout_knows_of_none_where_no_source_says_none_exists(alice_client, alice):
    from optout.catalog.loader import catalog

    unsure = next(p for p in catalog().values() if not p.has_opt_out("US") and not p.says_no_opt_out("US"))
    make_plan(alice, "US", [unsure.slug])
    html = alice_client.get(reverse("plans:plan")).content.decode()
    assert f"optout knows of no opt-out on {unsure.name} where you live." in html.replace("&#x27;", "'")
    assert f"{unsure.name} offers no opt-out" not in html


def test_wizard_without_javascript_makes_a_plan(alice_client, alice):
    response = alice_client.get(reverse("plans:dashboard"))
    assert "Make your plan" in response.content.decode()
    response = alice_client.post(reverse("plans:start_where"), {"country": "DE"})
    assert response.url == reverse("plans:start_platforms")
    html = alice_client.get(reverse("plans:start_platforms"), {"q": "insta"}).content.decode()
    assert 'value="instagram"' in html and 'value="linkedin"' not in html
    response = alice_client.post(reverse("plans:start_platforms"), {"platforms": ["instagram", "linkedin", "x"]})
    assert response.url == reverse("plans:start_accounts")
    ids = {a.platform: a.id for a in PlatformAccount.objects.filter(owner=alice)}
    response = alice_client.post(reverse("plans:start_accounts"), {f"handle-{ids['instagram']}": "@alice.draws"})
    assert response.url == reverse("plans:start_about")
    response = alice_client.post(reverse("plans:start_about"), {"creator_kind": "visual-artist", "visibility": "public"}, follow=True)
    html = response.content.decode()
    assert "Your plan is ready" in html and "0 of" in html
    alice.profile.refresh_from_db()
    assert (alice.profile.region, alice.profile.country, alice.profile.creator_kind) == ("EU", "DE", "visual-artist")
    objection = Action.objects.get(owner=alice, platform="instagram", mechanism="eu-objection-form")
    assert objection.account_label == "@alice.draws"


def test_the_wizard_names_countries_and_kinds_of_platform_in_the_readers_language(alice_client, alice):
    alice_client.cookies["django_language"] = "es"
    where = alice_client.get(reverse("plans:start_where")).content.decode()
    assert '<option value="ES">España</option>' in where and ">Spain<" not in where
    alice_client.post(reverse("plans:start_where"), {"country": "ES"})
    platforms = alice_client.get(reverse("plans:start_platforms")).content.decode()
    assert "Redes sociales" in platforms and "Social networks" not in platforms
    step = make_plan(alice, "EU", ["instagram"])[0]
    page = alice_client.get(reverse("plans:action", args=[step.number])).content.decode()
    assert "PNG, JPEG, WebP o GIF, de hasta 10 MB. Solo tú puedes verla." in page


def test_the_wizard_lists_countries_in_the_readers_alphabet(alice_client, alice):
    """Sorted by code point, Polish "Łotwa" came after "Zjednoczone Emiraty Arabskie", and "Słowacja" after "Szwecja"."""
    alice_client.cookies["django_language"] = "pl"
    where = alice_client.get(reverse("plans:start_where")).content.decode()
    names = re.findall(r'<option value="[A-Z]{2}">([^<]+)</option>', where)
    assert names.index("Luksemburg") < names.index("Łotwa") < names.index("Madagaskar")
    assert names.index("Sierra Leone") < names.index("Słowacja") < names.index("Somalia") < names.index("Szwecja")
    assert names.index("Wietnam") < names.index("Włochy") < names.index("Wyspy Owcze")
    alice_client.cookies["django_language"] = "pt"
    where = alice_client.get(reverse("plans:start_where")).content.decode()
    assert '<option value="SY">Síria</option>' in where  # without the soft hyphen django-countries writes in it
    assert '<option value="VN">Vietname</option>' in where  # European Portuguese, not Brazilian "Vietnã"


def test_the_wizard_names_every_country_as_its_readers_do(alice_client, alice):
    """django-countries' catalogs gave Portuguese readers Brazil's names and misspellings ("República Tcheca",
    "Quatar" among the Q's), Polish readers two countries called "Kongo", Spanish readers "Trinidad yTobago" and
    "Principado de Andorra" under P. The names are CLDR's, as in the time zone list."""
    def countries(language):
        alice_client.cookies["django_language"] = language
        where = alice_client.get(reverse("plans:start_where")).content.decode()
        return dict(re.findall(r'<option value="([A-Z]{2})">([^<]+)</option>', where))

    portuguese, polish, spanish = countries("pt"), countries("pl"), countries("es")
    assert (portuguese["CZ"], portuguese["QA"], portuguese["KP"], portuguese["KM"]) == ("Chéquia", "Catar",
                                                                                        "Coreia do Norte", "Comores")
    assert polish["CG"] != polish["CD"] and polish["MK"] == "Macedonia Północna"
    assert (spanish["TT"], spanish["AD"], spanish["CF"]) == ("Trinidad y Tobago", "Andorra", "República Centroafricana")
    for names in (portuguese, polish, spanish):
        assert len(set(names.values())) == len(names)  # no two countries under one name


def test_wizard_maps_us_states_and_rejects_bad_answers(alice_client, alice):
    alice_client.post(reverse("plans:start_where"), {"country": "US", "us_state": "CA"})
    alice.profile.refresh_from_db()
    assert alice.profile.region == "US-CA"
    alice_client.post(reverse("plans:start_where"), {"country": "US", "us_state": "OH"})
    alice.profile.refresh_from_db()
    assert alice.profile.region == "US"
    response = alice_client.post(reverse("plans:start_where"), {"country": "XX"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    response = alice_client.post(reverse("plans:start_platforms"), {})
    assert response.status_code == 400 and "Tick at least one platform" in response.content.decode()
    response = alice_client.post(reverse("plans:start_platforms"), {"platforms": ["myspace"]})
    assert response.status_code == 400 and "No platform &#x27;myspace&#x27;" in response.content.decode()
    response = alice_client.post(reverse("plans:start_about"), {"creator_kind": "wizard", "visibility": "public"})
    assert response.status_code == 400
    assert not Action.objects.filter(owner=alice).exists()


def test_two_accounts_on_one_platform_get_their_own_steps(alice):
    from optout.accounts.services import add_platform_account

    make_plan(alice, "EU", ["instagram"])
    add_platform_account(alice, "instagram", "@second")
    from optout.plans.services import refresh_plan

    refresh_plan(alice)
    objections = Action.objects.filter(owner=alice, mechanism="eu-objection-form")
    assert sorted(a.account_label for a in objections) == ["", "@second"]


@pytest.mark.parametrize(("region", "title", "says", "never"), [
    ("US-TX", "Ask the company in writing to stop", "without claiming a legal deadline", "within a legal deadline"),
    ("CH", "Send a written request under Swiss Federal Act on Data Protection", "sets the company no fixed time",
     "within a legal deadline"),
    ("EU", "Send a written request under GDPR", "within a legal deadline", "no fixed time"),
])
def test_a_written_request_promises_what_the_law_there_gives(alice_client, alice, region, title, says, never):
    """Texas's step promised a legal deadline that the plain letter it opened then disowned; Switzerland's and
    Brazil's laws set none for an erasure request."""
    step = next(a for a in make_plan(alice, region, ["reddit"]) if a.mechanism == "legal-request")
    assert step.title == title
    page = " ".join(alice_client.get(reverse("plans:action", args=[step.number])).content.decode().split())
    assert says in page and never not in page


def test_a_written_requests_summary_is_in_the_readers_language(alice_client, alice):
    step = next(a for a in make_plan(alice, "EU", ["reddit"]) if a.mechanism == "legal-request")
    alice_client.cookies["django_language"] = "de"
    page = " ".join(alice_client.get(reverse("plans:action", args=[step.number])).content.decode().split())
    assert "gibt Ihnen die DSGVO Rechte an Ihren personenbezogenen Daten" in page


@pytest.mark.parametrize("country", ["RE", "GF", "AX"])
def test_an_eu_territory_with_its_own_country_code_is_in_the_eu(alice_client, alice, country):
    """Someone in Réunion was filed under "somewhere else" and told Facebook offers no opt-out: the GDPR applies
    there as in France (TFEU Art. 355(1)); Åland is Finland's."""
    alice_client.post(reverse("plans:start_where"), {"country": country})
    alice.profile.refresh_from_db()
    assert alice.profile.region == "EU"
    assert ("facebook", "eu-objection-form") in _steps(make_plan(alice, alice.profile.region, ["facebook"]))


def test_a_step_the_catalog_is_unsure_of_says_so_where_it_is_done(alice_client, alice):
    """Brazil's Meta objection is of low confidence in the catalog (press reports, no Meta page read): its step page
    and `plan next` said so nowhere."""
    import json

    from typer.testing import CliRunner

    from optout.cli import build_app

    steps = make_plan(alice, "BR", ["instagram"])
    unsure = next(a for a in steps if a.mechanism == "br-objection")
    page = " ".join(alice_client.get(reverse("plans:action", args=[unsure.number])).content.decode().split())
    assert 'id="unsure-steps"' in page and "optout is not sure of these steps." in page
    assert "optout has not read Meta&#x27;s Brazilian policy or form itself" in page
    sure = next(a for a in make_plan(alice, "EU", ["linkedin"]) if a.mechanism == "generative-ai-setting")
    assert 'id="unsure-steps"' not in alice_client.get(reverse("plans:action", args=[sure.number])).content.decode()

    nxt = json.loads(CliRunner().invoke(build_app(), ["plan", "next", "--json", "--user", alice.username]).output)
    assert "unsure" in nxt


@pytest.mark.parametrize(("region", "offered"), [("EU", True), ("UK", True), ("US-CA", True), ("US", False)])
def test_a_use_no_switch_reaches_leaves_the_written_request(alice, region, offered):
    """YouTube's third-party opt-in does not reach Google's own training: where a law gives rights, the written
    request is still offered (it was not, because the third-party switch counted as an opt-out)."""
    steps = _steps(make_plan(alice, region, ["youtube"]))
    assert (("youtube", "legal-request") in steps) is offered
    assert ("youtube", "clean-up-public-posts") not in steps  # the switch there still counts for the rest


def test_a_step_partly_confirmed_on_the_platforms_pages_says_what_was_not(alice_client, alice):
    """Only low confidence was said where people follow the steps; a medium one whose reason names what optout could
    not confirm on the platform (a label, a menu place) said nothing there."""
    from optout.catalog.loader import catalog

    def entry(action):
        return next((m for m in catalog()[action.platform].mechanisms if m.id == action.mechanism), None)

    step = next(a for a in make_plan(alice, "EU", ["linkedin", "x", "deviantart"])
                if (m := entry(a)) is not None and m.confidence == "medium" and m.confidence_reason)
    reason = entry(step).confidence_reason
    page = " ".join(alice_client.get(reverse("plans:action", args=[step.number])).content.decode().split())
    assert 'id="partly-confirmed"' in page and "Not all of these steps were confirmed" in page
    assert " ".join(reason.split())[:40].replace("'", "&#x27;") in page and 'id="unsure-steps"' not in page


def test_a_reader_of_another_language_is_told_why_step_names_are_english_before_reading_them(alice_client, alice):
    """The plan's lists showed the platforms' English step names with no word why, and a step's page began a sentence
    in Spanish that ended in the catalog's English before the notice that explains it."""
    actions = make_plan(alice, "EU", ["instagram", "linkedin", "x", "facebook"])
    alice_client.cookies["django_language"] = "es"
    for url in (reverse("plans:plan"), reverse("plans:dashboard")):
        assert "aparecen con su nombre en inglés" in alice_client.get(url).content.decode(), url
    for action in actions:
        page = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
        if "english-data" not in page:
            continue
        notice = page.index("english-data")
        for quoting in ('id="partly-confirmed"', 'id="unsure-steps"', 'id="policy-changed"'):
            assert quoting not in page or page.index(quoting) > notice, (action.mechanism, quoting)
        assert page.count("english-data") == 1
    alice_client.cookies["django_language"] = "en"
    assert "english-data" not in alice_client.get(reverse("plans:plan")).content.decode()


def test_a_step_needed_only_in_some_situation_is_optional_and_says_when(alice, alice_client):
    """"Ask Meta about personal information of yours in AI answers" needs a screenshot of an AI answer showing it:
    counted as a step to do, it kept everyone from finishing their plan."""
    make_plan(alice, "EU", ["instagram"])
    step = Action.objects.get(owner=alice, mechanism="third-party-information-form")
    assert step.optional
    page = alice_client.get(reverse("plans:action", args=[step.number])).content.decode()
    assert 'id="only-when"' in page and "seen your own personal information in an answer of Meta AI" in page
    objection = Action.objects.get(owner=alice, mechanism="eu-objection-form")
    assert not objection.optional
    assert 'id="only-when"' not in alice_client.get(reverse("plans:action", args=[objection.number])).content.decode()


def test_answering_the_wizard_again_with_nothing_new_says_so(alice_client, alice):
    """Run again, the wizard's last step said "Your plan is ready. 0 new steps; start with the first one."."""
    alice_client.post(reverse("plans:start_where"), {"country": "IE"})
    alice_client.post(reverse("plans:start_platforms"), {"platforms": ["instagram"]})
    about = {"creator_kind": "visual-artist", "visibility": "public"}
    first = alice_client.post(reverse("plans:start_about"), about, follow=True).content.decode()
    assert "Your plan is ready." in first
    again = alice_client.post(reverse("plans:start_about"), about, follow=True).content.decode()
    assert "Your plan is up to date: your answers added no new step." in again and "0 new steps" not in again


def test_the_us_states_are_offered_by_name(alice_client):
    from optout.catalog import regions

    page = alice_client.get(reverse("plans:start_where")).content.decode()
    assert '<option value="CA">California (CA)</option>' in page
    assert regions.US_STATE_NAMES["MI"] == "Michigan" and regions.US_STATE_NAMES["MS"] == "Mississippi"
    assert regions.US_STATE_NAMES["WV"] == "West Virginia" and regions.US_STATE_NAMES["DC"] == "District of Columbia"
