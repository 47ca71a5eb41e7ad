from django.core.management.base import BaseCommand, CommandError

from articles.consistency import library_conflicts
from articles.models import Article
from review.checklist import library_documents, synonym_rows


class Command(BaseCommand):
    help = (
        "List every diagnosis and warning sign that carries different levels of urgency in different "
        "articles, as readers get them (with --latest: as the newest revisions have them). Exits 1 on any."
    )

    def add_arguments(self, parser):
        parser.add_argument("--latest", action="store_true", help="Check the newest revision of every article.")

    def handle(self, *args, latest: bool, **options):
        if latest:
            documents = {article.slug: article.document for article in Article.objects.order_by("slug")}
        else:
            documents = library_documents()
        conflicts = library_conflicts(documents, synonyms=synonym_rows())
        for conflict in conflicts:
            self.stdout.write(f"- {conflict}")
        if conflicts:
            raise CommandError(f"{len(conflicts)} urgency conflict(s) in {len(documents)} articles.")
        self.stdout.write(self.style.SUCCESS(f"No urgency conflicts in {len(documents)} articles."))
