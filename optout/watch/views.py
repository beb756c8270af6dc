from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from optout.accounts.models import PlatformAccount
from optout.accounts.services import speaking_to
from optout.catalog.loader import catalog, platform_name
from optout.lib.ownership import owned
from optout.notify.services import opens_news

from .declarations import declarations
from .diff import inline_html
from .language import switched_language
from .models import Version, WatchedDocument
from .quotes import as_on_page
from .services.alerts import blind_spots_in_words, service_name
from .services.documents import platform_documents, watched
from .services.verdicts import (
    TOLD_WITH,
    differences,
    for_lists,
    headline,
    history_note,
    in_brief,
    reasons_as_read,
    technical_in_words,
    verdict,
)
from .status import (
    failing_documents,
    last_errors,
    not_judged_in_words,
    pending_in_words,
    unreadable_documents,
    watch_state,
)

# A feed carries the platform's changes: not optout's own re-readings, unless one may hide an AI change too.
IN_FEEDS = Q(technical=False) | Q(ai_relevant=True)


def with_not_judged(versions):
    """The versions, each with `not_judged`: the words marking a change optout did not judge for its language, as
    its feed entry does (else a list shows it like a change judged not about AI)."""
    versions = list(versions)
    for item in versions:
        item.not_judged = not_judged_in_words(tuple(item.languages.split()))
        item.technical_note = technical_in_words(item)
        item.history_note = history_note(item)
    return versions


@require_safe
def index(request):
    recent = with_not_judged(for_lists(Version.objects.filter(changed_from__isnull=False)).defer("text")[:30])
    slugs = set(declarations()) | set(WatchedDocument.objects.filter(active=True).values_list("platform", flat=True))
    platforms = sorted(slugs, key=lambda slug: platform_name(slug).casefold())
    state = watch_state()
    mine = set(owned(PlatformAccount, request.user).values_list("platform", flat=True))
    failing, failing_count = ([], 0) if state.offline else failing_documents(mine)  # offline: one notice says it all
    unreadable, unreadable_count = unreadable_documents(mine) if state.unreadable and not state.offline else ([], 0)
    # Platforms the person uses whose policies optout does not watch: silence here says nothing about them
    unwatched = sorted((platform_name(slug) for slug in mine if slug in catalog() and not watched(slug)), key=str.casefold)
    return render(request, "watch/index.html", {"recent": recent, "platforms": [(s, platform_name(s)) for s in platforms],
                                                "unwatched": unwatched,
                                                "state": state, "failing": failing,
                                                "failing_more": failing_count - len(failing), "unreadable": unreadable,
                                                "unreadable_more": unreadable_count - len(unreadable),
                                                "unreadable_failing": failing_count if state.unreadable else 0})


@opens_news
@require_safe
def platform(request, slug: str):
    if slug not in catalog():
        raise Http404("No such platform.")
    documents = platform_documents(slug)
    state = watch_state()
    errors = last_errors(documents, again=state.checks_again)
    for document in documents:
        document.error_in_words = errors.get(document.id, "")
        document.pending_in_words = pending_in_words(document, again=state.checks_later)
        document.listed = with_not_judged(document.versions.all()) if document.pk else []  # unsaved: not checked yet
    return render(request, "watch/platform.html", {"platform": catalog()[slug], "documents": documents,
                                                   "state": state, "watched": watched(slug)})


def _rows(version: Version) -> list[dict]:
    return [{"gap": True} if row is None else
            {**row, "inline": mark_safe(inline_html(row["old"], row["new"]))}  # noqa: S308 — built from escaped text only
            for row in differences(version, as_on_page)]  # link labels, not Markdown's marks, for people


@opens_news
@require_safe
def version(request, version_id: int):
    # The texts it compares (the one before it, or the one it is judged against), not those it only names by date
    item = get_object_or_404(Version.objects.select_related(*TOLD_WITH).defer("returns_to__text", "repeats__text"),
                             pk=version_id)
    languages = tuple(item.languages.split())  # recorded only for a compared, non-technical version
    # Two languages side by side read as two texts; inline, every word would be struck out and replaced.
    switched = switched_language(languages)
    view = request.GET.get("view") if request.GET.get("view") in ("side", "inline") else ("side" if switched else "inline")
    context = {"version": item, "document": item.document, "rows": _rows(item), "view": view, "reasons": reasons_as_read(item),
               "verdict": verdict(item), "platform": catalog().get(item.document.platform),
               "platform_name": service_name(item.document),
               "uses_platform": request.user.is_authenticated and owned(PlatformAccount, request.user).filter(
                   platform=item.document.platform).exists()}
    return render(request, "watch/version.html", context)


class PlatformFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        if slug not in catalog():
            raise Http404("No such platform.")
        if not watched(slug):  # a feed that stays empty would read as "no change" to whoever subscribed
            raise Http404("optout does not watch this platform's policies.")
        return slug

    def title(self, slug):
        return _("%(platform)s: changes to its policies (optout)") % {"platform": platform_name(slug)}

    def link(self, slug):
        return reverse("watch:platform", args=[slug])

    def items(self, slug):
        return for_lists(Version.objects.filter(IN_FEEDS, document__platform=slug, changed_from__isnull=False))[:50]

    def item_title(self, item):
        return headline(item)

    def item_description(self, item):
        """The entry's HTML: its words escaped (they quote platforms' pages), with the caveat the alert and
        the version's page give."""
        return escape(in_brief(item))

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):  # RFC 4287 requires atom:updated in every entry; a version never changes
        return item.created_at


class PersonFeed(PlatformFeed):
    """Changes on the platforms one person uses, reached by their private feed token."""

    def get_object(self, request, token):
        from optout.plans.models import CalendarFeed

        feed = CalendarFeed.objects.filter(token=token).select_related("owner").first()
        if feed is None:
            raise Http404("No feed at this address.")
        return feed.owner

    def get_feed(self, obj, request):
        with speaking_to(obj):  # a feed reader sends no language: write in the one the person chose
            return super().get_feed(obj, request)

    def title(self, owner):
        return _("Changes on your platforms (optout)")

    def subtitle(self, owner):  # an empty feed must not read as "no change" on a platform optout cannot see
        return blind_spots_in_words(self._platforms(owner)) or None

    def link(self, owner):
        return reverse("watch:index")

    def _platforms(self, owner) -> set[str]:
        return set(owned(PlatformAccount, owner).values_list("platform", flat=True))

    def items(self, owner):
        return for_lists(Version.objects.filter(IN_FEEDS, document__platform__in=self._platforms(owner),
                                                changed_from__isnull=False))[:50]
