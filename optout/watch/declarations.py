"""Which documents to watch for each platform: `optout/data/documents/<platform>.yaml`.

Pure: no Django. Validated like the catalog (`file:line: field: message`).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from optout.catalog.schema import HttpsUrl, ShortText, Slug, Source, Strict
from optout.lib.yamlfiles import FolderResult, records_or_raise, validate_folder

DOCUMENTS_DIR = Path(__file__).resolve().parent.parent / "data" / "documents"


class Document(Strict):
    """One page to watch."""

    id: Slug = Field(description="Short name, unique within the file, e.g. `privacy-policy`.")
    title: ShortText = Field(description="What people call the page.")
    type: Literal["privacy-policy", "terms", "ai-policy", "ai-help", "opt-out-page"] = Field(description="Kind of page.")
    url: HttpsUrl = Field(description="https address of the page.")
    select: list[ShortText] = Field(default_factory=list, description="CSS selectors of the parts to keep.")
    remove: list[ShortText] = Field(default_factory=list, description="CSS selectors of parts to drop (menus, banners).")


class Declaration(Strict):
    """All watched pages of one platform."""

    platform: Slug = Field(description="The catalog slug; must equal the file name.")
    documents: list[Document] = Field(min_length=1, description="Pages to watch.")
    sources: list[Source] = Field(min_length=1, description="Where the addresses and selectors come from.")

    @model_validator(mode="after")
    def _unique_ids(self) -> Declaration:
        ids = [d.id for d in self.documents]
        if len(ids) != len(set(ids)):
            raise ValueError("a document id is used twice")
        return self


def validate_all(root: Path | None = None) -> FolderResult:
    return validate_folder(Path(root) if root else DOCUMENTS_DIR, Declaration, label="documents", key="platform")


@functools.cache
def declarations() -> dict[str, Declaration]:
    return records_or_raise(validate_all(), "watched-documents")
