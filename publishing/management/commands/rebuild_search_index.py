from django.core.management.base import BaseCommand

from publishing.index import rebuild_search_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index from what readers may see now."

    def handle(self, *args, **options):
        count = rebuild_search_index()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} passage(s)."))
