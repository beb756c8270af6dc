"""{{ message|in_words }}: a message from pure code (optout.lib.i18n.Said) in the reader's language; any other text as
it is. Built in, like the date filters."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from optout.lib.choices import in_words

register = template.Library()
register.filter("in_words", in_words)


@register.filter(is_safe=True)
def spoken_changes(html: str) -> str:
    """{{ row.inline|spoken_changes }}: a diff's <ins> and <del>, with "Added:" and "Removed:" for screen readers,
    which mostly say nothing of these marks (colour and strike-through alone do not reach them).

    `html` is optout's own diff (watch.diff.inline_html), whose text is escaped: the tags are the only ones in it.
    The words are in the reader's language, inside text in the policy's language.
    """
    language = escape(get_language() or "en")
    added_word, removed_word = escape(gettext("Added:")), escape(gettext("Removed:"))
    added = f'<ins><span class="visually-hidden" lang="{language}">{added_word} </span>'
    removed = f'<del><span class="visually-hidden" lang="{language}">{removed_word} </span>'
    return mark_safe(str(html).replace("<ins>", added).replace("<del>", removed))  # noqa: S308 - see above


@register.filter
def language_tag(code: str) -> str:
    """{{ LANGUAGE_CODE|language_tag }}: the page's language as BCP 47 names it for readers and hyphenation: optout's
    Portuguese is Portugal's ("pt-PT"; a bare "pt" leaves screen readers to guess, often Brazil's)."""
    return {"pt": "pt-PT"}.get(code, code)
