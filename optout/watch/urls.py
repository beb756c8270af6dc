from django.urls import path

from . import views

app_name = "watch"
urlpatterns = [
    path("", views.index, name="index"),
    path("versions/<int:version_id>/", views.version, name="version"),
    path("feed/<str:token>.atom", views.PersonFeed(), name="person_feed"),
    path("<slug:slug>/", views.platform, name="platform"),
    path("<slug:slug>/feed.atom", views.PlatformFeed(), name="platform_feed"),
]
