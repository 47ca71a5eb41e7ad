"""
sitemap.xml: approved articles (with the date of the revision readers get) and the main
pages, in every language with hreflang alternates. An article is listed in another
language only where readers get an approved translation (elsewhere its address there
shows the English original).
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from review import publication

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return publication.approved_articles()

    def lastmod(self, article):
        return article.approved_revision_date

    def get_languages_for_item(self, article):
        translated = getattr(self, "_translated", None)
        if translated is None:
            translated = self._translated = publication.approved_translation_languages()
        return [code for code in LANGUAGE_CODES if code == settings.LANGUAGE_CODE or (article.pk, code) in translated]


class PageSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["home", "articles:index", "board", "editorial-policy", "about", "contact", "privacy"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"articles": ArticleSitemap, "pages": PageSitemap}
