"""`optout settings …`: a person changes their account settings from a terminal, as on the web's Account page."""

import json

from typer.testing import CliRunner

from optout.accounts.models import Profile
from optout.cli import build_app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(build_app(), list(args), env={"COLUMNS": "200"})


def settings_of(user) -> dict:
    profile = Profile.objects.get(owner=user)
    return {field: getattr(profile, field) for field in ("region", "time_zone", "recheck_days", "policy_news", "language")}


def test_show_and_change_every_setting_with_the_plan_following_the_region(db, alice):
    assert run("plan", "new", "--region", "EU", "--platforms", "instagram", "--user", "alice").exit_code == 0
    shown = run("settings", "show", "--user", "alice")
    assert shown.exit_code == 0, shown.output
    assert "European Union (EU)" in shown.output and "90 days" in shown.output
    assert "Every change that may be about AI" in shown.output and "[all]" in shown.output
    assert "not chosen (web pages use your browser's zone)" in shown.output

    result = run("settings", "set", "--region", "us-ca", "--time-zone", "America/Los_Angeles", "--recheck-days", "30",
                 "--policy-news", "Sure", "--language", "de", "--user", "alice")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Saved.") and "United States: California (US-CA)" in result.output
    assert settings_of(alice) == {"region": "US-CA", "time_zone": "America/Los_Angeles", "recheck_days": 30,
                                  "policy_news": "sure", "language": "de"}
    facts = json.loads(run("settings", "show", "--json", "--user", "alice@example.org").output)
    assert facts["policy_news"] == "sure" and facts["language_name"] == "Deutsch" and facts["region"] == "US-CA"
    assert facts["policy_news_meaning"].startswith("Only changes optout is sure are about AI")

    # Instagram's EU objection form does not apply in California: the plan drops it.
    steps = {row["step"] for row in json.loads(run("plan", "show", "--json", "--user", "alice").output)}
    assert "eu-objection-form" not in steps

    assert run("settings", "set", "--time-zone", "browser", "--user", "alice").exit_code == 0
    assert settings_of(alice)["time_zone"] == ""


def test_a_bad_value_names_its_option_and_nothing_changes(db, alice):
    run("settings", "set", "--region", "EU", "--policy-news", "all", "--user", "alice")
    before = settings_of(alice)
    cases = [
        (["--policy-news", "sure", "--region", "Atlantis"], "--region: Unknown region 'ATLANTIS'; use one of EU, EEA,"),
        (["--policy-news", "some"], "--policy-news: Choose which policy changes to be told of: all, sure."),
        (["--region", "UK", "--time-zone", "Mars/Olympus"], "--time-zone: Unknown time zone “Mars/Olympus”"),
        (["--recheck-days", "3", "--language", "de"], "--recheck-days: Choose between 7 and 730 days."),
        (["--language", "tlh"], "--language: optout does not speak “tlh”."),
    ]
    for options, message in cases:
        result = run("settings", "set", *options, "--user", "alice")
        assert result.exit_code == 1, options
        assert message in result.output and "Nothing was changed." in result.output, result.output
        assert settings_of(alice) == before, options


def test_set_without_a_setting_says_what_to_give(db, alice):
    result = run("settings", "set", "--user", "alice")
    assert result.exit_code == 1 and "Name at least one setting to change" in result.output
    result = run("settings", "set", "--policy-news", "sure", "--user", "nobody")
    assert result.exit_code == 1 and "No user 'nobody'." in result.output


def test_the_country_is_shown_and_set_with_its_region(db, alice):
    """`settings show` had no country line and `settings set` no --country, though the country picks the letters'
    language and the authorities to complain to; a region that the saved country is not in forgets the country."""
    run("plan", "new", "--country", "DE", "--platforms", "instagram", "--user", "alice")
    assert "Germany (DE)" in run("settings", "show", "--user", "alice").output
    moved = run("settings", "set", "--country", "fr", "--user", "alice")
    assert moved.exit_code == 0, moved.output
    assert "France (FR)" in moved.output and "European Union (EU)" in moved.output
    clash = run("settings", "set", "--country", "FR", "--region", "UK", "--user", "alice")
    assert clash.exit_code == 1 and "FR is in European Union, not in UK" in clash.output
    assert "Nothing was changed." in clash.output
    away = run("settings", "set", "--region", "UK", "--user", "alice")
    assert away.exit_code == 0 and "Your country (FR) is not in the region you chose" in away.output
    assert "Country:" in away.output and "not given (set it with --country" in away.output
    alice.profile.refresh_from_db()
    assert (alice.profile.country, alice.profile.region) == ("", "UK")


def test_news_by_e_mail_without_an_address_says_nothing_can_be_e_mailed(db, alice):
    alice.email = ""
    alice.save()
    shown = run("settings", "show", "--user", "alice").output
    assert "on, but your account has no e-mail address: nothing can be e-mailed" in shown


def test_a_language_variety_saved_as_its_language_says_so(db, alice):
    result = run("settings", "set", "--language", "pt-BR", "--user", "alice")
    assert result.exit_code == 0 and "pt-BR was saved as pt" in result.output
    assert settings_of(alice)["language"] == "pt"


def test_a_german_resident_sets_their_land(db, alice):
    run("plan", "new", "--country", "DE", "--platforms", "instagram", "--user", "alice")
    shown = run("settings", "show", "--user", "alice").output
    assert "Land:" in shown and "not given (set it with --land" in shown
    result = run("settings", "set", "--land", "de-by", "--user", "alice")
    assert result.exit_code == 0 and "Bayern (DE-BY)" in result.output
    bad = run("settings", "set", "--land", "DE-XX", "--user", "alice")
    assert bad.exit_code == 1 and "--land: Unknown Land 'DE-XX'" in bad.output and "Nothing was changed." in bad.output
    moved = run("settings", "set", "--country", "FR", "--user", "alice")
    assert moved.exit_code == 0 and "Land:" not in moved.output
    alice.profile.refresh_from_db()
    assert alice.profile.subdivision == ""
    french = run("settings", "set", "--land", "DE-BY", "--user", "alice")
    assert french.exit_code == 1 and "A Land is for people who live in Germany" in french.output
