from django.conf import settings
from django.utils import timezone


def site(request):
    return {"SITE_URL": settings.SITE_URL, "SITE_NAME": settings.OPTOUT_SITE_NAME,
            "TIME_ZONE_NAME": timezone.get_current_timezone_name()}
