"""
What readers get, kept as published copies: the stored pages and the version that says
which of them may still be read. The tables keep the names the review app gave them.
"""

from django.db import models


class Publication(models.Model):
    """
    How many times what readers get of an article has changed: the workflow counts up in
    the same transaction as each change, and a stored page is only read while its version
    is the current one (publishing.pages), so a page rendered from the state
    before a change can never be served after it.
    """

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, primary_key=True)
    version = models.PositiveBigIntegerField(default=1)

    class Meta:
        db_table = "review_publication"  # made by the review app, before publishing had a room of its own

    def __str__(self):
        return f"{self.article_id} v{self.version}"


class PublishedPage(models.Model):
    """
    One reader page as published: the whole HTML of an article for one audience, rendered
    once per version of what readers get and served as stored bytes (publishing.pages).
    """

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="published_pages")
    slug = models.SlugField(max_length=100)  # the article's address, so that a read needs no second query
    audience = models.CharField(max_length=20)  # an Audience value, or "default" (no choice made)
    render_version = models.CharField(max_length=32)
    version = models.PositiveBigIntegerField()  # the Publication version it was rendered for
    revision = models.ForeignKey("articles.HistoricalArticle", on_delete=models.CASCADE, related_name="+")
    etag = models.CharField(max_length=120)
    last_modified = models.DateTimeField()
    is_approved = models.BooleanField()
    html = models.BinaryField()
    gzipped = models.BinaryField()
    brotli = models.BinaryField(default=b"")  # empty for a page stored before brotli copies were kept
    published_at = models.DateTimeField()
    # The page says "Next review due <date>" until then; from then on it must say "Review
    # overdue", so it is not read after this moment (None: nothing on it expires).
    fresh_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "review_publishedpage"  # made by the review app, before publishing had a room of its own
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "audience", "render_version", "version"], name="one_published_page_per_version"
            )
        ]

    def __str__(self):
        return f"{self.slug} for {self.audience} (v{self.version}, {self.render_version})"


class SiteVersion(models.Model):
    """
    Changes to what the site-wide reader pages show that are not an article's publication:
    the board's members, the synonyms search uses, a deleted article. One row, counted up
    by publishing.refresh; with the articles' publication versions it makes the signal that
    stored site pages are checked against (publishing.sitepages).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.PositiveBigIntegerField(default=1)

    def __str__(self):
        return f"site v{self.version}"
