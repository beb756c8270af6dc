from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.index, name="index"),
    path("corrections/mine/", views.my_corrections, name="my_corrections"),
    path("corrections/review/", views.review_queue, name="review_queue"),
    path("corrections/review/<slug:token>/", views.review, name="review"),
    path("corrections/review/<slug:token>/patch/", views.review_patch, name="review_patch"),
    path("corrections/<slug:token>/", views.correction, name="correction"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/correct/", views.correct, name="correct"),
]
