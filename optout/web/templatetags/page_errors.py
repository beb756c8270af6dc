"""{% page_errors as errors %}: the errors of every form on the page that was sent and refused, for the base page to
say first (the title, and a summary at the top that links to each field).

Pages render their forms in many ways (whole, field by field, in a formset), so the page's context is searched
rather than each template asked to declare its forms. Only a form already validated counts: validating one here
would run its checks (some read uploaded files) for a page that never asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms, template
from django.forms.formsets import BaseFormSet

register = template.Library()


@dataclass(frozen=True)
class PageError:
    message: str
    label: str = ""
    target: str = ""  # the id of the field to go to; "" for an error about the form as a whole


@register.simple_tag(takes_context=True)
def page_errors(context) -> list[PageError]:
    found: list[PageError] = []
    seen: set[int] = set()
    for value in context.flatten().values():
        for form in _forms(value):
            if id(form) not in seen:
                seen.add(id(form))
                found += _errors(form)
    return found


def _forms(value):
    if isinstance(value, forms.BaseForm):
        yield value
    elif isinstance(value, BaseFormSet):
        if value.is_bound and value._errors is not None:
            yield from value.forms
    elif isinstance(value, list | tuple):
        yield from (item for item in value if isinstance(item, forms.BaseForm))


def _errors(form: forms.BaseForm) -> list[PageError]:
    if not form.is_bound or form._errors is None:
        return []
    found = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        if field is None or field.widget.is_hidden:
            found += [PageError(str(message)) for message in errors]
            continue
        bound = form[name]
        # Radio buttons and check boxes have no single element a label points to: go to the first choice.
        target = bound.id_for_label or (f"{bound.auto_id}_0" if bound.auto_id else "")
        found += [PageError(str(message), str(bound.label or ""), target) for message in errors]
    return found
