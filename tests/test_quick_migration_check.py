"""CLI commands skip the slow migration check when every migration file on disk is recorded as applied."""

import pytest
from django.db.migrations.recorder import MigrationRecorder

from optout.lib.djangosetup import _may_have_unapplied_migrations


@pytest.mark.django_db
def test_an_up_to_date_database_needs_no_full_check():
    assert _may_have_unapplied_migrations() is False


@pytest.mark.django_db
def test_a_migration_not_yet_applied_leads_to_the_full_check():
    MigrationRecorder.Migration.objects.filter(app="plans").order_by("-name").first().delete()
    assert _may_have_unapplied_migrations() is True
