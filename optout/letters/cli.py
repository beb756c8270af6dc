"""`optout letter …`: legal requests from a terminal, on the same database as the local web app."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer

from optout.lib.cli import UserOption, check_writable
from optout.lib.cli import fail as _fail
from optout.lib.cli import resolve_user as _user

app = typer.Typer(no_args_is_help=True, add_completion=False)

TYPES_HELP = ("EU/EEA and UK: objection, erasure, access, restriction, withdraw-consent; Brazil (LGPD): objection, "
              "erasure, access, withdraw-consent; Switzerland (FADP): objection, erasure, access; California: ccpa-know, "
              "ccpa-delete, ccpa-correct, ccpa-opt-out, ccpa-limit; elsewhere: plain. Default: the objection, or what stands for "
              "it under your law (California: ccpa-opt-out).")


OUT_SUFFIXES = (".pdf", ".eml", ".txt")
ForceOption = typer.Option(False, "--force", help="Overwrite the --out file if it exists.")


def _check_out(out: Path | None, force: bool) -> None:
    """Before anything is stored: a file name of a kind optout writes, and no file overwritten unasked."""
    if out is None:
        return
    if out.suffix.lower() not in OUT_SUFFIXES:
        raise _fail(f"--out: use a .pdf, .eml or .txt file name, not {out.name!r}. Nothing was made.")
    check_writable(out, force=force)


def _platform(name: str, person) -> str:
    """A catalog slug, or a company name such as 'meta': the one of its platforms the person uses (their plan's or
    My platforms'). The letter names that platform ("I am a user of Instagram"), so optout never picks one for them."""
    from optout.accounts.models import PlatformAccount
    from optout.catalog.loader import catalog
    from optout.catalog.query import did_you_mean, search
    from optout.lib.ownership import owned

    slug = name.strip().lower()
    if slug in catalog():
        return slug
    hits = sorted(p.slug for p in search(catalog().values(), slug) if slug in p.owner.company.lower())
    if not hits:
        raise _fail(f"No platform or company {name!r} in the catalog.{did_you_mean(slug, catalog())} "
                    "(See 'optout catalog search'.)")
    used = sorted(set(owned(PlatformAccount, person).filter(platform__in=hits).values_list("platform", flat=True)))
    if len(hits) == 1 or len(used) == 1:
        return (used or hits)[0]
    raise _fail(f"{name!r} runs several platforms ({', '.join(used or hits)}); the letter names the one you use: "
                f"--platform {(used or hits)[0]}, for example.")


def _check_lang(value: str | None) -> str | None:
    """An unknown language is bad usage (exit code 2), said in one line."""
    from .texts import LANGUAGES

    if value is not None and value not in LANGUAGES:
        raise typer.BadParameter(f"no letters in {value!r}; choose one of {', '.join(LANGUAGES)}.")
    return value


@app.command()
def new(
    platform: str = typer.Option(..., help="Platform slug (instagram) or company (meta)."),
    kind: str | None = typer.Option(None, "--type", help=TYPES_HELP),
    lang: str | None = typer.Option(None, "--language", "--lang", help="en, de, fr, es, it, nl, pl, pt or pt-BR, as your law allows. "
                                    "Default: from your country.",
                                    callback=_check_lang),
    name: str | None = typer.Option(None, help="Your full name (default: from your last letter)."),
    address: str | None = typer.Option(None, help="Your postal address; separate lines with '\\n' or ';'."),
    email: str | None = typer.Option(None, help="Your e-mail address (default: your account's)."),
    account: str = typer.Option("", help="Your handle or e-mail on the platform."),
    reason: str = typer.Option("", help="Your own words: how the processing affects you."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Also write the letter here: .pdf, .eml or .txt."),
    force: bool = ForceOption,
    user: str | None = UserOption,
) -> None:
    """Write a request to a platform's company (it is stored as a draft in your letters)."""
    _check_out(out, force)
    _start_pdf_early(out)
    person = _user(user)
    from optout.accounts.services import profile_for
    from optout.lib.ownership import owned

    from . import services
    from .compose import LetterError
    from .models import LetterRequest

    slug = _platform(platform, person)
    profile = profile_for(person)
    last = owned(LetterRequest, person).exclude(kind="complaint").first()
    lines = (address or (last.sender_address if last else "")).replace(";", "\n").replace("\\n", "\n")
    try:
        letter = services.draft_request(
            person, platform=slug, kind=kind or services.default_request(profile.region),
            language=lang or services.default_language(profile.country, profile.region),
            name=name or (last.sender_name if last else ""), address=lines,
            email=email if email is not None else (person.email or ""), account=account, own_words=reason,
        )
    except LetterError as exc:
        hint = " Give them with --reason." if exc.field == "harms" else ""
        raise _fail(f"No letter was made: {exc}{hint}") from exc
    except services.RequestError as exc:
        raise _fail(f"No letter was made: {exc}") from exc
    typer.echo(f"#{letter.number} {letter.reference}: {letter.kind} to {letter.recipient_name} ({letter.language}).")
    if unconfirmed := services.recipient_unconfirmed(letter):
        typer.echo(f"Check the recipient: {unconfirmed}")
    if out:
        _write(letter, out, force)
    typer.echo(f"When you have sent it: optout letter mark-sent {letter.number} --date YYYY-MM-DD")


def _start_pdf_early(out: Path | None) -> None:
    """WeasyPrint loads on the other core while Django starts and the letter is written (optout's own
    entry point has usually started it already, before Typer; then this does nothing)."""
    if out is not None and out.suffix.lower() == ".pdf":
        from optout.lib.pdfrender import start_early

        start_early()


def _write(letter, out: Path, force: bool = False) -> None:
    """The letter as the file `out` names (its kind checked by `_check_out` before anything was made)."""
    from optout.lib.cli import write_or_fail

    from . import services

    try:
        rendered = services.render_letter(letter, out.suffix.lower().lstrip("."))
    except services.CannotPrint as exc:
        raise _fail(f"{out.name} was not written. {exc}") from exc
    write_or_fail(out, rendered.data, force=force)
    typer.echo(f"Wrote {out}.")


@app.command()
def download(
    number: int = typer.Argument(..., help="The letter's number from 'optout letter list'."),
    out: Path = typer.Option(..., "--out", "-o", help="File to write: .pdf, .eml or .txt (a complaint's PDF carries its history)."),
    force: bool = ForceOption,
    user: str | None = UserOption,
) -> None:
    """Write a stored letter (request, reminder or complaint) to a file, exactly as the web page offers it."""
    _check_out(out, force)
    _start_pdf_early(out)
    person = _user(user)
    from optout.lib.ownership import owned

    from .models import LetterRequest

    letter = owned(LetterRequest, person).filter(number=number).first()
    if letter is None:
        raise _fail(f"No letter #{number}; see 'optout letter list'.")
    _write(letter, out, force)


@app.command("list")
def list_letters(
    as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts."),
    user: str | None = UserOption,
) -> None:
    """List your requests with their status and deadline."""
    person = _user(user)
    from optout.lib.ownership import owned

    from .models import LetterRequest

    rows = [
        {"number": r.number, "reference": r.reference, "platform": r.platform, "type": r.kind, "to": r.recipient_name,
         "status": r.status, "sent_on": r.sent_on.isoformat() if r.sent_on else None,
         "deadline": r.effective_deadline.isoformat() if r.effective_deadline else None,
         "deadline_is": r.date_kind if r.effective_deadline else None}
        for r in owned(LetterRequest, person).order_by("number")
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        typer.echo("No letters yet. Write one: optout letter new --platform instagram --type objection")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Your requests")
    from .events import DATE_LABELS

    for column in ("#", "Reference", "To", "Type", "Status", "Next date"):
        table.add_column(column)
    for r in rows:
        waiting = r["deadline"] and r["status"] in ("sent", "acknowledged", "overdue")  # answered: no date ahead
        when = f"{r['deadline']} ({DATE_LABELS[r['deadline_is']].lower()})" if waiting else "—"
        table.add_row(str(r["number"]), r["reference"], r["to"], r["type"], r["status"], when)
    Console().print(table)


@app.command("mark-sent")
def mark_sent(
    number: int = typer.Argument(..., help="The letter's number from 'optout letter list'."),
    date: str = typer.Option(None, "--date", help="Day you sent it, YYYY-MM-DD (default: today)."),
    channel: str = typer.Option("email", help="email, form or post."),
    received: str | None = typer.Option(None, "--received", help="Day the company received it, YYYY-MM-DD, if you "
                                        "know it (tracked post); the law counts from it. Default: the day you sent it."),
    user: str | None = UserOption,
) -> None:
    """Record that you sent a letter; optout computes the legal deadline from the day it was received."""
    person = _user(user)
    from . import services

    letter = _owned_letter(person, number)
    if channel not in ("email", "form", "post"):
        raise _fail("--channel: use email, form or post.")
    sent_on = _day(date, "--date")
    received_on = _day(received, "--received") if received else None
    try:
        services.mark_sent(letter, sent_on, channel, received_on)
        services.settle(letter)  # sent on a past day whose time ran out: overdue now
    except services.RequestError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(f"{letter.reference} sent on {sent_on.isoformat()}. {_date_said(letter)}")
    if letter.status == "overdue":
        typer.echo("That date has passed: the letter's page in the web app (optout serve) says what you can do next.")
    if received_on is None and letter.deadline_awaits_receipt_day:
        typer.echo("Counted from the day you posted it: the company's deadline runs from the day it received the "
                   "letter, usually a few days later (--received DAY counts from it).")


ANSWERS = ("acknowledged", "extended", "answered", "refused", "closed")


@app.command()
def answer(
    number: int = typer.Argument(..., help="The letter's number from 'optout letter list'."),
    what: str = typer.Argument(..., help="What happened: acknowledged (they confirmed receiving it), extended (they "
                                         "extended the deadline), answered (they did what you asked), refused, or "
                                         "closed (you close the request)."),
    note: str = typer.Option("", "--note", help="What they said, in your words or theirs (kept with the letter)."),
    date: str = typer.Option(None, "--date", help="Day they told you, YYYY-MM-DD (default: today). Your records date "
                                                  "the answer by it."),
    until: str = typer.Option(None, "--until", help="With 'extended' under Swiss law: the date they said they will "
                                                    "answer by, YYYY-MM-DD."),
    user: str | None = UserOption,
) -> None:
    """Record what the company did with a letter: confirmed it, extended its deadline, answered, refused."""
    person = _user(user)
    from . import services

    letter = _owned_letter(person, number)
    what = what.strip().lower()
    if what not in ANSWERS:
        raise _fail(f"{what!r} is not an answer optout knows; use one of: {', '.join(ANSWERS)}.")
    try:
        services.record_answer(letter, what, note, told_on=_day(date, "--date") if date else None,
                               until=_day(until, "--until") if until else None)
    except services.RequestError as exc:
        raise _fail(str(exc)) from exc
    letter.refresh_from_db()
    typer.echo(f"{letter.reference}: {letter.get_status_display().lower()}.")
    if what == "extended":
        typer.echo(_date_said(letter))


def _date_said(letter) -> str:
    """The letter's date said whole, by what it is, in the terminal's English and ISO dates."""
    from .events import DATE_SENTENCES, NO_DEADLINE

    day = letter.effective_deadline
    return DATE_SENTENCES[letter.date_kind] % {"date": day.isoformat()} if day else NO_DEADLINE


def _day(value: str | None, option: str) -> dt.date:
    from django.utils import timezone

    try:
        return dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError as exc:
        raise _fail(f"{option}: {value!r} is not a date like 2026-11-25.") from exc


def _owned_letter(person, number: int):
    from optout.lib.ownership import owned

    from .models import LetterRequest

    letter = owned(LetterRequest, person).filter(number=number).first()
    if letter is None:
        raise _fail(f"No letter #{number}; see 'optout letter list'.")
    return letter


@app.command()
def pause(
    number: int = typer.Argument(..., help="The letter's number from 'optout letter list'."),
    reason: str = typer.Option(..., help="What the company asked for: identity (proof of identity) or clarify."),
    date: str = typer.Option(None, "--date", help="Day they asked, YYYY-MM-DD (default: today)."),
    user: str | None = UserOption,
) -> None:
    """The company asked you for information: stop the clock where the law says so (UK Art. 12A)."""
    person = _user(user)
    from . import services

    letter = _owned_letter(person, number)
    try:
        services.pause_clock(letter, _day(date, "--date"), reason)
    except services.RequestError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(f"{letter.reference}: the clock is stopped until they have what they asked for. "
               f"Then: optout letter resume {letter.number} --date YYYY-MM-DD")


@app.command()
def resume(
    number: int = typer.Argument(..., help="The letter's number from 'optout letter list'."),
    date: str = typer.Option(None, "--date", help="Day they received what they asked for, YYYY-MM-DD (default: today)."),
    user: str | None = UserOption,
) -> None:
    """The company has the information it asked for: the clock runs again, the deadline moves."""
    person = _user(user)
    from . import services

    letter = _owned_letter(person, number)
    try:
        services.resume_clock(letter, _day(date, "--date"))
    except services.RequestError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(f"{letter.reference}: the clock runs again. {_date_said(letter)}")
