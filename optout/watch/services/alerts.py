"""Telling people about an AI-relevant change, from durable state.

The rows saying "this person must be told about this version" (`Alert`) are written in the same
transaction as the version (`queue_alerts`, called by `versions.store_version`). Delivery
(`deliver_alerts`) takes one pending row at a time, reopens the person's steps on that platform,
notifies them and marks the row delivered, all in one transaction: a crash before the commit
leaves the row pending and the next run delivers it; a delivered row is never delivered again.
Someone who stopped using the platform between the two is not told, nor is someone who asked to hear only of
changes optout is sure of (`Profile.policy_news`) of one it is not: their row is closed in the same way, without a
notification and with `told` false, so it is neither delivered later nor tried again.
The in-app notification and reopened steps therefore happen exactly once; an e-mail may at worst
be sent again if the process dies between sending it and the commit (at least once).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from optout.accounts.choices import SURE_ONLY
from optout.accounts.models import PlatformAccount
from optout.accounts.services import profile_for, speaking_to
from optout.catalog.loader import catalog, platform_name
from optout.lib.choices import language_name
from optout.lib.dates import format_date, format_datetime
from optout.lib.ownership import owned
from optout.notify.services import NOTIFICATION_LENGTH, notify, send_held_email
from optout.plans.services import recheck_platform

from ..classify import MAX_REASONS, topic
from ..confirm import DIFFERENT, RESTORED
from ..declarations import declarations
from ..models import Alert, FailingNotice, Version, WatchedDocument
from ..telling import grants_training, ordered, quoted, quoted_as_fully, rewording, shown
from .documents import watched
from .versions import REPEATS_WITHIN, between_texts

QUOTE = 160  # characters of a quoted sentence in an alert
SHORTEST_QUOTE = 70  # characters a quote is cut to at most, to fit a notification: shorter, it is dropped


def service_name(document: WatchedDocument) -> str:
    """The name of the platform a document belongs to: the catalog's, or for a platform no longer in the catalog
    the service its title names ("Gone: Privacy Policy" → "Gone"), not its slug."""
    if document.platform in catalog():
        return platform_name(document.platform)
    return document.title.rpartition(": ")[0] or document.platform


def _document_name(document: WatchedDocument) -> str:
    """A document's name after "<platform> changed its …": the title without the service it names
    ("LinkedIn: Privacy Policy" → "Privacy Policy") when no other page the platform's users are watched for
    bears the same name; else with it ("Meta AI: Terms of Service" → "Meta AI Terms of Service", beside
    Facebook's own terms)."""
    service, _colon, name = document.title.rpartition(": ")
    if not service or service == service_name(document):
        return name
    declared = declarations().get(document.platform)
    titles = [d.title for d in declared.documents] if declared else [document.title]
    if sum(title.rpartition(": ")[2] == name for title in titles) == 1:
        return name
    return f"{service} {name}"


def summary(version: Version, quote: int = QUOTE) -> str:
    """One sentence on what changed about AI use, quoting the sentence that changes most what happens to people's
    data (`ordered`; a sentence removed and another added in its place as one reworded; for a technical version, on
    what differs: optout cannot say who changed it); with `quote` 0, no quote."""
    name = service_name(version.document)
    document = _document_name(version.document)
    reasons = version.reasons or []
    if not reasons or quote <= 0:
        if version.technical or version.drastic or version.moved_to:  # as below: optout cannot say the platform changed it
            return _("As optout read %(platform)s’s %(document)s this time, what it says about AI differs from "
                     "before.") % {"platform": name, "document": document}
        return _("%(platform)s changed what its %(document)s says about AI.") % {"platform": name, "document": document}
    now, before, kind, partner = _told(reasons)
    old = before["text"]
    # In context: some languages need the topic in the case or with the article their sentence gives it.
    # The platform granting itself training is about training, even with a way out of it ("including training our
    # models, unless you opt out of training").
    granted = grants_training(now["kind"], now["text"], before["text"], now.get("lead", ""))
    about = {"training": pgettext("alert topic", "AI training"), "opt-out": pgettext("alert topic", "opting out of AI"),
             "features": pgettext("alert topic", "AI features")}["training" if granted else topic(shown(now, before, old, QUOTE))]
    values = {"platform": name, "document": document, "topic": about, "more": len(reasons) - 1 - (partner is not None),
              "quote": quoted(now, old, quote), "old": quoted(before, now["text"], quote) if old else ""}
    sentence = _said(version, kind, values)
    if len(reasons) >= MAX_REASONS:  # only the first ones are kept: how many more is not known here
        sentence += " " + _("(and more sentences about AI)")
    elif values["more"]:
        sentence += " " + ngettext("(and %(more)s more sentence about AI)", "(and %(more)s more sentences about AI)",
                                   values["more"]) % values
    return sentence


def _said(version: Version, kind: str, values: dict) -> str:
    """`summary`'s sentence on a sentence added, removed or reworded (`kind`), quoted (`values`)."""
    if version.technical:  # optout's reading changed too: it cannot say the platform added or removed anything
        sentence = _("As optout now reads %(platform)s’s %(document)s, a sentence about %(topic)s differs from the "
                     "last version: “%(quote)s”") % values
    # maybe an error page, a wall or another page, or (read at another address) another region's: what optout read,
    # not a fact
    elif (version.drastic or version.moved_to) and kind == "added":
        sentence = _("As optout read %(platform)s’s %(document)s this time, it has a new sentence about %(topic)s: "
                     "“%(quote)s”") % values
    elif (version.drastic or version.moved_to) and kind == "removed":
        sentence = _("As optout read %(platform)s’s %(document)s this time, a sentence about %(topic)s is missing from "
                     "it: “%(quote)s”") % values
    elif version.drastic or version.moved_to:
        sentence = _("As optout read %(platform)s’s %(document)s this time, a sentence about %(topic)s reads "
                     "differently: it now says “%(quote)s” (before: “%(old)s”)") % values
    elif kind == "added":
        sentence = _("%(platform)s added to its %(document)s, about %(topic)s: “%(quote)s”") % values
    elif kind == "removed":
        sentence = _("%(platform)s removed from its %(document)s, about %(topic)s: “%(quote)s”") % values
    else:
        sentence = _("%(platform)s reworded its %(document)s about %(topic)s: it now says “%(quote)s” "
                     "(before: “%(old)s”)") % values
    return sentence


def _told(reasons: list[dict]) -> tuple[dict, dict, str, dict | None]:
    """The sentence `summary` quotes (`ordered`'s first; a sentence removed and another added in its place as one
    reworded, `rewording`): its wording now and before (the same reason, its old wording as its text), its kind
    ("changed" for one told as reworded) and the partner it was paired with, if any."""
    first = ordered(reasons)[0]
    kind = first["kind"]
    now, before = first, {**first, "text": first.get("old", "")}
    if (partner := rewording(first, reasons, QUOTE)) is not None:  # told as one reworded sentence, and counted as one
        now, before = (first, partner) if kind == "added" else (partner, first)
        kind = "changed"
    return now, before, kind, partner


def _quotes_hold(version: Version, quote: int) -> bool:
    """Whether `summary`'s quotes cut to `quote` characters still show all that they show at full length of what a
    quote must keep (`telling.quoted_as_fully`: the words that turn a sentence round, its conditions, what changed),
    and are at least `SHORTEST_QUOTE` long: cut further, a quote may say the opposite of the page ("… servers or
    used for training purposes without your explicit consent", its "not" cut away), or nothing ("… machine learning
    or artificial …")."""
    if quote < SHORTEST_QUOTE or not version.reasons:
        return False
    now, before, _kind, _partner = _told(version.reasons)
    old = before["text"]
    return quoted_as_fully(now, old, quote, QUOTE) and (not old or quoted_as_fully(before, now["text"], quote, QUOTE))


def queue_alerts(version: Version) -> int:
    """Write one pending alert per person who uses the version's platform (call inside the version's transaction)."""
    owners = set(PlatformAccount.objects.filter(platform=version.document.platform).values_list("owner_id", flat=True))
    Alert.objects.bulk_create([Alert(version=version, owner_id=owner) for owner in sorted(owners)], ignore_conflicts=True)
    return len(owners)


def advice(version: Version) -> str:
    """What a person should make of an AI-relevant version's alert: how far optout can vouch for it (the
    alert, the feeds), after what the page's earlier texts make of it (`history_in_words`)."""
    return " ".join(words for words in (history_in_words(version), vouching(version)) if words)


def history_in_words(version: Version) -> str:
    """That the page keeps switching between texts it has shown (`switching_in_words`) and, once it stopped on this
    text, so (`settled_in_words`), or else that it flipped back to an earlier text (`flipped_in_words`); "" when
    neither."""
    if switching := switching_in_words(version):
        return " ".join(filter(None, (switching, settled_in_words(version))))
    return flipped_in_words(version)


def switching_in_words(version: Version) -> str:
    """For a change the page made shortly before (`repeats`), that it keeps switching between two texts, and, when
    nobody was alerted of it (`quiet`), why; "" for any other version."""
    if not version.repeats_id:
        return ""
    values = {"date": format_date(version.repeats.shown_at)}
    if version.quiet:
        return _("optout alerted nobody this time: this page keeps switching between this text and the one before "
                 "it (it made this same change on %(date)s), and people were told so when it began.") % values
    values["days"] = REPEATS_WITHIN.days
    return _("This page keeps switching between this text and the one before it: it made this same change on "
             "%(date)s too, so optout cannot tell which will stay. While it keeps switching between the two, optout "
             "will not alert you again; it will tell you when the page has kept one of them for %(days)s days.") % values


def settled_in_words(version: Version) -> str:
    """For the last change of a page that kept switching, once it stopped on this text (`settled_at`, see
    `tell_settled`), that it did; "" for any other version."""
    if not version.settled_at:
        return ""
    return _("Then the page stopped switching: it kept this text, and on %(date)s optout told the people it had told "
             "of the switching.") % {"date": format_date(version.settled_at)}


def flipped_in_words(version: Version) -> str:
    """That the page is back to an earlier text (A, B, A again), undoing the change before it; "" when it is not."""
    if not version.returns_to_id or not version.changed_from_id:
        return ""
    back, undone = version.returns_to.shown_at, version.changed_from.shown_at
    # Hours apart (a flap), the two are told apart by their times: "its text of 6 December: the change of 6 December"
    said = format_datetime if format_date(back) == format_date(undone) else format_date
    return _("The page is back to its text of %(date)s: the change of %(undone)s is undone.") % {
        "date": said(back), "undone": said(undone)}


def vouching(version: Version) -> str:
    """How far optout can vouch for an AI-relevant version (see `advice`)."""
    if version.technical:
        return _("optout read this page in a new way this time and had no copy of the previous page to read "
                 "again, so it cannot tell whether the platform changed these sentences or only optout's "
                 "reading did: read what changed before you act.")
    if version.moved_to:
        return moved_in_words(version)
    if version.error_line:
        return _("One of the two versions has a line that reads like an error message (“%(line)s”): a part of the "
                 "page may not have loaded when it was read, so optout cannot tell whether the platform really "
                 "changed what it says about AI. Open the page yourself before you act.") % {"line": version.error_line}
    if version.drastic == RESTORED:
        return restored_in_words(version)
    if version.drastic == DIFFERENT:
        return _("This version shares few sentences with the previous one: it may be another page, another region’s "
                 "page, or the page back after a cut-down or error page, so optout cannot tell whether the platform "
                 "really changed what it says about AI. Open the page yourself before you act.")
    if version.drastic:
        return _("This version keeps little of the previous one’s text: it may be an error page, a login wall or "
                 "a cut-down page that stayed up, so optout cannot tell whether the platform really changed what "
                 "it says about AI. Open the page yourself before you act.")
    if version.ai_sure:
        return _("Check your opt-out still holds.")
    return _("optout cannot tell for sure whether this is about AI: read what changed before you act.")


def restored_in_words(version: Version) -> str:
    """Why optout cannot vouch for a change from a version that kept little of this one's text (`confirm.RESTORED`):
    the page is back after a cut-down, error or other page, judged against the version before that one
    (`compared_with`), or, where optout knows of no such version, it may be."""
    if version.compared_with_id and version.changed_from_id:
        return _("The page is back after a version that held little of its text (%(date)s). Compared with the "
                 "version before that one (%(earlier)s), what it says about AI differs, but optout cannot tell whether "
                 "the platform really changed it. Open the page yourself before you act.") % {
            "date": format_date(version.changed_from.shown_at), "earlier": format_date(version.compared_with.shown_at)}
    return _("The previous version held little of this one’s text: it may have been a cut-down or error page and "
             "this the page back, or the platform rewrote its page at length, so optout cannot tell whether the "
             "platform really changed what it says about AI. Open the page yourself before you act.")


def back_in_words(version: Version) -> str:
    """What a version not about AI says when it is the page back after a cut-down, error or other page, with nothing
    about AI changed since the version before that one (`compared_with`); "" for any other version. One stored before
    such a page was judged so, and alerted about then, says its alert was a false alarm instead of that nobody was."""
    if not version.compared_with_id or version.ai_relevant or not version.changed_from_id:
        return ""
    values = {"date": format_date(version.changed_from.shown_at), "earlier": format_date(version.compared_with.shown_at)}
    if version.alerts.exists():  # stored as an AI change when found, before optout judged it so (migration 0011)
        return _("The page is back after a version that held little of its text (%(date)s), and what it says about AI "
                 "is as on %(earlier)s: this is no change about AI. When optout found it, it took it for one and "
                 "alerted the people who use the platform: that alert was a false alarm.") % values
    if version.compared_with.text_hash == version.text_hash:
        return _("The page is back to the text of %(earlier)s, after a version that held little of it (%(date)s): "
                 "this is no change in what it says about AI, so optout alerted nobody.") % values
    return _("The page is back after a version that held little of its text (%(date)s), and what it says about AI is "
             "as on %(earlier)s: optout found nothing about AI in this change, so it alerted nobody.") % values


def moved_in_words(version: Version) -> str:
    """Why optout cannot vouch for a change read at another address than the version before it (or back at the
    watched address itself, the version before read elsewhere)."""
    if version.back_home:
        return _("This page opens at its own address again (%(address)s), and its previous version was read where "
                 "this address led before: that may have been another region’s or another variant’s page, so optout "
                 "cannot tell whether the platform really changed what it says about AI. Open the page yourself "
                 "before you act.") % {"address": version.moved_to}
    return _("This page now opens at another address (%(address)s): the policy may have moved, or what optout read "
             "there may be another region’s or another variant’s page, so optout cannot tell whether the platform "
             "really changed what it says about AI. Open the page yourself before you act.") % {
        "address": version.moved_to}


def _fitted(version: Version, caveat: str, framed=lambda sentence: sentence) -> str:
    """`summary` (inside `framed`'s words) and `caveat`, as one notification: the caveat is never cut off, the
    quotes are shortened, then dropped, until both fit; a length whose quotes lose what they must keep
    (`_quotes_hold`) is passed over: no quote is better than one that misleads."""
    sentence = framed(summary(version))
    for quote in (*range(QUOTE - 20, SHORTEST_QUOTE, -20), SHORTEST_QUOTE, 0):  # shorter quotes, then none
        if len(sentence) + 1 + len(caveat) <= NOTIFICATION_LENGTH:
            break
        if quote and not _quotes_hold(version, quote):
            continue
        sentence = framed(summary(version, quote))
    return f"{sentence} {caveat}"


def _undone(change: str) -> str:
    """A change that takes back the one before it (A, B, A), said first: its e-mail's subject read as news."""
    return _("Undone: %(change)s") % {"change": change}


def _tell(alert: Alert):
    """The person's notification of the alert, its e-mail held for after the delivery's transaction."""
    version = alert.version
    url = reverse("watch:version", args=[version.id])
    with speaking_to(alert.owner):  # in the language the person chose (ux)
        # (a page that keeps switching says that instead: "undone" would promise it stays)
        framed = _undone if flipped_in_words(version) and not version.repeats_id else (lambda sentence: sentence)
        told = _fitted(version, advice(version), framed)
        # the step's history keeps the caveat too: it is where people look back at why a step reopened
        marked = recheck_platform(alert.owner, version.document.platform, told, url)
        whole = f"{framed(summary(version))} {advice(version)}"  # the e-mail has room for whole quotes
        return notify(alert.owner, told, url, kind="policy-change", email_later=True, whole=whole,
                      details={"steps_marked": marked, "sure": version.ai_sure,
                               # only to someone told of every change: one who chose "sure only" is told of an
                               # unsure one only when it undoes a change they heard of, and chose already
                               "choice_link": (f"{settings.SITE_URL}{reverse('accounts:settings')}#notifications"
                                               if profile_for(alert.owner).policy_news != SURE_ONLY else "")})


def deliver_alerts(version: Version | None = None) -> int:
    """Deliver pending alerts (of one version, or all); returns how many were delivered now (not counting those closed
    untold: of people who no longer use the platform, or who asked to hear only of changes optout is sure of)."""
    pending = Alert.objects.filter(delivered_at__isnull=True)
    if version is not None:
        pending = pending.filter(version=version)
    delivered = 0
    for alert_id in list(pending.values_list("id", flat=True)):
        notification = None
        with transaction.atomic():
            alert = (Alert.objects.select_for_update(skip_locked=True, of=("self",))
                     .select_related("version__document", "owner")
                     .filter(id=alert_id, delivered_at__isnull=True).first())
            if alert is None:  # delivered meanwhile by another worker
                continue
            told = alert.told = _wants(alert)
            if told:
                notification = _tell(alert)
            alert.delivered_at = timezone.now()  # done either way: never tried again
            alert.save(update_fields=["delivered_at", "told"])
        if notification is not None:
            send_held_email(notification)
        delivered += told
    return delivered


def _wants(alert: Alert) -> bool:
    """Whether the alert's owner is told of its change: they still use the platform (the owners were taken when the
    version was stored: one may have dropped it since), and the change is one they asked to hear of (`policy_news`:
    those optout is sure are about AI, or all), or undoes one they were told of."""
    version = alert.version
    if not owned(PlatformAccount, alert.owner).filter(platform=version.document.platform).exists():
        return False
    if version.ai_sure or profile_for(alert.owner).policy_news != SURE_ONLY:
        return True
    # the page back to its text before a change they were told of: they hear that it is undone
    return bool(version.returns_to_id) and owned(Alert, alert.owner).filter(version_id=version.changed_from_id,
                                                                            told=True).exists()


NAMED = 3  # pages named in one notice that optout cannot read; more are counted


def failing_tell_after() -> dt.timedelta:
    """How long checks of a page fail before the people who use its platform are told
    (`OPTOUT_WATCH_TELL_FAILING_DAYS`): a short outage passes unannounced, a page optout lost does not."""
    return dt.timedelta(days=getattr(settings, "OPTOUT_WATCH_TELL_FAILING_DAYS", 3))


def _failing_long(now: dt.datetime):
    """The watched pages whose checks have failed for `failing_tell_after()` or longer: people are told of them."""
    return WatchedDocument.objects.filter(active=True, failing_since__lte=now - failing_tell_after())


def _failing_names(documents: list[WatchedDocument]) -> list[str]:
    """The pages optout has not been able to read, named with since when (the first `NAMED`, then how many more)."""
    names = [_("%(platform)s’s %(document)s (since %(date)s)") % {
        "platform": service_name(d), "document": _document_name(d), "date": format_date(d.failing_since)}
        for d in documents[:NAMED]]
    if len(documents) > NAMED:
        names.append(ngettext("%(count)s more page", "%(count)s more pages", len(documents) - NAMED)
                     % {"count": len(documents) - NAMED})
    return names


def _failing_notice(documents: list[WatchedDocument]) -> tuple[str, str]:
    """The words and link of one notice about pages optout has not been able to read (in the active language)."""
    names = _failing_names(documents)
    if len(documents) == 1:
        text = _("optout has not been able to read %(page)s, so it cannot tell you whether it changes. Look at it "
                 "yourself now and then until optout reads it again; its page in optout says why.") % {"page": names[0]}
        return text, reverse("watch:platform", args=[documents[0].platform])
    text = _("optout has not been able to read these pages: %(pages)s. It cannot tell you whether they change: look "
             "at them yourself now and then until optout reads them again; the policy changes page says why.") % {
        "pages": "; ".join(names)}
    return text, reverse("watch:index")


def tell_failing(now: dt.datetime | None = None) -> int:
    """Tell the people who use a platform when optout has failed to read one of its pages for
    `failing_tell_after()`: its silence must not pass for "no change". Each person once per run of failures
    (a good check starts afresh; someone who starts using the platform later is told then), in one notice
    for all such pages at a time. Returns how many people were told."""
    now = now or timezone.now()
    due = _failing_long(now)
    with transaction.atomic():
        documents = list(due.select_for_update(skip_locked=True).order_by("platform", "doc_id"))
        if not documents:
            return 0
        told = set(FailingNotice.objects.filter(document__in=documents).values_list("document_id", "owner_id", "since"))
        by_owner: dict[int, list[WatchedDocument]] = {}
        for platform, owner in PlatformAccount.objects.filter(
                platform__in={d.platform for d in documents}).values_list("platform", "owner_id").distinct():
            by_owner.setdefault(owner, []).extend(
                d for d in documents if d.platform == platform and (d.id, owner, d.failing_since) not in told)
        by_owner = {owner: pages for owner, pages in by_owner.items() if pages}
        notices = []
        for owner in get_user_model().objects.filter(id__in=by_owner).order_by("id"):
            pages = sorted(by_owner[owner.id], key=lambda d: (d.platform, d.doc_id))
            with speaking_to(owner):
                text, url = _failing_notice(pages)
                notices.append(notify(owner, text, url, kind="message", email_later=True))
            FailingNotice.objects.bulk_create([FailingNotice(document=d, owner=owner, since=d.failing_since, at=now)
                                               for d in pages], ignore_conflicts=True)
    for notice in notices:
        send_held_email(notice)
    return len(by_owner)


def _switching_told(version: Version) -> Version | None:
    """The change that told people the page keeps switching between the two texts `version` is a change between:
    the latest one that alerted (`repeats` set, not `quiet`) up to `version` itself."""
    return (version.document.versions.filter(between_texts(version.text_hash, version.changed_from.text_hash),
                                             repeats__isnull=False, quiet=False, created_at__lte=version.created_at)
            .order_by("-created_at", "-id").only("id").first())


def tell_language_switch(version: Version) -> int:
    """The page now reads in a language optout does not judge (English → German): changes to it are recorded but no
    longer judged, so no alert will come of them. The people who use the platform are told, once per switch to that
    language from English (their silence would otherwise read as "no change about AI"). Call inside the version's
    transaction; the e-mails go once it commits. Returns how many were told."""
    languages = tuple(version.languages.split())
    if len(languages) != 2 or languages[0] != "en" or languages[1] == "en":
        return 0
    def words() -> str:
        return _("%(platform)s’s %(document)s now reads in %(language)s, and optout judges changes about AI only in "
                 "English text: it keeps recording the page's changes, but cannot tell you whether they are about AI. "
                 "Look at the page yourself now and then, or in English if the platform offers it.") % {
            "platform": service_name(version.document), "document": _document_name(version.document),
            "language": language_name(languages[1])}

    return _tell_users_of(version.document.platform, version.get_absolute_url(), words)


def _tell_users_of(platform: str, url: str, words, among=None) -> int:
    """Notify each person who uses `platform` (of `among`, owner ids, when given), `words()` said in their language;
    the e-mails go once the caller's transaction commits. Returns how many were told."""
    users = PlatformAccount.objects.filter(platform=platform)
    if among is not None:
        users = users.filter(owner_id__in=list(among))
    notices = []
    for owner in get_user_model().objects.filter(id__in=users.values("owner_id")).order_by("id"):
        with speaking_to(owner):
            notices.append(notify(owner, words(), url, kind="message", email_later=True))
    transaction.on_commit(lambda: [send_held_email(notice) for notice in notices])
    return len(notices)


def tell_read_again(document: WatchedDocument, since: dt.datetime) -> int:
    """optout reads a page again after a run of failures it told people of (`tell_failing`): the same people are told
    that it can again (they were asked to look at the page themselves until then). Returns how many were told."""
    told = FailingNotice.objects.filter(document=document, since=since).values_list("owner_id", flat=True)

    def words() -> str:
        return _("optout can read %(platform)s’s %(document)s again (it could not since %(since)s). It compares what "
                 "the page says now with the last version it read, and tells you of a change as usual.") % {
            "platform": service_name(document), "document": _document_name(document), "since": format_date(since)}

    return _tell_users_of(document.platform, reverse("watch:platform", args=[document.platform]), words, among=told)


def tell_back(version: Version) -> int:
    """The page is back after a cut-down, error or other page, with nothing about AI changed since the version before
    that one (`back_in_words`): the people alerted of the cut-down page are told it was no change of the platform's
    (they were left with a "sentence missing" alert and a step to re-check), and an alert of it not yet delivered is
    closed untold. Call inside the version's transaction; the e-mails go once it commits. Returns how many were told."""
    cut = version.changed_from
    if cut is None or not cut.ai_relevant or version.compared_with_id is None or version.ai_relevant:
        return 0
    now = timezone.now()
    Alert.objects.filter(version=cut, delivered_at__isnull=True).update(delivered_at=now, told=False)
    alerted = Alert.objects.filter(version=cut, told=True).values_list("owner_id", flat=True)

    def words() -> str:  # in each person's language and time zone
        return _("optout reads %(platform)s’s %(document)s in full again, and what it says about AI is as it was on "
                 "%(earlier)s. The change optout told you of on %(date)s came from a version that held little of the "
                 "page’s text (an error page, a wall or a cut-down page): it was no change of the platform’s. A step "
                 "it marked for a re-check can be marked done again.") % {
            "platform": service_name(version.document), "document": _document_name(version.document),
            "earlier": format_date(version.compared_with.shown_at), "date": format_date(cut.shown_at)}

    return _tell_users_of(version.document.platform, version.get_absolute_url(), words, among=alerted)


def _settled_notice(version: Version, now: dt.datetime) -> tuple[str, str]:
    """The words of the notice that a page stopped switching on `version`'s text (in the active language): fitted to
    a notification, and whole for the e-mail."""
    values = {"platform": service_name(version.document), "document": _document_name(version.document),
              "date": format_date(version.shown_at), "days": (now - version.created_at).days}

    def framed(change: str) -> str:
        return _("%(platform)s’s %(document)s has stopped switching between two texts: optout has found no change in "
                 "what it says about AI since %(date)s, %(days)s days ago. The text it kept is the one of this change: "
                 "%(change)s") % {**values, "change": change}

    return _fitted(version, vouching(version), framed), f"{framed(summary(version))} {vouching(version)}"


def tell_settled(now: dt.datetime | None = None) -> int:
    """Tell the people who were told that a page keeps switching between two texts (`switching_in_words`: optout
    would alert them no more while it went on, and tell them when it stopped) once it has stopped: its last switch is
    `REPEATS_WITHIN` old, optout has read the page since then (its checks do not fail, no drastic change waits), and
    nothing about AI has changed since. Each such switch once (`settled_at`); a person who no longer uses the platform
    is not told. After an AI change that alerted since, there is nothing to tell: that alert said what the page says
    now. Returns how many people were told."""
    now = now or timezone.now()
    later = Version.objects.filter(document=OuterRef("document"), created_at__gt=OuterRef("created_at"))
    candidates = (Version.objects.filter(repeats__isnull=False, settled_at__isnull=True,
                                         created_at__lte=now - REPEATS_WITHIN, document__active=True,
                                         document__failing_since__isnull=True, document__pending_hash="")
                  .exclude(Exists(later.filter(Q(repeats__isnull=False) | Q(ai_relevant=True, quiet=False))))
                  .select_related("document", "changed_from").defer("text", "changed_from__text").order_by("id"))
    told = 0
    for version in candidates:
        checked = version.document.last_checked_at
        if checked is None or checked < version.created_at + REPEATS_WITHIN or version.changed_from is None:
            continue  # not read since it could have switched again (or the text before it is gone): nothing to tell
        with transaction.atomic():
            if (Version.objects.select_for_update(skip_locked=True).filter(pk=version.pk, settled_at__isnull=True)
                    .only("id").first()) is None:
                continue  # told meanwhile by another run
            switching = _switching_told(version)
            alerted = (Alert.objects.filter(version=switching, delivered_at__isnull=False, told=True)
                       .values_list("owner_id", flat=True) if switching else [])
            users = PlatformAccount.objects.filter(platform=version.document.platform, owner_id__in=list(alerted))
            notices = []
            for owner in get_user_model().objects.filter(id__in=users.values("owner_id")).order_by("id"):
                with speaking_to(owner):
                    fitted, whole = _settled_notice(version, now)
                    notices.append(notify(owner, fitted, version.get_absolute_url(), kind="message", email_later=True,
                                          whole=whole))
                told += 1
            version.settled_at = now
            version.save(update_fields=["settled_at"])
        for notice in notices:
            send_held_email(notice)
    return told


def blind_spots_in_words(platforms: set[str], now: dt.datetime | None = None) -> str:
    """What a feed of the changes on these platforms cannot show (a person's feed says it): the platforms optout
    does not watch, and the pages it has not been able to read for `failing_tell_after()` (as `tell_failing`
    tells); "" when there are none. Else an empty feed reads as "no change" on them."""
    now = now or timezone.now()
    unwatched = sorted((platform_name(slug) for slug in platforms if not watched(slug)), key=str.casefold)
    failing = list(_failing_long(now).filter(platform__in=platforms).order_by("platform", "doc_id"))
    sentences = []
    if unwatched:
        sentences.append(ngettext(
            "optout does not watch the policies of %(platforms)s: no change to them will show here.",
            "optout does not watch the policies of these platforms: %(platforms)s. No change to them will show here.",
            len(unwatched)) % {"platforms": ", ".join(unwatched)})
    if failing:
        sentences.append(ngettext(
            "optout has not been able to read %(pages)s, so a change to it would not show here.",
            "optout has not been able to read these pages, so a change to them would not show here: %(pages)s.",
            len(failing)) % {"pages": "; ".join(_failing_names(failing))})
    return " ".join(sentences)
