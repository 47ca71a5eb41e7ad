from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from accounts import views as account_views
from articles import views as article_views
from articles.feeds import ApprovedArticlesFeed
from articles.sitemaps import SITEMAPS
from config import health
from config.http_caching import reader_page
from review import views as review_views

urlpatterns = [
    path("", reader_page(article_views.home), name="home"),
    path("", include("articles.editor_urls")),
    path("", include("review.urls")),
    path("articles/", include("articles.urls")),
    path("accounts/", include("accounts.urls")),
    path("board/", reader_page(review_views.board), name="board"),
    path(
        "editorial-policy/",
        reader_page(TemplateView.as_view(template_name="pages/editorial_policy.html")),
        name="editorial-policy",
    ),
    path("search/", reader_page(article_views.search_page), name="search"),
    path("about/", reader_page(TemplateView.as_view(template_name="pages/about.html")), name="about"),
    path("contact/", reader_page(TemplateView.as_view(template_name="pages/contact.html")), name="contact"),
    path("privacy/", reader_page(TemplateView.as_view(template_name="pages/privacy.html")), name="privacy"),
    path("personalize/", account_views.personalize, name="personalize"),
    path("questions/<uuid:pk>/", article_views.question_page, name="question"),
    path("feed/", reader_page(ApprovedArticlesFeed()), name="feed"),
    path("sitemap.xml", reader_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", article_views.robots_txt, name="robots"),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

handler400 = "config.errors.bad_request"
