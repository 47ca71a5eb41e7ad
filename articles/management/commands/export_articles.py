from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.canonical import to_markdown
from articles.models import Article
from articles.translations import canonical_fields


class Command(BaseCommand):
    help = (
        "Write each article's newest revision to DIR/<slug>.md in the canonical Markdown form "
        "(a translation to DIR/<language>/<original's slug>.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"Cannot create {directory}: {exc}") from exc
        count = 0
        for article in Article.objects.order_by("slug").iterator():
            fields = canonical_fields(article)
            where = directory if article.language == "en" else directory / article.language
            where.mkdir(exist_ok=True)
            (where / f"{fields.slug}.md").write_text(to_markdown(fields), encoding="utf-8")
            count += 1
        self.stdout.write(self.style.SUCCESS(f"Exported {count} article(s) to {directory}."))
