from django.contrib import admin

from .models import Correction, PolicyChange


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """The review itself happens at /catalog/corrections/review/ (it turns the edit into a patch)."""

    list_display = ("id", "platform", "where", "status", "created_at", "reviewed_at")
    list_filter = ("status", "platform")
    search_fields = ("platform", "what", "where")
    readonly_fields = ("token", "client_hash", "patch", "created_at", "reviewed_at", "reviewed_by", "owner")


@admin.register(PolicyChange)
class PolicyChangeAdmin(admin.ModelAdmin):
    list_display = ("platform", "document", "changed_at")
    list_filter = ("platform",)
