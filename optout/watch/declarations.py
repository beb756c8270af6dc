"""Which documents to watch for each platform: `optout/data/documents/<platform>.yaml`.

Pure: no Django. Validated like the catalog (`file:line: field: message`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from optout.catalog.schema import ShortText, Slug, Source, Strict, _https_url
from optout.lib.yamlfiles import DataFileError, validate_model_file

DOCUMENTS_DIR = Path(__file__).resolve().parent.parent / "data" / "documents"


class Document(Strict):
    """One page to watch."""

    id: Slug = Field(description="Short name, unique within the file, e.g. `privacy-policy`.")
    title: ShortText = Field(description="What people call the page.")
    type: Literal["privacy-policy", "terms", "ai-policy", "ai-help", "opt-out-page"] = Field(description="Kind of page.")
    url: str = Field(description="https address of the page.")
    select: list[ShortText] = Field(default_factory=list, description="CSS selectors of the parts to keep.")
    remove: list[ShortText] = Field(default_factory=list, description="CSS selectors of parts to drop (menus, banners).")

    _url = field_validator("url")(classmethod(lambda cls, v: _https_url(v)))


class Declaration(Strict):
    """All watched pages of one platform."""

    platform: Slug = Field(description="The catalog slug; must equal the file name.")
    documents: list[Document] = Field(min_length=1, description="Pages to watch.")
    sources: list[Source] = Field(min_length=1, description="Where the addresses and selectors come from.")


@dataclass
class DeclarationsResult:
    declarations: dict[str, Declaration] = field(default_factory=dict)
    errors: list[DataFileError] = field(default_factory=list)


def validate_all(root: Path | None = None) -> DeclarationsResult:
    root = Path(root) if root else DOCUMENTS_DIR
    result = DeclarationsResult()
    for path in sorted(root.glob("*.yaml")):
        record, errors = validate_model_file(path, Declaration, f"documents/{path.name}", key="platform")
        result.errors += errors
        if record is not None:
            ids = [d.id for d in record.documents]
            if len(ids) != len(set(ids)):
                result.errors.append(DataFileError(f"documents/{path.name}", None, "documents", "a document id is used twice"))
                continue
            result.declarations[record.platform] = record
    return result


@functools.cache
def declarations() -> dict[str, Declaration]:
    result = validate_all()
    if result.errors:
        raise RuntimeError("the watched-documents data is invalid:\n" + "\n".join(map(str, result.errors)))
    return result.declarations
