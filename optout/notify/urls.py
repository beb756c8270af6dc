from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("read/", views.mark_read, name="mark_read"),
    path("<int:notification_id>/", views.open_notification, name="open"),
    path("channels/", views.channels, name="channels"),
    path("channels/<int:channel_id>/remove/", views.channel_remove, name="channel_remove"),
]
