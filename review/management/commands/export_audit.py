import sys

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from review.exports import write_audit_csv


class Command(BaseCommand):
    help = "Write every review transition and approval as CSV (all articles, or one with --article SLUG)."

    def add_arguments(self, parser):
        parser.add_argument("--article", help="Only this article's slug.")
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args, article=None, output=None, **options):
        articles = Article.objects.order_by("slug")
        if article:
            articles = articles.filter(slug=article)
            if not articles.exists():
                raise CommandError(f"No article with the slug {article!r}.")
        try:
            stream = open(output, "w", newline="", encoding="utf-8") if output else sys.stdout
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc}") from exc
        try:
            write_audit_csv(stream, articles.iterator())
        finally:
            if output:
                stream.close()
