"""What a person does in the media app on the web: presets, and marking uploaded images into a zip."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path, PurePath

from django.utils.translation import gettext as _

from optout.lib.choices import in_words
from optout.lib.ownership import owned

from .models import MARK_FIELDS, Preset


def preset_values(owner, name: str) -> dict | None:
    preset = owned(Preset, owner).filter(name=name).first()
    return preset.values() if preset else None


def save_preset(owner, name: str, values: dict) -> Preset:
    fields = {key: values.get(key, "") or "" for key in MARK_FIELDS} | {"remove_location": bool(values.get("remove_location"))}
    preset, _ = Preset.objects.update_or_create(owner=owner, name=name, defaults=fields)
    return preset


def delete_preset(owner, name: str) -> bool:
    deleted, _ = owned(Preset, owner).filter(name=name).delete()
    return bool(deleted)


def _safe_name(name: str, taken: set[str]) -> str:
    base = PurePath(name.replace("\\", "/")).name.lstrip(".") or "image"
    candidate, number = base, 2
    while candidate.lower() in taken:
        stem, dot, suffix = base.rpartition(".")
        candidate = f"{stem}-{number}.{suffix}" if dot else f"{base}-{number}"
        number += 1
    taken.add(candidate.lower())
    return candidate


def protect_uploads(uploads, values: dict, remove_location: bool, signer=None) -> tuple[bytes | None, list]:
    """Mark uploaded files in a private temporary folder and return (zip, outcomes).

    The zip holds the marked copies and a report; it is None when no file could be marked. The
    temporary folder (uploads and results) is deleted before this returns, whatever happens.
    """
    from .batch import Options, plan, run
    from .marks import Marks

    options = Options(Marks(**values), remove_location=remove_location, signer=signer)
    with tempfile.TemporaryDirectory(prefix="optout-media-") as work:
        incoming, outgoing = Path(work, "in"), Path(work, "out")
        incoming.mkdir()
        outgoing.mkdir()
        pairs, taken = [], set()
        for upload in uploads:
            name = _safe_name(upload.name, taken)
            with open(incoming / name, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            pairs.append((incoming / name, incoming))
        # where each result goes, as the command line decides it: a raw photo's marks go into photo.xmp (its
        # sidecar), never under the raw file's own name, which a person unzipping over their folder would lose
        jobs, problems = plan(pairs, outgoing, options)
        outcomes = [*problems, *run(jobs, options, workers=1, isolated=True)]
        for outcome in outcomes:  # people see their own file names, not the server's folders
            outcome.source = PurePath(outcome.source).name
            outcome.output = PurePath(outcome.output).name if outcome.output else ""
        if not any(o.status == "ok" for o in outcomes):
            return None, outcomes
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for outcome in outcomes:
                if outcome.status == "ok":
                    archive.write(outgoing / outcome.output, outcome.output)
            archive.writestr("optout-report.txt", report_text(outcomes))
    return buffer.getvalue(), outcomes


def report_text(outcomes) -> str:
    lines = [str(_("Images marked by optout: %(ok)d of %(total)d.") % {
        "ok": sum(o.status == "ok" for o in outcomes), "total": len(outcomes)}), ""]
    for outcome in outcomes:
        lines.append(f"{'OK ' if outcome.status == 'ok' else 'NOT MARKED'} {outcome.source}"
                     + (f": {in_words(outcome.message)}" if outcome.message else ""))
        lines += [f"    {in_words(note)}" for note in outcome.notes]
    lines += ["", str(_("Check the marks any time in a metadata viewer, or at the command line with: optout media "
                        "verify FOLDER"))]
    return "\n".join(lines) + "\n"
