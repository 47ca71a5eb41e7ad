from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.canonical import to_markdown
from articles.content import ArticleFields
from articles.models import Article


class Command(BaseCommand):
    help = "Write each article's newest revision to DIR/<slug>.md in the canonical Markdown form."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"Cannot create {directory}: {exc}") from exc
        count = 0
        for article in Article.objects.order_by("slug").iterator():
            (directory / f"{article.slug}.md").write_text(to_markdown(ArticleFields.of(article)), encoding="utf-8")
            count += 1
        self.stdout.write(self.style.SUCCESS(f"Exported {count} article(s) to {directory}."))
