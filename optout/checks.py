"""System checks for configuration that would silently break optout."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def catalog_is_valid(app_configs, **kwargs):
    from optout.catalog.loader import validate_all

    result = validate_all()
    return [Error(str(error), id="optout.E001") for error in result.errors[:20]]


@register(deploy=True)
def debug_off_for_public_sites(app_configs, **kwargs):
    if settings.SITE_URL.startswith("https://") and settings.DEBUG:
        return [Warning("OPTOUT_DEBUG is on for a public site.", id="optout.W001")]
    return []
