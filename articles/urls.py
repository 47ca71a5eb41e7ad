from django.urls import path

from articles import views
from config.http_caching import reader_page

app_name = "articles"

urlpatterns = [
    path("", reader_page(views.article_index), name="index"),
    path("<slug:slug>/", views.article_detail, name="detail"),
    path("<slug:slug>/questions/", views.article_ask, name="ask"),
]
