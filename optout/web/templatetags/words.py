"""{{ message|in_words }}: a message from pure code (optout.lib.i18n.Said) in the reader's language; any other text as
it is. Built in, like the date filters."""

from django import template

from optout.lib.choices import in_words

register = template.Library()
register.filter("in_words", in_words)
