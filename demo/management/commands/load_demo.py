from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo articles, board members and demo accounts (idempotent; DEBUG only)."

    def handle(self, *args, **options):
        try:
            accounts = load_demo()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for account in accounts:
            self.stdout.write(f"  {account.username:<10} {account.description}")
