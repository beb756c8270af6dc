"""What optout writes into an image: the person's rights and "not for AI training" choices.

Pure module (no Django). The values follow IPTC Photo Metadata 2023.1 and the PLUS License Data Format:
`plus:DataMining` holds one URI of the PLUS "Data Mining" vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields

from optout.lib.i18n import Said
from optout.lib.i18n import gettext_noop as _

PLUS_VOCAB = "http://ns.useplus.org/ldf/vocab/"

# code -> English label (the labels exiftool and the IPTC User Guide use).
DATA_MINING: dict[str, str] = {
    "DMI-PROHIBITED-AIMLTRAINING": "Prohibited for AI/ML training",
    "DMI-PROHIBITED-GENAIMLTRAINING": "Prohibited for generative AI/ML training",
    "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING": "Prohibited except for search engine indexing",
    "DMI-PROHIBITED": "Prohibited",
    "DMI-PROHIBITED-SEECONSTRAINT": "Prohibited, see other constraints",
    "DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR": "Prohibited, see embedded rights expression",
    "DMI-PROHIBITED-SEELINKEDRIGHTSEXPR": "Prohibited, see linked rights expression",
    "DMI-ALLOWED": "Allowed",
    "DMI-UNSPECIFIED": "Unspecified (no prohibition defined)",
}
DEFAULT_DATA_MINING = "DMI-PROHIBITED-AIMLTRAINING"
SEE_CONSTRAINTS = "DMI-PROHIBITED-SEECONSTRAINT"
# Choices that point at a rights expression optout does not write: a file must already have it (xmp.RIGHTS_EXPRESSIONS).
SEE_EXPRESSION = {"DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR": "embedded_rights", "DMI-PROHIBITED-SEELINKEDRIGHTSEXPR":
                  "linked_rights"}
# Short names accepted on the command line, e.g. --data-mining no-ai-training.
SHORT_NAMES = {
    "no-ai-training": "DMI-PROHIBITED-AIMLTRAINING",
    "no-genai-training": "DMI-PROHIBITED-GENAIMLTRAINING",
    "search-indexing-only": "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING",
    "prohibited": "DMI-PROHIBITED",
    "see-constraints": "DMI-PROHIBITED-SEECONSTRAINT",
    "see-embedded-rights": "DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR",
    "see-linked-rights": "DMI-PROHIBITED-SEELINKEDRIGHTSEXPR",
    "allowed": "DMI-ALLOWED",
    "unspecified": "DMI-UNSPECIFIED",
}

# Field -> human label, in the order reports show them.
FIELDS: dict[str, str] = {
    "data_mining": _("Data mining (PLUS)"),
    "other_constraints": _("Other constraints"),
    "creator": _("Creator"),
    "copyright": _("Copyright notice"),
    "credit": _("Credit line"),
    "web_statement": _("Web statement of rights"),
    "licensor_url": _("Licensor URL"),
    "usage_terms": _("Usage terms"),
}
# Where each field lives besides XMP (IPTC-IIM record:dataset, EXIF IFD0 tag).
IIM_FIELDS = {"creator": (2, 80), "copyright": (2, 116), "credit": (2, 110)}
# The most bytes each of those datasets may hold (IPTC IIM 4.2: 2:80 By-line 32, 2:116 Copyright Notice 128,
# 2:110 Credit 32); XMP and EXIF have no such limit.
IIM_LIMITS = {"creator": 32, "copyright": 128, "credit": 32}
EXIF_FIELDS = {"creator": 0x013B, "copyright": 0x8298}


class BadImage(Exception):
    """The file cannot be marked or read; the message says what is wrong, for a person (`said`: the same, which a
    page translates)."""

    def __init__(self, template: str, **params):
        self.said = Said(template, **params)
        super().__init__(self.said)


def data_mining_uri(choice: str) -> str:
    """'no-ai-training', 'DMI-PROHIBITED' or a full PLUS URI -> the full URI; ValueError when unknown."""
    text = choice.strip()
    code = SHORT_NAMES.get(text.lower(), text.removeprefix(PLUS_VOCAB).upper())
    if code not in DATA_MINING:
        raise ValueError(f"unknown data-mining choice {choice!r}; use one of: {', '.join(SHORT_NAMES)}")
    return PLUS_VOCAB + code


def data_mining_code(uri: str) -> str | None:
    code = uri.strip().removeprefix(PLUS_VOCAB)
    return code if uri.strip().startswith(PLUS_VOCAB) and code in DATA_MINING else None


# A web statement of rights or a licensor's page: a whole address, or nothing (the plan export checks the same).
WEB_ADDRESS = r"(https?://\S+)?"


@dataclass(frozen=True)
class Marks:
    """The values to write. Empty strings are left alone (an existing value stays)."""

    data_mining: str = PLUS_VOCAB + DEFAULT_DATA_MINING
    other_constraints: str = ""
    creator: str = ""
    copyright: str = ""
    credit: str = ""
    web_statement: str = ""
    licensor_url: str = ""
    usage_terms: str = ""

    def __post_init__(self):
        object.__setattr__(self, "data_mining", data_mining_uri(self.data_mining))
        if self.data_mining == PLUS_VOCAB + SEE_CONSTRAINTS and not self.other_constraints.strip():
            raise ValueError("the data-mining choice 'see-constraints' (Prohibited, see other constraints) points at "
                             "your other constraints: give them with --other-constraints")
        for field in fields(self):
            value = getattr(self, field.name)
            if any(ord(ch) < 32 and ch not in "\t\n" for ch in value):
                raise ValueError(f"{FIELDS[field.name]} contains control characters")
        for name in ("web_statement", "licensor_url"):  # written where programs follow them as links
            value = getattr(self, name)
            if len(value) > 500 or not re.fullmatch(WEB_ADDRESS, value):
                raise ValueError(f"{FIELDS[name]}: give a whole web address beginning with https:// or http://, "
                                 f"not {value[:80]!r}")

    def given(self) -> dict[str, str]:
        return {name: value for name, value in asdict(self).items() if value}


@dataclass
class Found:
    """What one file carries: container ('xmp', 'iptc', 'exif') -> field -> value."""

    xmp: dict[str, str]
    iptc: dict[str, str]
    exif: dict[str, str]
    location: list[str]  # names of location data still present (GPS, city, …)
    credentials: dict | None = None  # Content Credentials summary, when present

    def value(self, field: str) -> str:
        return self.xmp.get(field) or self.iptc.get(field) or self.exif.get(field) or ""
