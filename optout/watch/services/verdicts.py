"""What optout says of one change, in the same words wherever a person reads it: the version's page, the feeds
and the `optout watch changes` / `optout watch show` commands."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..diff import changed_only, diff
from ..models import Version
from ..normalise import visible
from ..quotes import as_read, quotable, unescaped
from ..status import language_switch_in_words, not_judged_in_words
from ..telling import ordered
from .alerts import advice, back_in_words, history_in_words, summary, vouching


@dataclass
class Verdict:
    """The notice above a change's differences: a heading (may be empty), what changed, and why optout can or cannot
    vouch for it. `tone` is "warn" for a change that may be about AI, else "info"."""

    tone: str
    heading: str = ""
    summary: str = ""
    paragraphs: list[str] = field(default_factory=list)
    reasons_intro: str = ""  # the line before the sentences that made optout flag the change; "": none are listed
    address: str = ""  # a change not about AI read at another address than the version before: where it opens now

    @property
    def words(self) -> list[str]:
        """Its lines in reading order, for a terminal."""
        return [line for line in (self.heading, self.summary, *self.paragraphs, self.reasons_intro, self.address)
                if line]


TOLD_WITH = ("document", "changed_from", "compared_with", "returns_to", "repeats")  # what `in_brief` and `headline` read
# of the versions it names, their dates: not their texts, a policy each
NOT_READ = ("changed_from__text", "compared_with__text", "returns_to__text", "repeats__text")


def for_lists(versions):
    """Versions listed with what optout makes of each (`in_brief`): with the versions they name in one query."""
    return versions.select_related(*TOLD_WITH).defer(*NOT_READ)


def verdict(version: Version) -> Verdict | None:
    """The notice of a version's page, or None for a first version that has no address note (nothing to compare);
    first, what the page's earlier texts make of it (`history_in_words`: it keeps switching, or flipped back)."""
    told = _verdict(version)
    if told is not None and not version.technical and (history := history_in_words(version)):
        told.paragraphs.insert(0, history)
    return told


def _verdict(version: Version) -> Verdict | None:
    if version.technical:
        return _technical(version)
    if version.ai_relevant:
        flagged = _("Score %(score)s. The sentences that made optout flag it:") % {
            "score": floatformat(version.score, 2)}  # rounded, in the person's way of writing numbers
        if version.ai_sure:
            return Verdict("warn", _("optout judges this change to be about AI"), summary(version),
                           [_("This judgement is automatic and sometimes wrong: read the sentences below before you "
                              "act.")], flagged)
        if version.moved_to or version.error_line or version.drastic:
            why = vouching(version)
        else:
            why = _("Changes that optout flags with this little certainty are often not about AI use of people’s "
                    "data. It tells you anyway, so that you do not miss one that is: read the sentences below to "
                    "decide.")
        return Verdict("warn", _("This change may be about AI: optout cannot tell for sure"), summary(version), [why],
                       flagged)
    address = _address(version)
    if languages := tuple(version.languages.split()):
        return Verdict("info", paragraphs=[language_switch_in_words(languages)], address=address)
    if back := back_in_words(version):
        return Verdict("info", paragraphs=[back], address=address)
    if version.drastic and version.changed_from_id:
        return Verdict("info", paragraphs=[
            _("optout found nothing about AI in this change, but this version keeps little of the previous one’s "
              "text: it may be an error page, a login wall or a cut-down page. When the page comes back, optout "
              "compares it with the version before this one.")], address=address)
    if version.changed_from_id:
        return Verdict("info", paragraphs=[
            _("optout found nothing about AI in this change.") + " " + _(
                "optout’s judgement is automatic and can miss a change: read the differences below if this "
                "platform matters to you.")], address=address)
    return Verdict("info", address=address) if address else None


def _address(version: Version) -> str:
    if not version.moved_to:
        return ""
    return (_("It opens at its own address again: %(address)s.") if version.back_home
            else _("It now opens at another address: %(address)s.")) % {"address": version.moved_to}


def _technical(version: Version) -> Verdict:
    heading = _("A technical version: optout changed, not necessarily the platform")
    if version.source == "reextract":
        return Verdict("info", heading, paragraphs=[_(
            "optout read the same stored page again after its instructions for this page (selectors) or its text "
            "extraction changed. The differences below come from optout, not from the platform, so nobody was "
            "alerted.")], address=_address(version))
    listed = _("Sentences about AI among the differences:") if version.reasons else ""
    if version.ai_relevant:
        return Verdict("warn", heading, summary(version), [_(
            "optout read this page in a new way (for the first time after imported history, or after an upgrade) "
            "and had no stored copy of the previous page to read again. It cannot tell which differences come from "
            "optout and which from the platform. Some of them are sentences about AI that would have raised an "
            "alert, so it told the people who use this platform: read them and decide.")], listed)
    return Verdict("info", heading, paragraphs=[_(
        "optout changed how it reads this page, and had no stored copy of the previous page to read again. It cannot "
        "tell which differences come from optout and which from the platform, so it alerted nobody: read the "
        "differences yourself.")], reasons_intro=listed, address=_address(version))


def headline(version: Version) -> str:
    """A change in a few words, as a feed entry's title and a line of `optout watch changes` name it."""
    values = {"document": visible(version.document.title)}
    if not_judged := not_judged_in_words(tuple(version.languages.split())):  # as the lists mark it
        return pgettext("feed entry title", "%(change)s: %(document)s") % {**values, "change": not_judged}
    if not version.ai_relevant:
        return _("Change: %(document)s") % values
    if version.ai_sure:
        return _("AI-relevant change: %(document)s") % values
    return _("Maybe AI-relevant change: %(document)s") % values


def in_brief(version: Version) -> str:
    """What optout makes of a change, in a sentence or two (plain text): for a change that may be about AI, the
    alert's sentence and how far optout vouches for it; else why it was not judged (a technical version, another
    language), or that it is not about AI."""
    if version.ai_relevant:
        words = f"{summary(version)} {advice(version)}"
    elif version.technical:  # optout's own change, or one it cannot tell from the platform's: not judged
        words = " ".join(_technical(version).paragraphs)
    elif version.languages:
        words = language_switch_in_words(tuple(version.languages.split()))
    else:  # as the version's page says: its AI sentences, if any changed, were judged no change of AI use
        words = back_in_words(version) or " ".join(filter(None, (history_in_words(version), _(
            "optout found nothing about AI in this change."))))
    return visible(words)  # versions stored before normalise dropped control characters


def history_note(version: Version) -> str:
    """A few words marking, in a list of versions, a change the page made before (`repeats`: it keeps switching, and
    whether anybody was alerted, or where it stopped) or its return to an earlier text; "" for any other. Reads no
    other version."""
    if version.settled_at:
        return _("the page stopped switching on this text")
    if version.quiet:
        return _("nobody alerted: the page keeps switching")
    if version.repeats_id:
        return _("the page keeps switching")
    if version.returns_to_id and not version.technical:
        return _("back to an earlier text")
    return ""


def technical_in_words(version: Version) -> str:
    """A few words marking a technical version in a list of versions, "" for any other."""
    if not version.technical:
        return ""
    if version.source == "reextract":
        return _("optout's own change in how it reads the page")
    return _("technical: optout now reads the page differently")


def reasons_as_read(version: Version) -> list[dict]:
    """The sentences that made optout flag a change, as the summary quotes them: without Markdown's marks (nor a
    Markdown page's attributes and Liquid tags, `quotable`), in the
    order it tells them (`ordered`), each after the lead-in that bans or denies it."""
    reasons = []
    for reason in ordered(version.reasons or []):
        old, text = as_read(reason.get("old", ""), reason["text"], quotable)
        reasons.append({**reason, "text": text, "old": old, "lead": quotable(reason.get("lead", ""))})
    return reasons


def differences(version: Version, read=unescaped) -> list[dict | None]:
    """The changed paragraphs with one unchanged paragraph around each, as `read` shows them ("kind", "old", "new");
    None where unchanged ones are skipped. Of a first version: its whole text, as "added" paragraphs. `read`: without
    Markdown's escapes (a terminal, JSON), or `quotes.as_on_page` (the version page: links as their labels)."""
    previous = version.compared_to  # the page back after a stub: against the policy before it, as its verdict
    rows: list[dict | None] = []
    for change in changed_only(diff(previous.text if previous else "", version.text)):
        if change is None:
            rows.append(None)
            continue
        # When a link's address, emphasis or an escape is all that changed, as_read keeps the paragraphs as stored,
        # so the diff still shows the change.
        old, new = as_read(change.old, change.new, read)
        rows.append({"kind": change.kind, "old": old, "new": new})
    return rows
