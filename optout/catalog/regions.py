"""Region codes used by the catalog, and how a person's region maps onto them.

A mechanism lists the regions where it applies. A person picks one region (or a
country, which maps to one). A mechanism applies to them when any of its codes is
among the codes that cover their region: a Californian is covered by `US-CA`, `US`
and `ALL`; someone in Germany by `EU`, `EEA` and `ALL`.
"""

from __future__ import annotations

from optout.lib.i18n import gettext_noop as _

ALL = "ALL"

US_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM "
    "NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
).split()

# Region groups a mechanism can name, with a human label. Order is the order people see.
GROUPS: dict[str, str] = {
    "ALL": _("Everywhere"),
    "EU": _("European Union"),
    "EEA": _("European Economic Area (EU + Iceland, Liechtenstein, Norway)"),
    "UK": _("United Kingdom"),
    "CH": _("Switzerland"),
    "US": _("United States"),
    "BR": _("Brazil"),
    "CA": _("Canada"),
    "KR": _("South Korea"),
    "JP": _("Japan"),
    "AU": _("Australia"),
    "IN": _("India"),
}
STATE_CODES = {f"US-{s}" for s in US_STATES}
# The states by name, as the wizard offers them ("CA" alone was a riddle to some).
US_STATE_NAMES = dict(zip(US_STATES, (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
    "District of Columbia", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas",
    "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri",
    "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina",
    "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota",
    "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
), strict=True))

# The German Länder by their own names, as people living there name them: each has its own data protection authority
# for complaints about companies (letters/authorities)
GERMAN_STATES = {
    "DE-BW": "Baden-Württemberg", "DE-BY": "Bayern", "DE-BE": "Berlin", "DE-BB": "Brandenburg", "DE-HB": "Bremen",
    "DE-HH": "Hamburg", "DE-HE": "Hessen", "DE-MV": "Mecklenburg-Vorpommern", "DE-NI": "Niedersachsen",
    "DE-NW": "Nordrhein-Westfalen", "DE-RP": "Rheinland-Pfalz", "DE-SL": "Saarland", "DE-SN": "Sachsen",
    "DE-ST": "Sachsen-Anhalt", "DE-SH": "Schleswig-Holstein", "DE-TH": "Thüringen",
}

EU_COUNTRIES = (
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
).split()
EEA_ONLY_COUNTRIES = ["IS", "LI", "NO"]
# Parts of EU countries that have an ISO code of their own: the GDPR applies there as in the country they belong to
# (the outermost regions, TFEU Art. 355(1); the Åland Islands, Finland's act of accession, Protocol 2).
EU_TERRITORIES = {"RE": "FR", "GP": "FR", "MQ": "FR", "GF": "FR", "YT": "FR", "MF": "FR", "AX": "FI"}


# The language most people of a country write letters in, among those optout writes (a letter's default; the
# interface's, for someone who has chosen none, is its base: "pt-BR" → "pt").
LANGUAGE_BY_COUNTRY = {
    "DE": "de", "AT": "de", "LI": "de", "CH": "de-CH", "FR": "fr", "BE": "fr", "LU": "fr", "MC": "fr", "ES": "es",
    "IT": "it", "SM": "it", "NL": "nl", "PL": "pl", "PT": "pt", "BR": "pt-BR",
}


def legal_country(country: str) -> str:
    """The country whose law and authorities a place's residents have: Réunion's are France's."""
    country = (country or "").upper()
    return EU_TERRITORIES.get(country, country)

# Regions a person can choose on the site. "OTHER" means none of the named groups.
CHOICES: list[tuple[str, str]] = [
    ("EU", _("European Union")),
    ("EEA", _("Iceland, Liechtenstein or Norway")),
    ("UK", _("United Kingdom")),
    ("CH", _("Switzerland")),
    ("US", _("United States (other states)")),
    ("US-CA", _("United States: California")),
    ("US-CO", _("United States: Colorado")),
    ("US-CT", _("United States: Connecticut")),
    ("US-TX", _("United States: Texas")),
    ("US-VA", _("United States: Virginia")),
    ("BR", _("Brazil")),
    ("CA", _("Canada")),
    ("AU", _("Australia")),
    ("IN", _("India")),
    ("JP", _("Japan")),
    ("KR", _("South Korea")),
    ("OTHER", _("Somewhere else")),
]
CHOICE_CODES = {code for code, _ in CHOICES}


def is_known(code: str) -> bool:
    """True for a code a catalog file may use in `regions`."""
    return code in GROUPS or code in STATE_CODES


def covering(region: str) -> frozenset[str]:
    """All catalog codes that apply to a person in `region` (a choice or a state code)."""
    region = region.upper()
    codes = {ALL}
    if region == "EU":
        codes |= {"EU", "EEA"}
    elif region == "EEA":
        codes |= {"EEA"}
    elif region in STATE_CODES:
        codes |= {"US", region}
    elif region in GROUPS:
        codes.add(region)
    return frozenset(codes)


def from_country(country: str) -> str:
    """Map an ISO 3166-1 alpha-2 country code (or `US-XX` state) to a region choice."""
    country = legal_country(country)
    if country in EU_COUNTRIES:
        return "EU"
    if country in EEA_ONLY_COUNTRIES:
        return "EEA"
    if country in ("GB", "UK"):
        return "UK"
    if country in STATE_CODES or country == "US":
        return country
    if country in GROUPS and country != ALL:
        return country
    return "OTHER"


def label(code: str) -> str:
    if code in GROUPS:
        return GROUPS[code]
    for choice, text in CHOICES:
        if choice == code:
            return text
    if code in STATE_CODES:
        return f"United States: {code[3:]}"
    return code
