import csv
import sys

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from review.selectors import audit_trail

COLUMNS = ["article", "at", "actor", "action", "from_state", "to_state", "revision", "comment"]


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
            writer = csv.writer(stream)
            writer.writerow(COLUMNS)
            for item in articles.iterator():
                for entry in audit_trail(item):
                    writer.writerow(
                        [
                            item.slug,
                            entry.at.isoformat(),
                            entry.actor.get_username() if entry.actor else "",
                            entry.action,
                            entry.from_state,
                            entry.to_state,
                            entry.revision_number,
                            entry.comment,
                        ]
                    )
        finally:
            if output:
                stream.close()
