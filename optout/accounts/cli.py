"""`optout settings …`: what the web app's Account page holds, from a terminal (same database, same checks)."""

from __future__ import annotations

import typer

from optout.lib.cli import UserOption, say, say_json
from optout.lib.cli import fail as _fail
from optout.lib.cli import resolve_user as _user

app = typer.Typer(no_args_is_help=True, add_completion=False)

REGION_HELP = ("Where you live: EU, EEA, UK, CH, US, US-CA, US-CO, US-CT, US-TX, US-VA, BR, CA, AU, IN, JP, KR or OTHER "
               "(it decides which opt-outs your plan shows).")
ZONE_HELP = "Your time zone for the web pages and e-mails, such as Europe/Berlin; 'browser' for your browser's zone."
RECHECK_HELP = "Re-check finished steps after this many days (7 to 730); applies to steps finished from now on."
NEWS_HELP = ("Which policy changes reach you: 'all' (every change that may be about AI) or 'sure' (only those optout "
             "is sure are about AI; the others are still listed under Policy changes and in your feed).")
EMAIL_NEWS_HELP = ("Whether your news (deadlines, re-checks, policy changes) is e-mailed to you too: 'on' or 'off' "
                   "(off: it shows only in optout and on your channels).")
LANGUAGE_HELP = "The language of your e-mails and news: en, de, es, fr, it, nl, pl or pt."
LAND_HELP = ("If you live in Germany: your Land, as its code (DE-BY Bayern, DE-BE Berlin, DE-NW Nordrhein-Westfalen…); "
             "its data protection authority takes your complaints about companies. 'none' to clear it.")
COUNTRY_HELP = ("The country you live in, as a two-letter code (DE, FR, GB, BR…): it sets your region too, and picks your "
                "letters' language and the authorities you can complain to.")


def _described(user) -> dict:
    """The person's settings: each as its code (for scripts) and in words (for people)."""
    from django.conf import settings

    from optout.catalog import regions
    from optout.lib.countries import country_names

    from .choices import POLICY_NEWS_CHOICES
    from .services import profile_for

    profile = profile_for(user)
    languages = dict(settings.LANGUAGES)
    return {
        "user": user.get_username(), "email": user.email,
        "region": profile.region, "region_name": dict(regions.CHOICES).get(profile.region, "not chosen yet"),
        "country": profile.country, "country_name": country_names("en").get(profile.country, ""),
        "land": profile.subdivision, "land_name": regions.GERMAN_STATES.get(profile.subdivision, ""),
        "time_zone": profile.time_zone, "recheck_days": profile.recheck_days,
        "policy_news": profile.policy_news, "policy_news_meaning": dict(POLICY_NEWS_CHOICES)[profile.policy_news],
        "email_news": profile.email_news,
        "language": profile.language, "language_name": str(languages.get(profile.language, "")),
    }


def _print(facts: dict) -> None:
    zone = facts["time_zone"] or "not chosen (web pages use your browser's zone)"
    language = (f"{facts['language_name']} ({facts['language']})" if facts["language"]
                else "not chosen (English until you pick a language on the web)")
    region = f"{facts['region_name']} ({facts['region']})" if facts["region"] else facts["region_name"]
    country = (f"{facts['country_name']} ({facts['country']})" if facts["country"]
               else "not given (set it with --country: it picks your letters' language and the authorities you can "
                    "complain to)")
    who = facts["user"] + (f" <{facts['email']}>" if facts["email"] else "")
    emailed = ("off (in optout and on your channels only)" if not facts["email_news"]
               else "on" if facts["email"] else "on, but your account has no e-mail address: nothing can be e-mailed")
    rows = [("Settings of", who), ("Where you live", region), ("Country", country),
            *([("Land", f"{facts['land_name']} ({facts['land']})" if facts["land"] else
                "not given (set it with --land, e.g. --land DE-BY: complaints then go to its authority)")]
              if facts["country"] == "DE" else []),
            ("Time zone", zone),
            ("Re-check finished steps after", f"{facts['recheck_days']} days"),
            ("Policy changes that reach you", f"{facts['policy_news_meaning']} [{facts['policy_news']}]"),
            ("News by e-mail", emailed),
            ("Language of e-mails and news", language)]
    width = max(len(label) for label, _ in rows) + 2
    for label, value in rows:
        say(f"{label + ':':<{width}}{value}")


@app.command()
def show(
    as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts."),
    user: str | None = UserOption,
) -> None:
    """Show your settings: where you live, time zone, re-check days, which policy changes reach you, language."""
    facts = _described(_user(user))
    if as_json:
        say_json(facts)
    else:
        _print(facts)


def _on_off(value: str):
    """True or False for on/off (yes/no); anything else as given, for the setting to refuse by name."""
    return {"on": True, "yes": True, "off": False, "no": False}.get(value.strip().lower(), value)


@app.command(name="set")
def set_(
    region: str | None = typer.Option(None, help=REGION_HELP),
    country: str | None = typer.Option(None, help=COUNTRY_HELP),
    land: str | None = typer.Option(None, help=LAND_HELP),
    time_zone: str | None = typer.Option(None, "--time-zone", help=ZONE_HELP),
    recheck_days: int | None = typer.Option(None, "--recheck-days", help=RECHECK_HELP),
    policy_news: str | None = typer.Option(None, "--policy-news", help=NEWS_HELP),
    email_news: str | None = typer.Option(None, "--email-news", help=EMAIL_NEWS_HELP),
    language: str | None = typer.Option(None, help=LANGUAGE_HELP),
    user: str | None = UserOption,
) -> None:
    """Change one or more settings. Nothing changes unless every value given is fine."""
    if all(value is None for value in (region, country, land, time_zone, recheck_days, policy_news, email_news,
                                       language)):
        raise _fail("Name at least one setting to change, e.g. --policy-news sure (see 'optout settings set --help').")
    person = _user(user)
    from django.db import transaction

    from . import services

    forgotten = []

    def place(person, _value):
        forgotten.append(services.set_place(person, country, region)[1])

    changes = [
        ("--country" if country else "--region", place, True if country or region else None),
        ("--land", services.set_subdivision, None if land is None else "" if land.strip().lower() == "none" else land),
        ("--time-zone", services.set_time_zone, "" if (time_zone or "").strip().lower() == "browser" else time_zone),
        ("--recheck-days", services.set_recheck_days, recheck_days),
        ("--policy-news", services.set_policy_news, None if policy_news is None else policy_news.strip().lower()),
        ("--email-news", services.set_email_news, None if email_news is None else _on_off(email_news)),
        ("--language", services.set_language, language),
    ]
    try:
        with transaction.atomic():
            for option, setter, value in changes:
                if value is None:
                    continue
                try:
                    setter(person, value)
                except services.AccountDataError as exc:
                    raise services.AccountDataError(f"{option}: {exc} Nothing was changed.") from exc
    except services.AccountDataError as exc:
        raise _fail(str(exc)) from exc
    typer.echo("Saved.")
    if language and language.strip().lower() != language.strip().lower().split("-")[0]:
        typer.echo(f"optout's pages and e-mails come in one variety of each language (Portuguese: Portugal's), so "
                   f"{language.strip()} was saved as {language.split('-')[0].lower()}.")
    if any(forgotten):
        typer.echo(f"Your country ({forgotten[0]}) is not in the region you chose, so optout no longer takes it as yours; "
                   "set the one you live in with --country.")
    _print(_described(person))


@app.command(name="delete-account")
def delete_account(
    confirm: str | None = typer.Option(
        None, "--confirm", metavar="EMAIL-OR-NAME",
        help="The account's e-mail address (or user name when it has none), to delete without being asked."),
    user: str | None = UserOption,
) -> None:
    """Delete your account and everything in it, for good: plan, history, evidence files, letters, notifications and
    channels, presets, calendar address, settings and login. Export your plan first to keep a copy."""
    person = _user(user)
    expected = person.email or person.get_username()
    typer.echo(f"This deletes the account {expected} and everything in it, for good: your plan and its history, your "
               "evidence files, letters, notifications and channels, image-marking presets, calendar address, "
               "corrections you reported, settings and login. Export your plan first ('optout plan export FILE') to keep "
               "a copy.")
    if confirm is None:
        confirm = typer.prompt(f"Type {expected} to delete it", default="", show_default=False)
    if confirm.strip().casefold() != expected.casefold():
        raise _fail(f"That is not {expected}; nothing was deleted.")
    from .services import delete_account as delete

    delete(person)
    typer.echo(f"Deleted the account {expected}. Copies in backups made before stay until those backups are deleted.")
