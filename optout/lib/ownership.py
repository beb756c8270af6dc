"""The one place owner-scoped rows are looked up.

Every personal row has an `owner`. Views, commands and tasks fetch such rows only
through these helpers, so a row that belongs to someone else behaves exactly like a
row that does not exist (404), and never leaks by id.
"""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.http import Http404


def owned(model_or_queryset: type[Model] | QuerySet, owner) -> QuerySet:
    queryset = model_or_queryset if isinstance(model_or_queryset, QuerySet) else model_or_queryset._default_manager.all()
    if owner is None or not getattr(owner, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(owner=owner)


def get_owned_or_404(model_or_queryset: type[Model] | QuerySet, owner, **lookup) -> Model:
    queryset = owned(model_or_queryset, owner)
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such item in your account.") from exc
