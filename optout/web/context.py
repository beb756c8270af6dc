from django.conf import settings
from django.utils import timezone

from optout.lib.site import mail_is_local


def site(request):
    # The language menu names each language in itself ("English", "Deutsch"): Django's list of available languages
    # translates the names it knows, so German pages offered "Englisch" beside "Français".
    return {"SITE_URL": settings.SITE_URL, "SITE_NAME": settings.OPTOUT_SITE_NAME,
            "TIME_ZONE_NAME": timezone.get_current_timezone_name(), "LANGUAGES_IN_THEMSELVES": settings.LANGUAGES,
            "MAIL_IS_LOCAL": mail_is_local()}
