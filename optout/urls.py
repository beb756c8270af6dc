from django.contrib import admin
from django.urls import include, path

from optout.web import views as web_views

urlpatterns = [
    path("", include("optout.web.urls")),
    path("catalog/", include("optout.catalog.urls")),
    path("me/", include("optout.accounts.urls")),
    path("plan/", include("optout.plans.urls")),
    path("letters/", include("optout.letters.urls")),
    path("watch/", include("optout.watch.urls")),
    path("site/", include("optout.site.urls")),
    path("media/", include("optout.media.urls")),
    path("notifications/", include("optout.notify.urls")),
    path("ops/", include("optout.ops.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", web_views.set_language, name="set_language"),  # the language menu
    path("admin/", admin.site.urls),
]

handler404 = "optout.web.views.not_found"
handler500 = "optout.web.views.server_error"
