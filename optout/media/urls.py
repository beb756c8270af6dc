from django.urls import path

from . import views

app_name = "media"
urlpatterns = [
    path("", views.index, name="index"),
    path("presets/", views.save_preset, name="save_preset"),
    path("presets/delete/", views.delete_preset, name="delete_preset"),
]
