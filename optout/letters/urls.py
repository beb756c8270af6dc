from django.urls import path

from . import views

app_name = "letters"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:number>/", views.detail, name="detail"),
    path("<int:number>/letter.<str:fmt>", views.download, name="download"),
    path("<int:number>/sent/", views.sent, name="sent"),
    path("<int:number>/answer/", views.answer, name="answer"),
    path("<int:number>/follow-up/", views.follow_up, name="follow_up"),
    path("<int:number>/complaint/", views.complaint, name="complaint"),
    path("<int:number>/complaint-to-company/", views.controller_complaint, name="controller_complaint"),
    path("<int:number>/pause/", views.pause, name="pause"),
    path("<int:number>/resume/", views.resume, name="resume"),
    path("<int:number>/delete/", views.delete, name="delete"),
]
