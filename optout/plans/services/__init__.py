"""Every change to a person's plan goes through here: views, the CLI and tasks all call these."""

from .exporting import Export, export_document, export_plan, import_plan
from .feeds import calendar_for_token, calendar_for_user, feed_for, regenerate_feed, revoke_feed
from .objection import (
    form_failed,
    form_opened,
    form_works_again,
    letter_gone,
    letter_prefill,
    objection_for,
    reason_text,
    save_reason,
)
from .progress import (
    PlanError,
    current_actions,
    mechanism_for,
    objection_sent,
    recheck_platform,
    refresh_plan,
    request_code,
    set_status,
    sync_all_plans,
)
from .proof import add_email, add_file, add_note, add_screenshot, delete_evidence
from .reminders import run_due
from .setup import choose_platforms, save_about_you, set_handles

__all__ = [
    "form_failed", "form_opened", "form_works_again", "letter_gone", "letter_prefill", "objection_for", "reason_text", "save_reason",
    "Export", "PlanError", "choose_platforms", "save_about_you", "set_handles", "add_email", "add_file", "add_note", "add_screenshot", "delete_evidence", "calendar_for_token", "calendar_for_user", "current_actions",
    "export_document", "export_plan", "feed_for", "import_plan", "mechanism_for", "objection_sent",
    "recheck_platform", "refresh_plan", "regenerate_feed", "request_code", "revoke_feed", "run_due", "set_status", "sync_all_plans",
]
