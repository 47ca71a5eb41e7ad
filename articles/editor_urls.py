from django.urls import path

from articles import editor_views as views

app_name = "editor"

urlpatterns = [
    path("editor/", views.dashboard, name="dashboard"),
    path("editor/articles/new/", views.article_new, name="new"),
    path("editor/import/", views.article_paste, name="paste"),
    path("editor/questions/<uuid:pk>/", views.question_resolve, name="question_resolve"),
    path("articles/<slug:slug>/edit/", views.article_edit, name="edit"),
    path("articles/<slug:slug>/delete/", views.article_delete, name="delete"),
    path("articles/<slug:slug>/submit/", views.article_submit, name="submit"),
    path("articles/<slug:slug>/history/", views.article_history, name="history"),
    path("articles/<slug:slug>/compare/", views.article_compare, name="compare"),
    path("articles/<slug:slug>/revisions/<int:number>/", views.revision_detail, name="revision"),
    path("articles/<slug:slug>/revisions/<int:number>/restore/", views.revision_restore, name="restore"),
]
