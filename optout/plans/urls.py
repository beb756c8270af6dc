from django.urls import path

from . import views, wizard_views

app_name = "plans"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("steps/", views.plan, name="plan"),
    path("start/", wizard_views.start, name="start"),
    path("start/where/", wizard_views.where, name="start_where"),
    path("start/platforms/", wizard_views.platforms, name="start_platforms"),
    path("start/accounts/", wizard_views.accounts, name="start_accounts"),
    path("start/about-you/", wizard_views.about, name="start_about"),
    path("steps/<int:number>/", views.action_page, name="action"),
    path("steps/<int:number>/status/", views.action_status, name="action_status"),
    path("steps/<int:number>/note/", views.action_note, name="action_note"),
    path("steps/<int:number>/screenshot/", views.action_screenshot, name="action_screenshot"),
    path("steps/<int:number>/email/", views.action_email, name="action_email"),
    path("steps/<int:number>/code/", views.action_code, name="action_code"),
    path("steps/<int:number>/sent/", views.action_sent, name="action_sent"),
    path("steps/<int:number>/reason/", views.action_reason, name="action_reason"),
    path("steps/<int:number>/opened/", views.action_opened, name="action_opened"),
    path("steps/<int:number>/form-failed/", views.action_form_failed, name="action_form_failed"),
    path("steps/<int:number>/form-again/", views.action_form_again, name="action_form_again"),
    path("evidence/<int:evidence_id>/", views.evidence_file, name="evidence_file"),
    path("evidence/<int:evidence_id>/delete/", views.evidence_delete, name="evidence_delete"),
    path("report/", views.report, name="report"),
    path("export/", views.export, name="export"),
    path("import/", views.import_view, name="import"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/optout.ics", views.calendar_download, name="calendar_download"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
