"""Editors' pages: writing, history, readers' questions and search synonyms. Mounted at /editor/."""

from django.urls import path

from web.editor import questions, synonyms, translations, views

app_name = "editor"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("articles/new/", views.article_new, name="new"),
    path("import/", views.article_paste, name="paste"),
    path("synonyms/", synonyms.synonym_list, name="synonyms"),
    path("synonyms/<int:pk>/", synonyms.synonym_edit, name="synonym_edit"),
    path("synonyms/<int:pk>/delete/", synonyms.synonym_delete, name="synonym_delete"),
    path("questions/", questions.question_list, name="questions"),
    path("questions/<uuid:pk>/", questions.question_resolve, name="question_resolve"),
    path("questions/<uuid:pk>/answer/", questions.question_answer, name="question_answer"),
    path("questions/<uuid:pk>/withdraw/", questions.question_withdraw, name="question_withdraw"),
    path("articles/<slug:slug>/edit/", views.article_edit, name="edit"),
    path("articles/<slug:slug>/translate/<str:language>/", translations.translation_start, name="translate"),
    path("articles/<slug:slug>/delete/", views.article_delete, name="delete"),
    path("articles/<slug:slug>/submit/", views.article_submit, name="submit"),
    path("articles/<slug:slug>/history/", views.article_history, name="history"),
    path("articles/<slug:slug>/compare/", views.article_compare, name="compare"),
    path("articles/<slug:slug>/revisions/<int:number>/", views.revision_detail, name="revision"),
    path("articles/<slug:slug>/revisions/<int:number>/restore/", views.revision_restore, name="restore"),
]
