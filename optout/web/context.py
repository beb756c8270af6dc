from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from optout.lib.site import mail_is_local
from optout.lib.zones import ZONE_UNKNOWN


def site(request):
    # The language menu names each language in itself ("English", "Deutsch"): Django's list of available languages
    # translates the names it knows, so German pages offered "Englisch" beside "Français".
    return {"SITE_URL": settings.SITE_URL, "SITE_NAME": settings.OPTOUT_SITE_NAME,
            "TIME_ZONE_NAME": timezone.get_current_timezone_name(),
            # Unknown, a time already names the zone it is in ("14:05 UTC"): a page must not add "(UTC time)"
            "TIME_ZONE_KNOWN": not ZONE_UNKNOWN.get(), "LANGUAGES_IN_THEMSELVES": settings.LANGUAGES,
            "MAIL_IS_LOCAL": mail_is_local(), "PAGE_PATH": _page_path(request)}


def _page_path(request) -> str:
    """Where the language menu returns to: this page, or for a page shown in answer to a form (a refused POST, whose
    address takes no GET) the page the form was on."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    came_from = urlsplit(request.META.get("HTTP_REFERER", ""))
    if came_from.netloc and came_from.netloc == request.get_host() and came_from.path.startswith("/"):
        return came_from.path + (f"?{came_from.query}" if came_from.query else "")
    return "/"
