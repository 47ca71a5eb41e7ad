"""sitemap.xml: approved articles (with the date of the revision readers get) and the main pages."""

from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery
from django.urls import reverse

from articles.models import Article, HistoricalArticle


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        revision_date = HistoricalArticle.objects.filter(history_id=OuterRef("approved_revision_id")).values(
            "history_date"
        )[:1]
        return (
            Article.objects.for_readers()
            .filter(approved_revision_id__isnull=False)
            .annotate(approved_revision_date=Subquery(revision_date))
            .order_by("slug")
        )

    def lastmod(self, article):
        return article.approved_revision_date


class PageSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return ["home", "articles:index", "board", "editorial-policy"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"articles": ArticleSitemap, "pages": PageSitemap}
