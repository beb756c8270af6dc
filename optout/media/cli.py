"""`optout media …`: mark images "not for AI training" with rights metadata, and check the marks."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from optout.lib.cli import fail

HONEST = (
    "What these marks do and do not do: they are a machine-readable reservation of your rights (IPTC/PLUS "
    "'data mining' and, optionally, Content Credentials). Few crawlers are known to read them yet, and many "
    "platforms strip metadata when you upload (optout's catalog does not yet record which). Use them alongside "
    "the rules for your own website (optout site) and legal objections (optout letter), which work better."
)

app = typer.Typer(no_args_is_help=True, add_completion=False, help=HONEST)

DATA_MINING_HELP = ("Your choice for data mining and AI training: no-ai-training (default), no-genai-training, "
                    "search-indexing-only, prohibited, see-constraints (needs --other-constraints), "
                    "see-embedded-rights, see-linked-rights (only for files that already have such a rights "
                    "expression: optout does not write one), allowed, unspecified.")


def _marks(data_mining, other_constraints, creator, copyright_notice, credit, web_statement, licensor_url, usage_terms,
           preset=None):
    from .marks import Marks

    values = dict(preset or {})
    given = {"data_mining": data_mining, "other_constraints": other_constraints, "creator": creator,
             "copyright": copyright_notice, "credit": credit, "web_statement": web_statement,
             "licensor_url": licensor_url, "usage_terms": usage_terms}
    values |= {name: value for name, value in given.items() if value is not None}
    try:
        return Marks(**values)
    except ValueError as exc:
        raise fail(f"Error: {exc}") from exc


def _preset(name: str | None, user: str | None) -> dict:
    if not name:
        return {}
    from optout.lib.cli import resolve_user

    owner = resolve_user(user)
    from .services import preset_values

    values = preset_values(owner, name)
    if values is None:
        raise fail(f"No preset {name!r}. See them with: optout media presets list")
    return values


def _uses(items: list[str], marks) -> dict[str, str]:
    from .credentials import ENTRIES, entries_for

    uses = {}
    for item in items:
        name, _, use = item.partition("=")
        name = name.strip() if name.strip().startswith("cawg.") else "cawg." + name.strip()
        if name not in ENTRIES:
            raise fail(f"Error: unknown entry {name!r}; use one of {', '.join(ENTRIES)}.")
        uses[name] = use.strip()
    try:
        entries_for(marks, uses)
    except ValueError as exc:
        raise fail(f"Error: {exc}") from exc
    return uses


def _signer(cert: Path | None, key: Path | None):
    if not cert and not key:
        return None
    if not (cert and key):
        raise fail("Signing needs both --sign-cert and --sign-key.")
    from .credentials import SigningKey, check_key
    from .marks import BadImage

    try:
        signer = SigningKey(cert.read_bytes(), key.read_bytes())
    except OSError as exc:
        raise fail(f"Cannot read {exc.filename}: {exc.strerror}") from exc
    try:
        check_key(signer)
    except BadImage as exc:  # once, before any image: not as an error of every image
        raise fail(f"Error: {exc.said.in_words(str)} (--sign-cert {cert}, --sign-key {key}). Nothing was marked.") from exc
    return signer


@app.command(epilog=HONEST)
def protect(
    paths: list[Path] = typer.Argument(..., help="Image files or folders (folders are searched recursively)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Folder for the marked copies (originals stay as they are)."),
    in_place: bool = typer.Option(False, "--in-place", help="Change the originals instead (each is replaced atomically)."),
    data_mining: str | None = typer.Option(None, help=DATA_MINING_HELP),
    other_constraints: str | None = typer.Option(None, help="Other constraints, in your words (e.g. 'No use in datasets')."),
    creator: str | None = typer.Option(None, help="Creator's name."),
    copyright_notice: str | None = typer.Option(None, "--copyright", help="Copyright notice, e.g. '© 2026 Ann Example'."),
    credit: str | None = typer.Option(None, help="Credit line to show with the image."),
    web_statement: str | None = typer.Option(None, help="Address of a page stating your rights."),
    licensor_url: str | None = typer.Option(None, help="Address where the image can be licensed."),
    usage_terms: str | None = typer.Option(None, help="Usage terms, in your words."),
    remove_location: bool = typer.Option(False, "--remove-location", help="Remove GPS and other location data."),
    include: list[str] = typer.Option([], help="In folders, only files matching this pattern (repeatable), e.g. '*.jpg'."),
    exclude: list[str] = typer.Option([], help="In folders, skip files matching this pattern (repeatable), e.g. 'drafts/*'."),
    overwrite: bool = typer.Option(False, "--overwrite", "--force", help="Replace files that already exist in the output folder."),
    preset: str | None = typer.Option(None, help="Start from one of your saved presets (optout media presets)."),
    user: str | None = typer.Option(None, "--user", "-u", envvar="OPTOUT_USER", help="Whose presets (with --preset)."),
    sign_cert: Path | None = typer.Option(None, help="Add Content Credentials: your certificate chain (PEM)."),
    sign_key: Path | None = typer.Option(None, help="The private key (PEM) of that certificate."),
    cawg: list[str] = typer.Option([], help="Content Credentials (with --sign-cert): add a training-and-data-mining "
                                   "entry that --data-mining says nothing about, e.g. cawg.ai_inference=notAllowed "
                                   "(uses: allowed, notAllowed, constrained). The entries follow --data-mining; one "
                                   "that contradicts it is refused."),
    workers: int = typer.Option(0, help="Processes to use (default: one per core)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON result per file, for scripts."),
) -> None:
    """Write your rights and "no AI training" choice into copies of images (JPEG, PNG, WebP, TIFF; raw files
    get an .xmp sidecar). Pixels are never re-encoded. Exit code 1 when any file could not be marked."""
    from .batch import Options, collect, plan

    if in_place == (out is not None):
        raise fail("Choose where to write: --out FOLDER for marked copies, or --in-place to change the originals.")
    chosen = _preset(preset, user)
    remove_location = remove_location or bool(chosen.pop("remove_location", False))
    marks = _marks(data_mining, other_constraints, creator, copyright_notice, credit, web_statement, licensor_url,
                   usage_terms, chosen)
    signer = _signer(sign_cert, sign_key)
    if cawg and signer is None:
        raise fail("Error: --cawg sets entries of Content Credentials, which are written only when signing: add "
                   "--sign-cert and --sign-key, or leave out --cawg.")
    options = Options(marks, remove_location=remove_location, in_place=in_place, overwrite=overwrite,
                      signer=signer, uses=_uses(cawg, marks))
    pairs, problems = collect(paths, include or None, exclude or None, skip=out.resolve() if out else None)
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise fail(f"Cannot create the output folder {out}: {exc.strerror}") from exc
    jobs, clashes = plan(pairs, out, options)
    outcomes = problems + clashes
    if not jobs and not outcomes:
        raise fail("No images found in the paths given (or every file was excluded).")
    outcomes += _run_with_progress(jobs, options, workers, quiet=as_json)
    if as_json:
        for outcome in outcomes:
            typer.echo(json.dumps(outcome.as_dict(), ensure_ascii=False))
    else:
        _print_outcomes(outcomes, out)
    if any(o.status != "ok" for o in outcomes):
        raise typer.Exit(1)


def _run_with_progress(jobs, options, workers, quiet):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .batch import run

    console = Console(stderr=True)
    if quiet or not console.is_terminal or len(jobs) < 2:
        return list(run(jobs, options, workers or None))
    with Progress(TextColumn("Marking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task("marking", total=len(jobs))
        return list(run(jobs, options, workers or None, progress=lambda _: progress.advance(task)))


def _print_outcomes(outcomes, out) -> None:
    done = [o for o in outcomes if o.status == "ok"]
    for outcome in outcomes:
        if outcome.status != "ok":
            typer.echo(f"✗ {outcome.source}: {outcome.message}", err=True)
        for note in outcome.notes:
            typer.echo(f"  note: {outcome.source}: {note}")
    where = f" into {out}/" if out else " in place"
    failed = len(outcomes) - len(done)
    typer.echo(f"Marked {len(done)} of {len(outcomes)} files{where}." + (f" {failed} could not be marked (see above); "
                                                                          "their originals are unchanged." if failed else ""))
    if done:
        typer.echo("Check them any time with: optout media verify " + (str(out) if out else "PATH"))


presets_app = typer.Typer(no_args_is_help=True, add_completion=False,
                          help="Your saved choices (the same presets as on the web page).")
app.add_typer(presets_app, name="presets")


@presets_app.command("list")
def presets_list(user: str | None = typer.Option(None, "--user", "-u", envvar="OPTOUT_USER", help="Whose presets.")) -> None:
    """Show your presets."""
    from optout.lib.cli import resolve_user

    owner = resolve_user(user)
    from optout.lib.ownership import owned

    from .marks import DATA_MINING
    from .models import Preset

    presets = list(owned(Preset, owner))
    if not presets:
        typer.echo("No presets yet. Save one with: optout media presets save NAME --creator ... --copyright ...")
    for preset in presets:
        choice = DATA_MINING.get(preset.data_mining.rsplit("/", 1)[-1], preset.data_mining)
        details = ", ".join(f"{name}: {value}" for name, value in preset.values().items()
                            if value and name not in ("data_mining", "remove_location"))
        typer.echo(f"{preset.name}: {choice}" + (f"; {details}" if details else "")
                   + ("; removes location" if preset.remove_location else ""))


@presets_app.command("save")
def presets_save(
    name: str = typer.Argument(..., help="A name for the preset, e.g. 'portfolio'."),
    data_mining: str = typer.Option("no-ai-training", help=DATA_MINING_HELP),
    other_constraints: str = typer.Option("", help="Other constraints."),
    creator: str = typer.Option("", help="Creator's name."),
    copyright_notice: str = typer.Option("", "--copyright", help="Copyright notice."),
    credit: str = typer.Option("", help="Credit line."),
    web_statement: str = typer.Option("", help="Address of a page stating your rights."),
    licensor_url: str = typer.Option("", help="Address where the image can be licensed."),
    usage_terms: str = typer.Option("", help="Usage terms."),
    remove_location: bool = typer.Option(False, "--remove-location", help="Also remove location data."),
    user: str | None = typer.Option(None, "--user", "-u", envvar="OPTOUT_USER", help="Whose presets."),
) -> None:
    """Save (or replace) a preset; use it with: optout media protect --preset NAME."""
    marks = _marks(data_mining, other_constraints, creator, copyright_notice, credit, web_statement, licensor_url,
                   usage_terms)
    from optout.lib.cli import resolve_user

    owner = resolve_user(user)
    from .services import save_preset

    save_preset(owner, name, marks.given() | {"data_mining": marks.data_mining, "remove_location": remove_location})
    typer.echo(f"Saved preset {name!r}.")


@presets_app.command("delete")
def presets_delete(name: str = typer.Argument(..., help="The preset to delete."),
                   user: str | None = typer.Option(None, "--user", "-u", envvar="OPTOUT_USER", help="Whose presets.")) -> None:
    """Delete a preset."""
    from optout.lib.cli import resolve_user

    owner = resolve_user(user)
    from .services import delete_preset

    if not delete_preset(owner, name):
        raise fail(f"No preset {name!r}.")
    typer.echo(f"Deleted preset {name!r}.")


@app.command(epilog=HONEST)
def verify(
    paths: list[Path] = typer.Argument(..., help="Image files or folders."),
    data_mining: str | None = typer.Option(None, help="Expect this data-mining choice. Without it, a file passes only "
                                           "with a choice that refuses data mining ('allowed' and 'unspecified' fail). "
                                           + DATA_MINING_HELP.replace(" (default)", "")),
    other_constraints: str | None = typer.Option(None, help="Expect these other constraints."),
    creator: str | None = typer.Option(None, help="Expect this creator."),
    copyright_notice: str | None = typer.Option(None, "--copyright", help="Expect this copyright notice."),
    credit: str | None = typer.Option(None, help="Expect this credit line."),
    web_statement: str | None = typer.Option(None, help="Expect this web statement of rights."),
    licensor_url: str | None = typer.Option(None, help="Expect this licensor URL."),
    usage_terms: str | None = typer.Option(None, help="Expect these usage terms."),
    no_location: bool = typer.Option(False, "--no-location", help="Fail when GPS or other location data is present."),
    include: list[str] = typer.Option([], help="In folders, only files matching this pattern (repeatable)."),
    exclude: list[str] = typer.Option([], help="In folders, skip files matching this pattern (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list of reports, for scripts."),
) -> None:
    """Show which marks each image carries (XMP, IPTC, EXIF, Content Credentials) and whether they are right.
    Exit code: 0 every file passes, 1 some file lacks or has wrong marks, 2 some file could not be read."""
    from .marks import data_mining_uri
    from .verify import verify_file

    expect = {"data_mining": data_mining, "other_constraints": other_constraints, "creator": creator,
              "copyright": copyright_notice, "credit": credit, "web_statement": web_statement,
              "licensor_url": licensor_url, "usage_terms": usage_terms}
    expect = {name: value for name, value in expect.items() if value}
    if data_mining:
        try:
            data_mining_uri(data_mining)
        except ValueError as exc:
            raise fail(f"Error: {exc}") from exc
    from .batch import collect

    pairs, missing = collect(paths, include or None, exclude or None)
    reports = [verify_file(path, expect, no_location) for path, _ in pairs]
    if as_json:
        typer.echo(json.dumps([r.as_dict() for r in reports] + [{"path": m.source, "ok": None, "error": m.message}
                                                                for m in missing], ensure_ascii=False, indent=2))
    else:
        for report in reports:
            _print_report(report)
        for problem in missing:
            typer.echo(f"? {problem.source}: {problem.message}")
        passed = sum(1 for r in reports if r.ok)
        typer.echo(f"{passed} of {len(reports) + len(missing)} files pass.")
    if missing or any(r.ok is None for r in reports):
        raise typer.Exit(2)
    if not reports or any(not r.ok for r in reports):
        raise typer.Exit(1)


SYMBOL = {"ok": "✓", "missing": "–", "mismatch": "✗", "wrong": "✗", "invalid": "✗"}


def _print_report(report) -> None:
    if report.ok is None:
        typer.echo(f"? {report.path}: cannot check: {report.error}")
        return
    typer.echo(f"{'✓' if report.ok else '✗'} {report.path} ({report.kind}): {'passes' if report.ok else 'does not pass'}")
    for check in report.checks:
        shown = check.values.get("xmp") or next(iter(check.values.values()), "")
        where = "/".join(place.upper() for place in check.values)
        detail = check.message or shown
        typer.echo(f"    {SYMBOL[check.status]} {check.label}: {detail}" + (f" [{where}]" if where else ""))
    if report.location:
        typer.echo("    location data present: " + ", ".join(report.location))
    if report.credentials:
        _print_credentials(report.credentials)
    for note in report.notes:
        typer.echo(f"    note: {note}")


STATE_WORDS = {"valid": "valid", "invalid": "invalid", "unchecked": "not fully checked"}
ROLES = {"parentOf": "parent of", "componentOf": "component of", "inputTo": "input to"}


def _print_credentials(credentials: dict) -> None:
    """One line for a single manifest; for a chain, a verdict that names the manifests that failed, then each."""
    manifests = credentials.get("chain") or []
    state = credentials["state"]
    if len(manifests) < 2:
        trust = ", certificate not on a trust list" if state == "valid" and not credentials.get("trusted") else ""
        entries = _entries(credentials["entries"])
        when = f", {_when(credentials.get('time'))}" if manifests else ""  # none when they could not be read
        typer.echo(f"    Content Credentials: {STATE_WORDS[state]}{trust}, signed by "
                   f"{credentials.get('signed_by') or 'unknown'}{when}" + (f"; {entries}" if entries else ""))
        if credentials.get("message"):
            typer.echo(f"      {credentials['message']}")
        return
    typer.echo(f"    Content Credentials: {STATE_WORDS[state]}: {'; '.join(credentials['verdict'])}")  # trust: each line
    for position, manifest in enumerate(manifests, start=1):
        said = ("training and data mining: " + (_entries(manifest["entries"]) or "no entries")
                if manifest["entries"] is not None else "no training-and-data-mining assertion")
        typer.echo(f"      {position}. {_role(manifest)}: signed by {manifest['signed_by'] or 'unknown'}, "
                   f"{_when(manifest['time'])}; {_validity(manifest)}; {said}")


def _entries(entries: dict | None) -> str:
    return ", ".join(f"{name.removeprefix('cawg.')}={use}" for name, use in (entries or {}).items())


def _when(time: str | None) -> str:
    return f"signed {time}" if time else "time of signing not recorded"


def _role(manifest: dict) -> str:
    if manifest["ingredient_of"] is None:
        return "newest"
    role = f"{ROLES.get(manifest['relationship'], 'ingredient of')} {manifest['ingredient_of']}"
    return role + (f" (“{manifest['title']}”)" if manifest["title"] else "")


def _validity(manifest: dict) -> str:
    if manifest["state"] == "invalid":
        return f"invalid ({'; '.join(manifest['problems'])})"
    if manifest["state"] == "unchecked":
        return f"could not be checked ({manifest['reason']})"
    return "valid, trusted" if manifest["trusted"] else "valid, certificate not on a trust list"
