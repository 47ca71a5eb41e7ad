"""The Medical Advisory Board's pages: the review queue, reviews, answers, audit, withdrawal. Mounted at /review/."""

from django.urls import path

from web.board import answers, views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/start/", views.review_start, name="start"),
    path("<int:pk>/approve/", views.review_approve, name="approve"),
    path("<int:pk>/request-changes/", views.review_request_changes, name="request_changes"),
    path("<int:pk>/comment/", views.review_comment, name="comment"),
    path("<int:pk>/assign/", views.review_assign, name="assign"),
    path("<int:pk>/release/", views.review_release, name="release"),
    path("<int:pk>/schedule/", views.review_schedule, name="schedule"),
    path("reconfirm/<slug:slug>/", views.article_reconfirm, name="reconfirm"),
    path("answers/", answers.faq_review, name="answers"),
    path("answers/<uuid:pk>/approve/", answers.faq_approve, name="answer_approve"),
    path("answers/<uuid:pk>/return/", answers.faq_return, name="answer_return"),
    path("articles/<slug:slug>/audit/", views.article_audit, name="audit"),
    path("articles/<slug:slug>/audit.csv", views.article_audit_csv, name="audit_csv"),
    path("articles/<slug:slug>/withdraw/", views.article_withdraw, name="withdraw"),
]
