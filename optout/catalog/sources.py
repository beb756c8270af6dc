"""The catalog's rules for sources: what counts as the platform's own word, and what is refused.

Pure: no Django. `problems(platform)` lists every breach as (field path, message); the loader turns them
into `file:line: field: message` errors, so `optout catalog validate`, `optout data validate` and the
tests all enforce the same rules.

Classes of source:
- primary: the platform's own help, policy, blog or settings page (on one of its own domains);
- archived-primary: a dated copy of such a page (an Open Terms Archive version, a web archive snapshot);
- regulator: an authority's or court's decision or statement;
- secondary: press and everything else. It may support a fact, never carry it alone.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SOURCE_KINDS = ("primary", "archived-primary", "regulator", "secondary")
TRUSTED_KINDS = ("primary", "archived-primary")

# Link shorteners hide where a link goes; a source must show it.
SHORTENERS = frozenset({
    "bit.ly", "bitly.com", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "buff.ly", "is.gd", "v.gd", "rebrand.ly",
    "cutt.ly", "shorturl.at", "tiny.cc", "lnkd.in", "fb.me", "youtu.be", "amzn.to", "amzn.eu", "dlvr.it", "t.ly",
    "rb.gy", "s.id", "bit.do", "trib.al", "shorturl.com", "surl.li", "qrco.de", "lnk.bio", "linktr.ee",
})

# Sites that copy, spin or aggregate other people's pages (SEO farms, look-alike hosts, scraped mirrors,
# affiliate reviews). Found citing them in this catalog once; never again. Add a domain with a short reason
# in the commit message.
COPY_SITES = frozenset({
    "adkkajag.pages.dev", "ainewz.online", "allaboutai.com", "aitoolsage.com", "aitrace.org", "allthings.how", "americanblogspot.com",
    "ansarsales.com", "baa-atlas.vercel.app", "be3designs.ca", "bestofai.com", "briefly.co", "cars.edu.vn",
    "chandrawebdesign.com", "cloudcopilot.in", "cohensive.com", "conductatlas.com", "dailyexe.com", "delist.ai",
    "devpik.com", "enterprise-ai.io", "fineprintly.io", "gemeinde-steinberg.com", "ghanaroll.com",
    "globalbrandsmagazine.com", "googlesupport.serverhump.com", "hn.jakechampion.name", "hqproductreviews.com",
    "hypeeconomy.com", "irishtimes-irishtimes-prod.web.arc-cdn.net", "joindeleteme.com", "kristinagod.com",
    "legalclarity.org", "links.gayfr.online", "lireo.com", "mastodawn.com", "msnnews24.com",
    "muslimonline24.blogspot.com", "newsbytesapp.com", "newsminimalist.com", "news.quarkybyte.com",
    "news.warptechlab.com", "onlysuperheroes.com", "particle.news", "permus.blog", "photoshopmagz.com",
    "planetbotch.blogspot.com", "privacycraft.pro", "privacyfetch.com", "privacygpt.lynicis.dev", "privacywire.org",
    "productionai.institute", "romanticpoetry.info", "runoctopus.com", "scatterai-site.pages.dev", "sipoch.com",
    "squareranked.com", "sync-computers.com", "syntheticengineers.com", "techcratic.com", "techgeekwire.com",
    "techiemag.co.uk", "techminis.com", "tengele.com", "thestartupscoup.com", "thesuddennow.com", "tipsmake.com",
    "tumgag.com", "viraltrendingcontent.com", "wiziwiz.com", "wixseo.co.uk", "write.bz", "ywian.com",
})
# Vendors' marketing blogs and search-engine-bait sites that retell platforms' pages (a VPN seller's, a deletion
# service's "how to opt out" guides): their words are not the platform's, and they are not kept up to date with it.
SEO_SITES = frozenset({
    "bounteous.com", "elevenforum.com", "hometechweb.com.br", "nym.com", "pogowasright.org", "redact.dev",
    "telegraph247.com", "webpronews.com",
})

# Where dated copies of platforms' pages live.
ARCHIVE_PREFIXES = (
    "github.com/OpenTermsArchive/",
    "web.archive.org/web/",
    "webarchive.library.unt.edu/web/",
    "archive.org/",
    "webarchive.nationalarchives.gov.uk/",
    "archive.ph/",
    "archive.today/",
)


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def _on(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def refused(url: str) -> str | None:
    """Why `url` may not be cited at all, or None."""
    host = host_of(url)
    if any(_on(host, d) for d in SHORTENERS):
        return f"{host} is a link shortener: cite the address it leads to"
    if any(_on(host, d) for d in COPY_SITES):
        return f"{host} is a known copy or aggregator site: cite the platform's own page (or an archived copy of it)"
    if any(_on(host, d) for d in SEO_SITES):
        return f"{host} retells platforms' pages to sell or to rank: cite the platform's own page (or an archived copy of it)"
    return None


# Copies of a page that pages may link as "copy" besides the archives: services that keep documents' text as such.
# A copy found anywhere else (a scraper, a blog quoting the page) stays a note of how the page was read, unlinked.
COPY_SERVICES = ("edit.tosdr.org/", "raw.githubusercontent.com/")


def _without_scheme(url: str) -> str:
    return url.split("://", 1)[-1].removeprefix("www.")


def copy_worth_linking(url: str) -> bool:
    return _without_scheme(url).startswith((*ARCHIVE_PREFIXES, *COPY_SERVICES))


def is_archive(url: str) -> bool:
    return _without_scheme(url).startswith(ARCHIVE_PREFIXES)


def read_as_published(source) -> bool:
    """Whether the source was read as the platform published it: its own page read there, or a dated archive's copy.
    A platform's page read through another copy (a stored copy, a site that mirrors it) is its words, unconfirmed."""
    if source.kind == "archived-primary":
        return True
    return source.kind == "primary" and (source.read_via is None or bool(source.read_via.url)
                                         and is_archive(source.read_via.url))


def own_domain(url: str, domains: list[str]) -> bool:
    """Whether `url` is on one of the platform's own domains; an entry may carry a path (`intercom.help/acme`)."""
    host = host_of(url)
    path = urlsplit(url).path
    for entry in domains:
        domain, _, prefix = entry.partition("/")
        if _on(host, domain.lower().removeprefix("www.")) and (not prefix or path.lstrip("/").startswith(prefix)):
            return True
    return False


def _check_source(source, path: tuple, domains: list[str]) -> list[tuple[tuple, str]]:
    out = []
    reason = refused(source.url)
    if reason:
        out.append(((*path, "url"), reason))
    if source.kind == "primary" and not own_domain(source.url, domains):
        out.append(((*path, "url"), f"a primary source must be on the platform's own site ({', '.join(domains)}); "
                                    "add the domain to `domains` if it is the platform's, or use another class"))
    if source.kind == "archived-primary" and not is_archive(source.url):
        out.append(((*path, "url"), "an archived-primary source must be a dated copy on a known archive "
                                    "(Open Terms Archive, web.archive.org, ...)"))
    via = source.read_via
    if via is not None and via.url and (why := refused(via.url)):
        out.append(((*path, "read_via", "url"), why))
    if via is not None and source.kind == "archived-primary":
        out.append(((*path, "read_via"), "an archived copy is itself the copy: cite the page that was read as `url`, "
                                         "or make it a primary source with read_via"))
    return out


def _sources_of(platform):
    """Every (path, source) in a platform file."""
    for i, source in enumerate(platform.ai_use.sources):
        yield ("ai_use", "sources", i), source
    for c, controller in enumerate(platform.owner.controllers):
        for i, source in enumerate(controller.sources):
            yield ("owner", "controllers", c, "sources", i), source
    for m, mechanism in enumerate(platform.mechanisms):
        for i, source in enumerate(mechanism.sources):
            yield ("mechanisms", m, "sources", i), source
    for s, correction in enumerate(platform.seed_corrections):
        for i, source in enumerate(correction.sources):
            yield ("seed_corrections", s, "sources", i), source


def problems(platform) -> list[tuple[tuple, str]]:
    """Every breach of the source rules in one platform, as (field path, message)."""
    domains = platform.own_domains
    out: list[tuple[tuple, str]] = []
    for path, source in _sources_of(platform):
        out += _check_source(source, path, domains)
    if not platform.ai_use.sources and not platform.ai_use.confidence_reason:
        out.append((("ai_use", "sources"), "needs at least one source, or a `confidence_reason`"))
    for s, correction in enumerate(platform.seed_corrections):
        if not correction.sources and not correction.confidence_reason:
            out.append((("seed_corrections", s, "sources"), "needs at least one source, or a `confidence_reason`"))
    for m, mechanism in enumerate(platform.mechanisms):
        trusted = any(s.kind in TRUSTED_KINDS for s in mechanism.sources)
        if not trusted and not (mechanism.confidence == "low" and mechanism.confidence_reason):
            out.append((("mechanisms", m, "sources"),
                        "needs at least one primary or archived-primary source, or `confidence: low` with a "
                        "`confidence_reason`"))
    return out


def trusted_share(platforms) -> tuple[int, int]:
    """(mechanisms with a primary or archived-primary source, all mechanisms)."""
    mechanisms = [m for p in platforms for m in p.mechanisms]
    good = sum(1 for m in mechanisms if any(s.kind in TRUSTED_KINDS for s in m.sources))
    return good, len(mechanisms)
