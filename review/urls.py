from django.urls import path

from review import views

app_name = "review"

urlpatterns = [
    path("review/", views.queue, name="queue"),
    path("review/<int:pk>/", views.review_detail, name="detail"),
    path("review/<int:pk>/start/", views.review_start, name="start"),
    path("review/<int:pk>/approve/", views.review_approve, name="approve"),
    path("review/<int:pk>/request-changes/", views.review_request_changes, name="request_changes"),
    path("review/<int:pk>/comment/", views.review_comment, name="comment"),
    path("review/<int:pk>/assign/", views.review_assign, name="assign"),
    path("review/<int:pk>/release/", views.review_release, name="release"),
    path("review/<int:pk>/schedule/", views.review_schedule, name="schedule"),
    path("review/reconfirm/<slug:slug>/", views.article_reconfirm, name="reconfirm"),
    path("articles/<slug:slug>/audit/", views.article_audit, name="audit"),
    path("articles/<slug:slug>/audit.csv", views.article_audit_csv, name="audit_csv"),
    path("articles/<slug:slug>/withdraw/", views.article_withdraw, name="withdraw"),
]
