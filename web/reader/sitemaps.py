"""sitemap.xml: approved articles (with the date of the revision readers get) and the main pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from review import publication


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return publication.approved_articles()

    def lastmod(self, article):
        return article.approved_revision_date


class PageSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return ["home", "articles:index", "board", "editorial-policy", "about", "contact", "privacy"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"articles": ArticleSitemap, "pages": PageSitemap}
