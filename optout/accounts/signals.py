"""Files go with their rows: when any row with a file is deleted (by a person, a cascade or the admin),
its file is removed once the deletion is committed. Before this, deleting a user in the admin left
their evidence on disk."""

from __future__ import annotations

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import post_delete


def _remove_files(sender, instance, **kwargs) -> None:
    for field in sender._meta.get_fields():
        if isinstance(field, models.FileField):
            stored = getattr(instance, field.name)
            if stored and stored.name:
                storage, name = stored.storage, stored.name
                transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


def connect() -> None:
    for model in apps.get_models():
        if any(isinstance(field, models.FileField) for field in model._meta.get_fields()):
            post_delete.connect(_remove_files, sender=model, dispatch_uid=f"optout-files-{model._meta.label}")
