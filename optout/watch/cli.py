"""`optout watch …`: compare two versions, check platforms' documents now, list them and the changes found, re-read
stored pages, import history."""

from __future__ import annotations

import json
import re
from pathlib import Path

import typer

from optout.lib.cli import counted, fail, say, say_json

app = typer.Typer(no_args_is_help=True, add_completion=False)


# A browser's "Save page" may put a comment first (<!-- saved from url=… -->).
WEB_PAGE_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype|html|head|body|\?xml)", re.I | re.S)


def _kind(path: Path, body: str) -> str:
    """How to read a file: by its extension, else as HTML only when it starts like a web page (a Markdown
    or text file may well hold a <tag> or an <address@example.com>)."""
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return "text/html"
    if suffix in (".md", ".markdown", ".txt", ".text") or not WEB_PAGE_START.match(body):
        return "text/markdown"
    return "text/html"


QUOTE = 240  # characters of a quoted sentence in `compare`'s lines, cut around what changed (as alerts are)
DRASTIC = {  # confirm.drastic's reasons, in the words `compare` prints
    "shorter": "the new version is less than half as long as the old one",
    "different": "the new version shares few sentences with the old one",
}
RESTORED_WORDS = ("Careful: the old version holds few of the new one's sentences. It may have been an error page or a "
                  "cut-down page and the new one the page back, or the platform rewrote its page at length, so optout "
                  "cannot tell whether the platform changed what it says about AI: open the page yourself.")


def _not_judged(languages: tuple[str, str]) -> str:
    from django.utils.translation import get_language_info

    from .language import switched_language

    before, after = (get_language_info(code)["name"] for code in languages)
    if not switched_language(languages):
        return (f"Changed: the text is in {after}. optout judges changes about AI only in English text, so it did not "
                "judge this one.")
    return (f"Changed: the text changed language ({before} → {after}). optout compares texts only within one "
            "language, so it did not judge whether this change is about AI.")


def _as_json(result, cut: str) -> dict:
    data = {**result.as_dict(), "judged": not result.languages}
    if result.languages:
        data["ai_relevant"] = None  # not judged: false would read as "not about AI"
    if cut:
        data["drastic"] = cut
    return data


def _quoted(reason: dict) -> str:
    """A changed AI sentence as `compare` prints it: quoted around what changed, after the lead-in that bans it, the
    old wording too (as alerts quote it, `telling.quoted`)."""
    from .telling import quoted

    if old := reason.get("old", ""):
        return (f"  reworded: now “{quoted(reason, old, QUOTE)}”\n"
                f"            before “{quoted({**reason, 'text': old}, reason['text'], QUOTE)}”")
    return f"  {reason['kind']}: “{quoted(reason, '', QUOTE)}”"


def _version_text(path: Path, as_json: bool) -> str:
    """A file's text as the watcher stores a page's, or a clear refusal (as JSON too, with --json)."""
    from optout.lib.http import Limits

    from .extract import UnreadablePage, to_markdown
    from .normalise import normalise
    from .textfiles import UnreadableText, read

    def refuse(message: str) -> typer.Exit:
        if as_json:
            typer.echo(json.dumps({"error": message}, ensure_ascii=False))
        return fail(message)

    try:
        largest = Limits().max_bytes  # the watcher's: it refuses a larger page, so compare judges none either
        body = read(path, largest, f"{path} is larger than {largest // (1024 * 1024)} MB, the largest page the "
                                   "watcher reads: it would refuse this page, so optout does not compare it either.")
        text = normalise(to_markdown(body, _kind(path, body)))
    except UnreadableText as exc:
        raise refuse(str(exc)) from exc
    except UnreadablePage as exc:
        raise refuse(f"optout cannot read {path}: {exc}.") from exc
    if not text.strip():  # as the watcher does: a page with no text is one optout could not read, not a change
        raise refuse(f"{path} holds no text optout can read (an empty file, or a web page built by JavaScript), so "
                     "there is nothing to compare.")
    return text


@app.command()
def compare(
    old: Path = typer.Argument(..., help="The older version: Markdown, HTML or plain text."),
    new: Path = typer.Argument(..., help="The newer version."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object: changed, judged, ai_relevant (null when "
                                                      "not judged), sure, score, reasons, drastic (why the new text may "
                                                      "not be the policy: shorter, different, or error with "
                                                      "error_line, the line that reads like an error message; or "
                                                      "restored: the old version holds few of the new one's "
                                                      "sentences) "
                                                      "and languages (when optout did not judge "
                                                      "it); on an error, {\"error\": …} and exit code 1."),
) -> None:
    """Say whether the change between two files is about AI, and why, quoting what changed.

    The same judgement as the watcher's: "about AI" when optout is fairly sure, "maybe about AI" when it is not, when the new version keeps little of the old one's text (an error page, a sign-in wall, a cut-down page, another language) or the old one few of the new one's sentences (the page back after such a page), or when a part of either reads like an error message, and no verdict for a text in a language other than English. A file with no text to read, or larger than 5 MB, is refused, as the watcher refuses such a page.
    """
    from .confirm import ERROR, RESTORED
    from .pipeline import judge_stage

    before_text, after_text = _version_text(old, as_json), _version_text(new, as_json)
    result, cut, line, _back = judge_stage(before_text, after_text)
    if as_json:
        data = _as_json(result, cut)
        if cut == ERROR:
            data["error_line"] = line
        say_json(data, indent=None)
        return
    if not result.changed:
        typer.echo("No change in the text." if before_text == after_text else
                   "No change in what the text says: only links, layout, punctuation or spelling differ.")
        return
    if result.languages:
        typer.echo(_not_judged(result.languages))
        return
    verdict = ("about AI" if result.sure else "maybe about AI (optout cannot tell for sure)") if result.ai_relevant \
        else "not about AI"
    typer.echo(f"Changed, {verdict} (score {result.score:.2f}).")
    if cut == ERROR:
        typer.echo(f"Careful: one of the two versions has a line that reads like an error message "
                   f"(“{line}”): a part of the page may not have loaded when it was "
                   "read, so optout cannot tell whether the platform changed what it says about AI: open the page "
                   "yourself.")
    elif cut == RESTORED:
        typer.echo(RESTORED_WORDS)
    elif cut:
        typer.echo(f"Careful: {DRASTIC[cut]}. It may be an error page, a sign-in wall, a cut-down page or the page in "
                   "another language, so optout cannot tell whether the platform changed what it says about AI: open "
                   "the page yourself.")
    from .telling import ordered

    for reason in ordered([reason.as_dict() for reason in result.reasons]):  # as an alert tells them
        say(_quoted(reason))


# What each page's check came to, as `watch run` counts them (FetchLog.outcome): after "N page(s)"
RUN_OUTCOMES = {"new-version": "with a new version", "not-modified": "unchanged (the server said so)",
                "same-body": "unchanged", "same-text": "unchanged in their text (only the page around it changed)",
                "error": "that could not be read", "unconfirmed": "changed drastically: held until the next check",
                "unconfirmed-moved": "changed: held until the next check, as it was read at another address than its last version",
                "confirmed": "held at an earlier check, now recorded", "flap": "back to their last text"}


def _watched(platform: str | None, *, including_past: bool = False) -> str | None:
    """The --platform option as optout stores the platform, or a failure saying where the platforms are listed."""
    from . import services

    try:
        return platform and services.watched_platform(platform, including_past=including_past)
    except services.NotWatched as exc:
        raise fail(str(exc)) from exc


@app.command()
def run(
    platform: str | None = typer.Option(None, help="Only this platform (a catalog slug)."),
    due: bool = typer.Option(False, help="Only documents that are due for a check."),
) -> None:
    """Check the watched documents now, with a progress bar."""
    from optout.lib.djangosetup import setup

    setup(migrate=True)
    from django.utils import timezone
    from rich.progress import Progress

    from . import services

    services.sync_documents()
    platform = _watched(platform)
    now = timezone.now()
    with Progress(transient=True) as progress:
        total = services.documents_to_check(platform, due_only=due, now=now).count()
        task = progress.add_task("Checking documents", total=total)
        counts = services.run(platform, due_only=due, sync=False, now=now, progress=lambda _doc: progress.advance(task))
    typer.echo("; ".join(f"{counted(count, 'page')} {RUN_OUTCOMES.get(outcome, outcome)}"
                         for outcome, count in sorted(counts.items())) or "Nothing to check.")
    if failed := counts.get("error", 0):
        where = f" --platform {platform}" if platform else ""
        message = (f"optout could not read {failed} of the {sum(counts.values())} pages; "
                   f"`optout watch status{where}` says why.")
        if failed == sum(counts.values()):  # nothing was read: a script must not take this run for a good one
            raise fail(message)
        typer.echo(message)


@app.command()
def status(
    platform: str | None = typer.Option(None, help="Only this platform (a catalog slug)."),
) -> None:
    """List the watched documents: last check, versions, last error, and any change waiting for a second check.

    A drastic change (a page that lost most of its text) is kept only if a check an hour later finds it again."""
    from optout.lib.djangosetup import setup

    setup(migrate=True)
    from django.db.models import Count

    from optout.lib.dates import format_datetime

    from . import services
    from .status import last_errors, opens_at_in_words, pending_in_words, watch_state

    services.sync_documents()
    platform = _watched(platform)
    # In the order of the platform's page on the web: by platform, then document
    documents = list(services.documents_to_check(platform).annotate(version_count=Count("versions"))
                     .order_by("platform", "doc_id"))
    if not documents:
        raise fail("optout watches no documents.")
    state = watch_state()
    again = state.checks_again
    errors = last_errors(documents, again=again)
    for document in documents:
        checked = ("not checked yet" if not document.last_checked_at
                   else f"the check of {format_datetime(document.last_checked_at)} failed" if document.last_error
                   else f"checked {format_datetime(document.last_checked_at)}")
        typer.echo(f"{document.platform}/{document.doc_id}: {document.title} ({checked}, "
                   f"{document.version_count} version{'s' if document.version_count != 1 else ''})")
        moved = document.opens_at and not document.pending_url and not document.last_error
        for line in (errors.get(document.id, ""), pending_in_words(document, again=state.checks_later),
                     opens_at_in_words(document.opens_at) if moved else ""):
            if line:
                typer.echo(f"  {line}")
    if not again and state.late:  # a failed page, a waiting change: nothing happens to them until a check runs
        typer.echo(f"A check was due at {format_datetime(state.next_check)} but has not run yet: the background worker "
                   "is running but has not started it (it may be busy with a long task). If this lasts, restart it, "
                   "or check now with 'optout watch run'.")
    elif not again:
        typer.echo("No check runs by itself now: the background worker is not running. Start optout with 'optout "
                   "serve' (without --no-worker) or, if optout already runs, only its worker with 'optout worker'; or "
                   "check now with 'optout watch run'.")


FIRST_VERSION = "The first version optout recorded of this page: there is no earlier one to compare it with."


def _web_address(version) -> str:
    from django.conf import settings

    return f"{settings.SITE_URL}{version.get_absolute_url()}"


def _change_as_json(version) -> dict:
    from .services.alerts import service_name
    from .services.verdicts import headline, in_brief

    first = not version.changed_from_id
    # Judged: compared, in English, and not a technical version whose differences optout cannot tell from its own
    # (one whose AI sentences alerted was judged, and said to be unsure).
    judged = not first and not version.languages and (version.ai_relevant or not version.technical)
    return {"id": version.id, "date": version.shown_at.isoformat(), "source": version.source,
            "platform": version.document.platform, "platform_name": service_name(version.document),
            "document": version.document.doc_id, "title": version.document.title,
            "headline": f"First version: {version.document.title}" if first else headline(version),
            "in_brief": FIRST_VERSION if first else in_brief(version), "judged": judged,
            "ai_relevant": version.ai_relevant if judged else None, "sure": version.ai_sure if judged else None,
            "score": round(version.score, 3), "technical": version.technical, "moved_to": version.moved_to,
            "url": _web_address(version)}


def _no_change_yet(platform: str | None, about_ai: bool) -> str:
    """Why `changes` lists nothing, and what happens next (the watch page's empty state, in the terminal's words)."""
    from .models import Version
    from .status import watch_state

    state = watch_state()
    changes = Version.objects.filter(changed_from__isnull=False)
    if about_ai and (changes.filter(document__platform=platform) if platform else changes).exists():
        return "optout has recorded no change that may be about AI" + (f" on {platform!r}." if platform else ".")
    lines = [f"No change recorded yet{f' on {platform!r}' if platform else ''}: the first version of each page is the "
             "starting point, and changes are listed from the next check on."]
    if platform:  # the state of every page would not be this platform's: its pages' own state is one command away
        lines.append(f"'optout watch status --platform {platform}' says when its pages were last checked, and why any "
                     "could not be read.")
    elif state.offline:
        lines.append(state.offline)
    elif state.unreadable:
        lines.append(f"optout could not read {counted(state.unreadable, 'page')} at the last check; "
                     "`optout watch status` says why.")
    lines.append(state.next_check_in_words.replace("“", "'").replace("”", "'"))
    if not state.imported:
        lines.append("To start with years of history instead, import it with 'optout watch import PATH', where PATH "
                     "is a copy (git clone) of Open Terms Archive's pga-versions.")
    return "\n".join(lines)


@app.command()
def changes(
    platform: str | None = typer.Option(None, help="Only this platform (a catalog slug)."),
    about_ai: bool = typer.Option(False, "--about-ai", help="Only changes that may be about AI (sure or not)."),
    limit: int = typer.Option(20, min=1, max=100_000, help="How many changes, the newest first."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list: id, date (a day for imported history, "
                                                      "whose archive recorded no time of change; a time for a "
                                                      "check), source (fetch, import: history from an archive, "
                                                      "reextract: optout's own re-reading), "
                                                      "platform, document, title, headline, in_brief, judged, "
                                                      "ai_relevant and sure (null when not judged), score, "
                                                      "technical, moved_to, url."),
) -> None:
    """List the changes optout found in the platforms' pages, the newest first, each with what the alert says.

    A change that may be about AI says so, in one sentence quoting what changed, and how far optout vouches for it; `optout watch show ID` prints one change whole, with its differences."""
    from optout.lib.djangosetup import setup

    setup(migrate=True)
    from optout.lib.dates import format_datetime

    from .models import Version
    from .services.verdicts import for_lists, headline, in_brief, technical_in_words

    platform = _watched(platform, including_past=True)
    versions = for_lists(Version.objects.filter(changed_from__isnull=False)).defer("text")
    if platform:
        versions = versions.filter(document__platform=platform)
    if about_ai:
        versions = versions.filter(ai_relevant=True)
    versions = list(versions[:limit])
    if as_json:
        say_json([_change_as_json(version) for version in versions])
        return
    if not versions:
        say(_no_change_yet(platform, about_ai))
        return
    for version in versions:
        imported = " (imported history)" if version.source == "import" else ""
        say(f"#{version.id} · {format_datetime(version.shown_at)}{imported} · {headline(version)}")
        note = technical_in_words(version)
        say(f"  {in_brief(version) if version.ai_relevant or not note else note + '.'}")
    say(f"\nRead one whole, with what changed: optout watch show {versions[0].id}")


def _print_verdict(told, reasons: list[dict]) -> None:
    say("")
    for line in told.words:
        say(line)
        if line == told.reasons_intro:
            for reason in reasons:
                kind = {"added": "Added", "removed": "Removed"}.get(reason["kind"], "Reworded")
                lead = f"{reason['lead']} … " if reason.get("lead") else ""
                before = f" (before: {reason['old']})" if reason.get("old") else ""
                say(f"  {kind}: {lead}{reason['text']}{before}")


WORD_MARKS = ("[-", "-]", "{+", "+}")


def _print_differences(version, rows: list[dict | None]) -> None:
    from .diff import inline_text

    say("\nWhat changed (~ a paragraph with words removed [-like this-] and added {+like this+}; a paragraph that "
        "writes such marks itself is shown whole, before (-) and after (+)):" if version.changed_from
        else "\nIts text:")
    for row in rows:
        if row is None:
            lines = [(" ", "…")]
        elif row["kind"] == "changed" and not any(mark in row["old"] + row["new"] for mark in WORD_MARKS):
            lines = [("~", inline_text(row["old"], row["new"]))]
        elif row["kind"] == "changed":  # its own "[-" would read as optout's mark: no word marks in it
            lines = [("-", row["old"]), ("+", row["new"])]
        elif row["kind"] == "equal" or not version.changed_from:
            lines = [(" ", row["new"])]
        else:
            lines = [("+", row["new"]) if row["kind"] == "added" else ("-", row["old"])]
        for mark, text in lines:
            say(f"{mark} " + text.replace("\n", "\n  "))  # a paragraph's own lines stay under it


@app.command()
def show(
    change: int = typer.Argument(..., help="The change's number, as `optout watch changes` lists it."),
    differences: bool = typer.Option(True, "--differences/--no-differences",
                                     help="Print the changed paragraphs (words removed [-like this-] and added "
                                          "{+like this+}) after what optout makes of the change."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object: the fields of `changes --json`, "
                                                      "verdict (its lines), reasons and differences."),
) -> None:
    """Print one change as its page in the web app shows it: what optout makes of it, the sentences that made it flag the change, and what changed."""
    from optout.lib.djangosetup import setup

    setup(migrate=True)
    from optout.lib.dates import format_date, format_datetime

    from .models import Version
    from .services.verdicts import differences as rows_of
    from .services.verdicts import reasons_as_read, verdict

    version = Version.objects.select_related("document", "changed_from").filter(pk=change).first()
    if version is None:
        raise fail(f"optout has no change #{change}: 'optout watch changes' lists them with their numbers.")
    told, reasons, rows = verdict(version), reasons_as_read(version), rows_of(version) if differences else []
    if as_json:
        say_json({**_change_as_json(version), "verdict": told.words if told else [],
                  "reasons": [{key: reason.get(key, "") for key in ("kind", "lead", "text", "old")}
                              for reason in reasons] if told and told.reasons_intro else [],
                  "differences": rows})
        return
    say(version.document.title)
    imported = " (imported history)" if version.source == "import" else ""
    since = f" · compared with {format_date(version.compared_to.shown_at)}" if version.changed_from else ""
    say(f"Version of {format_datetime(version.shown_at)}{imported}{since}")
    if told:
        _print_verdict(told, reasons)
    if not version.changed_from:
        say(f"\n{FIRST_VERSION}")
    if differences:
        _print_differences(version, rows)
    say(f"\nOn the web: {_web_address(version)}")


@app.command()
def reextract(
    platform: str | None = typer.Option(None, help="Only this platform (a catalog slug)."),
    force: bool = typer.Option(False, "--all", help="Read every stored page again, not only those whose declaration changed."),
) -> None:
    """Read the stored pages again with the current declarations (selectors) and extractor.

    A different text is recorded as a technical version: it is shown as optout's own change and never alerts anyone.
    """
    from optout.lib.djangosetup import setup

    setup(migrate=True)
    from . import services

    services.sync_documents()
    platform = _watched(platform)
    counts = services.reextract_all(platform, force=force)
    words = {"technical-version": "new technical versions", "same-text": "same text", "up-to-date": "already up to date",
             "no-snapshot": "with no stored page to read again (not fetched yet, or fetched before its address changed)",
             "imported": "latest text imported (the stored page is older: the next check compares with the import)"}
    typer.echo(", ".join(f"{count} {words.get(outcome, outcome)}" for outcome, count in sorted(counts.items()))
               or "Nothing to read again.")


@app.command("import")
def import_history(
    path: Path = typer.Argument(..., help="A git repository of Markdown versions (Open Terms Archive layout) or a "
                                          "folder of dated .md files."),
    platform: str | None = typer.Option(None, help="Only this platform; required for a folder."),
    document: str | None = typer.Option(None, help="The document id (e.g. privacy-policy); required for a folder."),
) -> None:
    """Import an existing version history, so a new install starts with years of it.

    A git repository is read as Open Terms Archive keeps it: one commit per version of <Service>/<Terms type>.md. A version optout cannot take (no text: a binary file, UTF-16 saved without its mark, a symbolic link, a submodule; empty; larger than 20 MB; dated after now or before 1994 by a wrong clock) is left out and named, with its commit and why, and the version after it is compared with the one before it: a past commit cannot be corrected.

    A folder holds one file per version, named after the day the version was published: 2024-06-01.md or 20240601.md; anything but another digit may follow the date (2024-06-01-2.md, 2024-06-01 evening.md). Only the files in the folder itself whose names end in .md (or .MD) are read. The import names those it leaves out: files whose names start with no date (a README), hidden files (whose names start with a dot) and the folders inside it, whose files it does not read. A file that is not text, is empty or larger than 20 MB, is dated after today or before 1994, or is a symbolic link to a file outside the folder stops the import, naming it, and nothing is imported: the file is yours to correct.

    Files of one day are read in this order: the name with nothing after the date first, then by what follows the date, numbers by value and words alphabetically (2024-06-01.md, 2024-06-01-2.md, 2024-06-01-10.md), at noon UTC, the number after the date in seconds (2024-06-01-2.md: 12:00:02). A file already imported is known by its text and skipped, even after files were added or removed; a version optout already holds is never replaced, so where one lost its file (changed or removed), no new file of that place is taken.

    The next check of each document compares optout's own reading of the page with the last imported text, which someone else read: that version is marked technical. It alerts, saying optout cannot tell whether the platform or the reading changed, only when sentences about AI differ.
    """
    from optout.lib.djangosetup import setup

    setup(migrate=True)
    from . import services

    skipped: dict[str, int] = {}
    notes: list[str] = []
    try:
        counts = services.import_history(path, platform=platform, document=document, skipped=skipped, notes=notes)
    except services.HistoryImportError as exc:
        stopped = fail(f"The import stopped: {exc}")
        for note in notes:  # what was read still matters to the next run: the files left out, a shallow clone
            typer.echo(note, err=True)
        raise stopped from exc
    total, documents = sum(counts.values()), sum(1 for count in counts.values() if count)
    if total:
        typer.echo(f"Imported {counted(total, 'version')} of {counted(documents, 'document')}.")
    else:  # "0 versions of 0 documents" read as if optout had found no document
        # Not "holds the versions found here" when some were left out: the notes say which, and why.
        typer.echo("Nothing new to import: optout already holds the versions found here." if not (skipped or notes)
                   else "Nothing new to import.")
    if left_out := sum(skipped.values()):
        typer.echo(f"Left out {counted(left_out, 'version')} dated between optout's own first and latest checks of "
                   f"{', '.join(sorted(skipped))}: its checks cover that time.")
    for note in notes:
        typer.echo(note)
