from django.urls import path

from articles import editor_views as views
from articles import question_views, synonym_views

app_name = "editor"

urlpatterns = [
    path("editor/", views.dashboard, name="dashboard"),
    path("editor/articles/new/", views.article_new, name="new"),
    path("editor/import/", views.article_paste, name="paste"),
    path("editor/synonyms/", synonym_views.synonym_list, name="synonyms"),
    path("editor/synonyms/<int:pk>/", synonym_views.synonym_edit, name="synonym_edit"),
    path("editor/synonyms/<int:pk>/delete/", synonym_views.synonym_delete, name="synonym_delete"),
    path("editor/questions/", question_views.question_list, name="questions"),
    path("editor/questions/<uuid:pk>/", question_views.question_resolve, name="question_resolve"),
    path("editor/questions/<uuid:pk>/answer/", question_views.question_answer, name="question_answer"),
    path("editor/questions/<uuid:pk>/withdraw/", question_views.question_withdraw, name="question_withdraw"),
    path("review/answers/", question_views.faq_review, name="faq_review"),
    path("review/answers/<uuid:pk>/approve/", question_views.faq_approve, name="faq_approve"),
    path("review/answers/<uuid:pk>/return/", question_views.faq_return, name="faq_return"),
    path("articles/<slug:slug>/edit/", views.article_edit, name="edit"),
    path("articles/<slug:slug>/delete/", views.article_delete, name="delete"),
    path("articles/<slug:slug>/submit/", views.article_submit, name="submit"),
    path("articles/<slug:slug>/history/", views.article_history, name="history"),
    path("articles/<slug:slug>/compare/", views.article_compare, name="compare"),
    path("articles/<slug:slug>/revisions/<int:number>/", views.revision_detail, name="revision"),
    path("articles/<slug:slug>/revisions/<int:number>/restore/", views.revision_restore, name="restore"),
]
