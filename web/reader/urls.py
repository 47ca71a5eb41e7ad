"""Reader pages: what anyone may open, signed in or not. Mounted at the site's root."""

from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from publishing.sitepages import stored_reader_page
from web.reader import views
from web.reader.feeds import ApprovedArticlesFeed
from web.reader.sitemaps import SITEMAPS


def _page(template: str):
    return stored_reader_page(TemplateView.as_view(template_name=template))


article_patterns = (
    [
        path("", stored_reader_page(views.article_index), name="index"),
        path("<slug:slug>/", views.article_detail, name="detail"),
        path("<slug:slug>/questions/", views.article_ask, name="ask"),
    ],
    "articles",
)

urlpatterns = [
    path("", stored_reader_page(views.home), name="home"),
    path("articles/", include(article_patterns)),
    path("board/", stored_reader_page(views.board), name="board"),
    path("editorial-policy/", _page("reader/pages/editorial_policy.html"), name="editorial-policy"),
    path("search/", stored_reader_page(views.search_page), name="search"),
    path("about/", _page("reader/pages/about.html"), name="about"),
    path("contact/", _page("reader/pages/contact.html"), name="contact"),
    path("privacy/", _page("reader/pages/privacy.html"), name="privacy"),
    path("personalize/", views.personalize, name="personalize"),
    path("questions/<uuid:pk>/", views.question_page, name="question"),
    path("feed/", stored_reader_page(ApprovedArticlesFeed()), name="feed"),
    path("sitemap.xml", stored_reader_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
