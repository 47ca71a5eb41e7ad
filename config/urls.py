from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from accounts import views as account_views
from articles import views as article_views
from review import views as review_views

urlpatterns = [
    path("", article_views.home, name="home"),
    path("", include("articles.editor_urls")),
    path("", include("review.urls")),
    path("articles/", include("articles.urls")),
    path("accounts/", include("accounts.urls")),
    path("board/", review_views.board, name="board"),
    path(
        "editorial-policy/",
        TemplateView.as_view(template_name="pages/editorial_policy.html"),
        name="editorial-policy",
    ),
    path("search/", article_views.search_page, name="search"),
    path("personalize/", account_views.personalize, name="personalize"),
    path("admin/", admin.site.urls),
]
