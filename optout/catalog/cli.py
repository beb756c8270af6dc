"""`optout catalog …`: the catalog from a terminal. Tables for people, stable JSON for scripts."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from optout.lib.cli import counted

app = typer.Typer(no_args_is_help=True, add_completion=False)

REGION_HELP = "Where you live: EU, EEA, UK, CH, US, US-CA (or another US-XX state), BR, CA, AU, IN, JP, KR or OTHER."


def _console():
    from rich.console import Console

    return Console()


def _region(value: str | None) -> str | None:
    if value is None:
        return None
    from . import regions

    code = value.upper()
    if code in regions.CHOICE_CODES or code in regions.STATE_CODES:
        return code
    raise typer.BadParameter(f"unknown region {value!r}. {REGION_HELP}", param_hint="--region")


def _catalog():
    from .loader import catalog

    try:
        return catalog()
    except RuntimeError as exc:
        typer.echo(f"{exc}\nFix these files first (optout catalog validate lists them).", err=True)
        raise typer.Exit(1) from exc


def _print_json(data) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True))


def _summary(platform, region: str | None) -> dict:
    mechanisms = platform.mechanisms_for(region)
    return {
        "slug": platform.slug,
        "name": platform.name,
        "company": platform.owner.company,
        "categories": list(platform.categories),
        "has_opt_out": platform.has_opt_out(region) if region else None,
        "mechanisms": [{"id": m.id, "kind": m.kind, "regions": list(m.regions)} for m in mechanisms],
        "last_verified": platform.last_verified.isoformat(),
    }


def _table(platforms, region: str | None, title: str):
    from rich.table import Table

    from .query import kinds_to_show, not_every_use

    table = Table(title=title, show_lines=False)
    table.add_column("Slug", style="bold")
    table.add_column("Platform")
    table.add_column("What you can do" + (f" in {region}" if region else ""))
    table.add_column("Checked")
    for platform in platforms:
        kinds = kinds_to_show(platform, region)
        verdict = ""
        if region:
            verdict = ("[green]opt-out[/green] [yellow](not for every use)[/yellow]: " if not_every_use(platform, region)
                       else "[green]opt-out[/green]: " if platform.has_opt_out(region) else
                       "[red]no opt-out[/red]: " if platform.says_no_opt_out(region) else "[yellow]none known[/yellow]: ")
        table.add_row(platform.slug, platform.name, verdict + ", ".join(kinds), platform.last_verified.isoformat())
    return table


@app.command("list")
def list_platforms(
    region: str | None = typer.Option(None, "--region", "-r", help=REGION_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List every platform, with what can be done where you live."""
    region = _region(region)
    platforms = list(_catalog().values())
    if as_json:
        _print_json([_summary(p, region) for p in platforms])
        return
    count = len(platforms)
    _console().print(_table(platforms, region, counted(count, "platform")))


def _suggest(slug: str) -> str:
    from .query import did_you_mean

    return did_you_mean(slug, _catalog()) or " Try 'optout catalog search'."


@app.command()
def show(
    slug: str = typer.Argument(..., help="The platform's short name, e.g. instagram."),
    region: str | None = typer.Option(None, "--region", "-r", help=REGION_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Show one platform's opt-out steps (only those for your region with --region)."""
    region = _region(region)
    platform = _catalog().get(slug.lower())
    if platform is None:
        typer.echo(f"No platform {slug!r} in the catalog.{_suggest(slug.lower())}", err=True)
        raise typer.Exit(1)
    from .query import easiest_first

    mechanisms = easiest_first(platform, region)
    if as_json:
        data = platform.model_dump(mode="json")
        data["mechanisms"] = [m.model_dump(mode="json") for m in mechanisms]
        data["region"] = region
        data["has_opt_out"] = platform.has_opt_out(region) if region else None
        _print_json(data)
        return
    from .render_text import platform_text

    _console().print(platform_text(platform, mechanisms, region))


@app.command()
def search(
    text: str = typer.Argument(..., help="Words to look for in names, companies and opt-outs."),
    region: str | None = typer.Option(None, "--region", "-r", help=REGION_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Find platforms by name, company, category or kind of opt-out."""
    from .query import search as run_search

    region = _region(region)
    hits = run_search(_catalog().values(), text)
    if as_json:
        _print_json([_summary(p, region) for p in hits])
        return
    if not hits:
        typer.echo(f"Nothing matches {text!r}.")
        raise typer.Exit(1)
    _console().print(_table(hits, region, f"{len(hits)} match(es) for {text!r}"))


@app.command()
def stale(
    days: int = typer.Option(120, min=1, help="Entries not verified for more than this many days."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List entries to check first: not verified recently, or whose platform changed its policy about AI since."""
    import datetime as dt

    from optout.lib.djangosetup import setup

    from .query import stale as find_stale

    setup(migrate=True)
    from .services import stale_entries

    platforms = _catalog()
    changed = {row["platform"].slug: row for row in stale_entries()}
    old = {p.slug for p in find_stale(platforms.values(), days)}
    rows = sorted((p for p in platforms.values() if p.slug in old or p.slug in changed), key=lambda p: p.last_verified)
    today = dt.date.today()

    def policy(p) -> tuple[str | None, bool | None, list[str]]:
        """(day of the policy change, whether optout is sure it concerns AI, mechanisms that may be outdated)."""
        row = changed.get(p.slug)
        return (row["changed_on"].day.isoformat(), row["changed_on"].sure, sorted(row["mechanisms"])) if row \
            else (None, None, [])

    if as_json:
        _print_json([{"slug": p.slug, "name": p.name, "last_verified": p.last_verified.isoformat(),
                      "days": (today - p.last_verified).days, "policy_changed_on": policy(p)[0],
                      "policy_change_sure": policy(p)[1], "possibly_outdated": policy(p)[2]} for p in rows])
        return
    if not rows:
        # Only what optout recorded: on a fresh install the watcher may not have read a single page yet.
        typer.echo(f"Every entry was verified in the last {days} days, and optout has recorded no change of a watched "
                   "policy about AI since. Whether the watcher has checked the policies lately: optout watch status")
        return
    from rich.table import Table

    table = Table(title=f"{len(rows)} entries to check: not verified for more than {days} days, or policy changed")
    for column in ("Slug", "Platform", "Last verified", "Days", "Policy"):
        table.add_column(column)
    for p in rows:
        on, sure, mechanisms = policy(p)
        perhaps = "" if sure else " (perhaps about AI: optout cannot tell for sure)"
        note = f"policy changed on {on}{perhaps} — these steps may be outdated: {', '.join(mechanisms)}" if on else ""
        table.add_row(p.slug, p.name, p.last_verified.isoformat(), str((today - p.last_verified).days), note)
    _console().print(table)


@app.command()
def validate(
    path: Path | None = typer.Argument(None, help="A platform file or a folder of them (default: the shipped catalog)."),
) -> None:
    """Check catalog files; every problem names its file, line and field. Exit code 1 on errors."""
    from .loader import validate_all

    result = validate_all(path)
    for error in result.errors:
        typer.echo(str(error), err=True)
    if result.errors:
        typer.echo(f"{len(result.errors)} problem(s) in {result.files} file(s).", err=True)
        raise typer.Exit(1)
    if result.files == 0:
        typer.echo(f"No .yaml files found in {path}.", err=True)
        raise typer.Exit(1)
    from .sources import trusted_share

    good, total = trusted_share(result.platforms.values())
    share = f" ({100 * good / total:.0f} %)" if total else ""
    typer.echo(f"All {result.files} file(s) are valid. {good} of {total} mechanisms{share} have a primary or "
               "archived-primary source; the rest say why they are less sure (confidence_reason).")


@app.command("format-doc")
def format_doc() -> None:
    """Print the catalog file format as Markdown (the source of docs/catalog-format.md)."""
    from .format_doc import generate

    typer.echo(generate(), nl=False)


corrections_app = typer.Typer(no_args_is_help=True, add_completion=False,
                              help="Corrections people reported on the web: list them, export accepted ones as patches.")
app.add_typer(corrections_app, name="corrections")


def _corrections(status: str | None):
    from optout.lib.djangosetup import setup

    setup(migrate=True)
    from .models import Correction

    rows = Correction.objects.order_by("created_at", "id")
    if status:
        if status not in Correction.Status.values:
            raise typer.BadParameter(f"unknown status {status!r}; use one of {', '.join(Correction.Status.values)}",
                                     param_hint="--status")
        rows = rows.filter(status=status)
    return list(rows)


@corrections_app.command("list")
def corrections_list(
    status: str | None = typer.Option(None, help="Only new, accepted or declined ones."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List reported corrections, oldest first."""
    rows = _corrections(status)
    if as_json:
        _print_json([{"id": c.id, "platform": c.platform, "where": c.where, "what": c.what, "source": c.source_url,
                      "status": c.status, "created_at": c.created_at.isoformat(), "has_patch": bool(c.patch)}
                     for c in rows])
        return
    if not rows:
        typer.echo("No corrections" + (f" with status {status}." if status else "."))
        return
    from rich.table import Table

    table = Table(title=f"{len(rows)} correction(s)")
    for column in ("Id", "Platform", "Where", "What", "Status", "Sent"):
        table.add_column(column)
    for c in rows:
        table.add_row(str(c.id), c.platform, c.where, c.what[:80], c.status, c.created_at.date().isoformat())
    _console().print(table)


@corrections_app.command("export")
def corrections_export(
    out: Path = typer.Option(Path("corrections"), "--out", "-o", help="Folder to write the .patch files into."),
) -> None:
    """Write each accepted correction as a patch file (apply inside optout/data with `patch -p1`)."""
    from optout.lib.files import atomic_write

    rows = [c for c in _corrections("accepted") if c.patch]
    if not rows:
        typer.echo("No accepted corrections to export.")
        return
    out.mkdir(parents=True, exist_ok=True)
    for c in rows:
        atomic_write(out / c.patch_name, c.patch.encode("utf-8"), overwrite=True)  # same id, same patch
        typer.echo(f"wrote {out / c.patch_name}")
    typer.echo(f"{len(rows)} patch file(s). Apply from the repository root: git apply --directory=optout/data FILE")
