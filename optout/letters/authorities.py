"""Supervisory authorities: who takes a complaint when a company ignores a request.

One YAML file per authority in `optout/data/authorities/`, validated like the catalog.
Pure: no Django.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from optout.catalog.regions import legal_country
from optout.catalog.schema import (
    Confidence,
    EmailAddress,
    HttpsUrl,
    PastDate,
    ShortText,
    Slug,
    Source,
    Strict,
)
from optout.lib.yamlfiles import FolderResult, records_or_raise, validate_folder

AUTHORITIES_DIR = Path(__file__).resolve().parent.parent / "data" / "authorities"

Regime = Literal["gdpr", "uk-gdpr", "fadp", "ccpa", "lgpd"]


class Authority(Strict):
    """A data protection authority that takes complaints from people."""

    id: Slug = Field(description="Must equal the file name, e.g. `ie-dpc`.")
    name: ShortText = Field(description="Official name, in the authority's own language.")
    name_en: ShortText | None = Field(None, description="English name, when the official one is not English.")
    country: str = Field(description="ISO 3166-1 alpha-2 code of its country, e.g. IE.")
    subdivision: str | None = Field(None, description="ISO 3166-2 code when it covers one state only, e.g. DE-BY, US-CA.")
    regime: Regime = Field(description="The law it enforces: gdpr, uk-gdpr, fadp, ccpa or lgpd.")
    role: Literal["national", "state", "federal-sector"] = Field(
        "national", description="national; state (one German Land); federal-sector (Germany's BfDI: telecoms, post)."
    )
    address: str | None = Field(None, description="Postal address, one line per line of the envelope.")
    email: EmailAddress | None = Field(None, description="E-mail address for complaints or general contact.")
    complaint_form: HttpsUrl | None = Field(None, description="Online complaint form (https).")
    web: HttpsUrl = Field(description="Home page (https).")
    phone: str | None = Field(None, description="Phone number in international format.")
    languages: list[str] = Field(min_length=1, description="Languages it accepts complaints in (ISO 639-1).")
    complaints_by_email: bool = Field(True, description="false when the authority does not take a complaint sent as an "
                                      "ordinary e-mail (it asks for its form, a signed letter or an electronically "
                                      "signed one): optout then offers no e-mail to send. Cite the page in `sources`.")
    own_forms_only: bool = Field(False, description="true when the authority takes complaints only on its own forms "
                                 "(Spain's AEPD, BOE-A-2023-16062): a letter is then the text to "
                                 "fill them in with, and the complaint's page says so. Cite the rule in `sources`.")
    cites_basis: bool = Field(True, description="false when the law's complaint provision (the regime's authority_basis) "
                              "names another body, so a complaint here cites none (California's Attorney General: "
                              "§ 1798.199.45 is CalPrivacy's).")
    origin: str | None = Field(None, description="Where the record came from, with its licence, for credit.")
    sources: list[Source] = Field(min_length=1, description="Pages that state these facts.")
    last_verified: PastDate = Field(description="Day someone last checked this against the sources.")
    confidence: Confidence = Field(description="high, medium or low.")

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if not re.match(r"^[A-Z]{2}$", value):
            raise ValueError("use an upper-case ISO 3166-1 alpha-2 code")
        return value

    @field_validator("subdivision")
    @classmethod
    def _subdivision(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^[A-Z]{2}-[A-Z0-9]{1,3}$", value):
            raise ValueError("use an ISO 3166-2 code such as DE-BY")
        return value

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        bad = [code for code in value if not re.match(r"^[a-z]{2}$", code)]
        if bad:
            raise ValueError(f"not ISO 639-1 language codes: {', '.join(bad)}")
        return value

    @property
    def contact_missing(self) -> bool:
        return not (self.email or self.complaint_form or self.address)


def validate_all(root: Path | None = None) -> FolderResult:
    return validate_folder(Path(root) if root else AUTHORITIES_DIR, Authority, label="authorities", key="id")


@functools.cache
def authorities() -> dict[str, Authority]:
    return records_or_raise(validate_all(), "authorities")



def for_person(country: str, subdivision: str = "") -> list[Authority]:
    """Authorities a person can complain to where they live; the state's first, then national ones.

    In Germany, complaints about companies go to the authority of the Land; the federal one
    only covers telecoms and postal services, so it comes last.
    """
    country = legal_country(country)
    subdivision = (subdivision or "").upper()
    found = [a for a in authorities().values() if a.country == country]
    order = {"state": 0, "national": 1, "federal-sector": 2}
    if subdivision:
        found = [a for a in found if a.subdivision in (None, subdivision)]
    return sorted(found, key=lambda a: (a.subdivision != subdivision if subdivision else False, order[a.role], a.name))
