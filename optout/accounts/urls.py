from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("policy-news/", views.policy_news, name="policy_news"),
    path("email-off/<str:token>/", views.email_off, name="email_off"),
    path("delete/", views.delete_account, name="delete"),
    path("platforms/", views.platforms, name="platforms"),
    path("platforms/add/", views.platform_add, name="platform_add"),
    path("platforms/<int:account_id>/", views.platform_edit, name="platform_edit"),
    path("platforms/<int:account_id>/remove/", views.platform_remove, name="platform_remove"),
]
