"""`optout plan …`: your opt-out plan from a terminal, on the same database as the local web app."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from optout.lib.cli import UserOption
from optout.lib.cli import fail as _fail
from optout.lib.cli import resolve_user as _user

app = typer.Typer(no_args_is_help=True, add_completion=False)

STATUS_WORDS = "todo, in_progress, waiting, done, rejected, not_applicable, needs_recheck"

def _action(user, ref: str):
    from optout.lib.ownership import owned

    from .models import Action

    actions = owned(Action, user)
    if ref.lstrip("#").isdigit():
        found = actions.filter(number=int(ref.lstrip("#"))).first()
    elif "/" in ref:
        platform, mechanism = (part.strip().lower() for part in ref.split("/", 1))  # slugs are lower case
        found = actions.filter(platform=platform, mechanism=mechanism, retired_at__isnull=True).first()
    else:
        found = None
    if found is None:
        raise _fail(f"No step {ref!r} in your plan. Use a number from 'optout plan show', or PLATFORM/STEP-ID as "
                    "'optout plan show --json' lists them (platform and step).")
    return found


def _row(action) -> dict:
    from django.utils import timezone  # the computer's own zone (optout.cli sets OPTOUT_TIME_ZONE)

    return {
        "number": action.number, "platform": action.platform, "step": action.mechanism, "title": action.title,
        "status": action.status, "stage": action.stage, "optional": action.optional,
        "account": action.account_label, "retired": action.retired_at is not None,
        "recheck_at": timezone.localdate(action.recheck_at).isoformat() if action.recheck_at else None,
    }


@app.command()
def new(
    region: str | None = typer.Option(None, help="Where you live: EU, EEA, UK, CH, US, US-CA, US-CO, US-CT, US-TX, US-VA, BR, "
                                                "CA, AU, IN, JP, KR or OTHER (another US state: US). Or give --country."),
    country: str | None = typer.Option(None, help="The country you live in, as a two-letter code (DE, FR, BR…): it sets "
                                                  "your region and your letters' language and authorities."),
    platforms: str = typer.Option(..., help="Comma-separated platform slugs, e.g. instagram,linkedin (see 'optout catalog "
                                            "list'). They are added to the platforms already in your plan."),
    creator: str | None = typer.Option(None, help="What you create: visual-artist, photographer, writer, musician, video, "
                                                  "other. Default: as saved (other for a first plan)."),
    visibility: str | None = typer.Option(None, help="How public you must be: public, balanced or private. Default: as "
                                                     "saved (balanced for a first plan)."),
    user: str | None = UserOption,
) -> None:
    """Make (or update) your plan from where you live and the platforms you use; what you do not give stays as saved."""
    person = _user(user)
    from django.db import transaction

    from optout.accounts.services import AccountDataError, profile_for, set_place
    from optout.catalog import regions

    from . import selectors, services

    slugs = [slug.strip().lower() for slug in platforms.split(",") if slug.strip()]
    if not slugs:
        raise _fail("--platforms: name at least one platform.")
    saved = profile_for(person)
    if not region and not country and not saved.region:
        raise _fail("Say where you live: --country DE (a two-letter code), or --region EU.")
    region_before = saved.region
    active_before = set(selectors.active_steps(person).values_list("id", flat=True))
    try:
        with transaction.atomic():  # a mistake in any answer changes none of them
            profile, forgotten = set_place(person, country, region)
            services.choose_platforms(person, slugs, remove_others=False)
            services.save_about_you(person, creator or saved.creator_kind or "other",
                                    visibility or saved.visibility or "balanced")
    except AccountDataError as exc:
        raise _fail(f"{exc} Nothing was changed.") from exc
    counts = services.refresh_plan(person)
    if region_before and profile.region != region_before:
        typer.echo(f"Where you live: {regions.label(profile.region)} (was {regions.label(region_before)}).")
    if forgotten:
        typer.echo(f"Your country ({forgotten}) is not in {regions.label(profile.region)}, so optout no longer takes it as "
                   "yours; give --country to set the one you live in (it picks your letters' language and authorities).")
    typer.echo(f"Your plan has {selectors.active_steps(person).count()} steps "
               f"({counts['added']} new). Next: optout plan next")
    left = selectors.all_steps(person).filter(id__in=active_before, retired_at__isnull=False)
    if left:
        typer.echo("No longer in your plan, as they do not apply where you live now (kept with their history; "
                   "'optout plan show --all' lists them):")
        for action in left:
            typer.echo(f"  #{action.number} {action.platform}: {action.title} (was {action.status.replace('_', ' ')})")


@app.command()
def show(
    as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts."),
    show_all: bool = typer.Option(False, "--all", help="Include steps that no longer apply."),
    user: str | None = UserOption,
) -> None:
    """List every step of your plan with its status."""
    person = _user(user)
    from . import selectors, services

    services.refresh_plan(person)
    actions = selectors.active_steps(person) if not show_all else selectors.all_steps(person)
    rows = [_row(a) for a in actions]
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        raise _fail("You have no plan yet. Make one: optout plan new --region EU --platforms instagram,linkedin")
    from rich.table import Table

    progress = selectors.progress(person)
    table = Table(title=f"Your plan: {progress['done']} of {progress['total']} done")
    for column in ("#", "Platform", "Step", "Status"):
        table.add_column(column)
    for row in rows:
        table.add_row(str(row["number"]), row["platform"], row["title"] + (" (optional)" if row["optional"] else ""),
                      row["status"].replace("_", " ") + (" (no longer applies)" if row["retired"] else ""))
    from rich.console import Console

    Console().print(table)


@app.command("next")
def next_step(
    as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts."),
    user: str | None = UserOption,
) -> None:
    """Show the next step to do, with its instructions."""
    person = _user(user)
    from .selectors import action_page
    from .selectors import next_step as choose_next

    action = choose_next(person)
    if action is None:
        if as_json:
            typer.echo("null")
            return
        typer.echo("Nothing left to do right now.")
        return
    page = action_page(action)
    steps = [
        {"text": s.text, "url": s.url, "menu_path": s.menu_path} for s in (page["mechanism"].steps if page["mechanism"] else [])
    ] or [{"text": s.text, "url": None, "menu_path": None} for s in (page["generic"].steps if page["generic"] else [])]
    mechanism = page["mechanism"]
    unsure = (mechanism.confidence_reason or "") if mechanism and mechanism.confidence == "low" else None
    if as_json:
        typer.echo(json.dumps({**_row(action), "steps": steps, "unsure": unsure}, indent=2, ensure_ascii=False))
        return
    typer.echo(f"#{action.number} {action.platform}: {action.title}")
    if unsure is not None:
        typer.echo(" ".join(filter(None, ["  optout is not sure of these steps.", unsure,
                                          "Compare them with the platform's own pages before you rely on them."])))
    for index, step in enumerate(steps, start=1):
        typer.echo(f"  {index}. {step['text']}")
        if step["menu_path"]:
            typer.echo("     " + " > ".join(step["menu_path"]))
        if step["url"]:
            typer.echo(f"     {step['url']}")
    typer.echo(f"When you have done it: optout plan done {action.number}")


@app.command()
def done(
    action: str = typer.Argument(..., help="The step: its number from 'optout plan show', or PLATFORM/STEP-ID "
                                                    "('optout plan show --json' gives both parts)."),
    note: str = typer.Option("", help="What you did, or what the platform said."),
    evidence: list[Path] = typer.Option(
        [], exists=True, dir_okay=False, readable=True, help="A screenshot or a saved confirmation e-mail (.eml); repeatable."
    ),
    user: str | None = UserOption,
) -> None:
    """Mark a step done, with an optional note and proof."""
    _set(action, "done", note, evidence, user)


@app.command()
def status(
    action: str = typer.Argument(..., help="The step: its number from 'optout plan show', or PLATFORM/STEP-ID "
                                                    "('optout plan show --json' gives both parts)."),
    new_status: str = typer.Argument(..., metavar="STATUS", help=f"One of: {STATUS_WORDS}."),
    note: str = typer.Option("", help="Why, or what happened."),
    user: str | None = UserOption,
) -> None:
    """Set a step's status (waiting, rejected, not_applicable …)."""
    _set(action, new_status.lower().replace("-", "_").replace(" ", "_"), note, [], user)


def _set(ref: str, new_status: str, note: str, files: list[Path], user: str | None) -> None:
    person = _user(user)
    from django.db import transaction
    from django.utils import timezone

    from . import services
    from .evidence import MAX_IMAGE_BYTES, EvidenceError
    from .models import Status
    from .services.proof import check_room

    if new_status not in Status.values:
        raise _fail(f"Unknown status {new_status!r}; use one of: {STATUS_WORDS}.")
    action = _action(person, ref)
    if action.retired_at is not None:
        raise _fail(f"#{action.number} no longer applies where you live (since {timezone.localdate(action.retired_at):%Y-%m-%d}); its "
                    "history is kept, and it comes back if your answers change back. Nothing was saved.")
    try:
        if files:  # all of them at once, before any is stored: a refusal halfway would leave files behind
            check_room(person, sum(path.stat().st_size for path in files), ", ".join(path.name for path in files))
        with transaction.atomic():
            for path in files:
                if path.stat().st_size > MAX_IMAGE_BYTES:
                    raise EvidenceError(f"{path.name} is too large (at most {MAX_IMAGE_BYTES // 1024 // 1024} MB).")
                services.add_file(action, path.read_bytes(), path.name)
            services.set_status(action, new_status, note)
    except (EvidenceError, services.PlanError) as exc:
        raise _fail(f"Nothing was saved: {exc}") from exc
    action.refresh_from_db()
    extra = f"; re-check on {timezone.localdate(action.recheck_at):%Y-%m-%d}" if action.recheck_at and action.status == "done" else ""
    typer.echo(f"#{action.number} {action.title}: {action.get_status_display()}{extra}.")


@app.command()
def report(
    out: Path = typer.Option(..., "--out", help="Where to write it: a .pdf, or an .html file to open in a browser."),
    force: bool = typer.Option(False, help="Overwrite the file if it exists."),
    user: str | None = UserOption,
) -> None:
    """Write your proof report: each step's history and proof, your letters, and the time zone of its times."""
    from optout.lib.cli import check_writable, write_or_fail

    kind = out.suffix.lower()
    if kind not in (".html", ".pdf"):
        raise _fail(f"--out: use a .pdf or .html file name, not {out.name!r}. Nothing was written.")
    check_writable(out, force=force, nothing="Nothing was written.")
    person = _user(user)
    from .services.report import report_file  # Django is set up by now

    write_or_fail(out, report_file(person, kind), force=force)
    typer.echo(f"Wrote {out}.")


@app.command("export")
def export_plan(
    file: Path = typer.Argument(..., help="Where to write: a .json file, or .zip when you have attached proof."),
    force: bool = typer.Option(False, help="Overwrite the file if it exists."),
    user: str | None = UserOption,
) -> None:
    """Export your plan: steps, history, proof, objection reasons, letters, presets and settings (not channels)."""
    person = _user(user)
    from optout.lib.cli import write_or_fail

    from . import services

    result = services.export_plan(person)
    with result.file:
        wanted = ".zip" if result.content_type == "application/zip" else ".json"
        if file.suffix.lower() != wanted:
            why = "it holds your proof files" if wanted == ".zip" else "you have attached no proof files"
            raise _fail(f"This export is a {wanted} file ({why}): name it {file.with_suffix(wanted).name}. "
                        "Nothing was written.")
        write_or_fail(file, result.file, force=force)
    typer.echo(f"Wrote {file} ({result.size:,} bytes).")


@app.command("import")
def import_plan(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="An export (.json or .zip)."),
    replace: bool = typer.Option(False, help="Replace the plan you have now (its history is deleted)."),
    user: str | None = UserOption,
) -> None:
    """Import a plan exported from optout. Nothing changes unless the whole file is fine."""
    person = _user(user)
    from . import services
    from .services.exporting import import_limits
    from .transfer import PlanImportError, megabytes

    if file.stat().st_size > (limit := import_limits().file_bytes):
        raise _fail(f"{file} was not imported: it is larger than {megabytes(limit)}.")
    try:
        with file.open("rb") as handle:
            count = services.import_plan(person, handle, replace=replace)
    except PlanImportError as exc:
        raise _fail(f"{file} was not imported: {exc}") from exc
    typer.echo(f"Imported {count} steps with their history.")
