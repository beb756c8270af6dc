"""System checks for configuration that would silently break optout."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def data_is_valid(app_configs, **kwargs):
    """Every data file and cross-reference, as `optout data validate` checks them (optout/lib/datacheck.py)."""
    from optout.lib.datacheck import run

    errors = [error for found in run().values() for error in found]
    shown = [Error(str(error), id="optout.E001") for error in errors[:20]]
    if len(errors) > 20:
        shown.append(Error(f"… and {len(errors) - 20} more: run 'optout data validate'.", id="optout.E001"))
    return shown


@register(deploy=True)
def debug_off_for_public_sites(app_configs, **kwargs):
    if settings.SITE_URL.startswith("https://") and settings.DEBUG:
        return [Warning("OPTOUT_DEBUG is on for a public site.", id="optout.W001")]
    return []


@register(deploy=True)
def mail_links_reach_people(app_configs, **kwargs):
    """E-mails sent over SMTP go to other computers: a link to this computer's loopback address opens nothing there."""
    import ipaddress
    from urllib.parse import urlsplit

    smtp = any("smtp" in mailer.get("BACKEND", "") for mailer in getattr(settings, "MAILERS", {}).values())
    host = urlsplit(settings.SITE_URL).hostname or ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost" or host.endswith(".localhost")
    if smtp and loopback:
        return [Warning(f"E-mails are sent by SMTP, but their links point to {settings.SITE_URL}, which people's "
                        "computers cannot open.", hint="Set OPTOUT_SITE_URL to the address people use, such as "
                        "https://optout.example.org.", id="optout.W002")]
    return []
