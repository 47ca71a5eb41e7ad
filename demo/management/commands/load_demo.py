from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo articles, board members and demo accounts (idempotent; DEBUG only)."

    def handle(self, *args, **options):
        try:
            # The demo's reviews and approvals send the board's e-mails: nobody is waiting for
            # them, so they are not printed (the console backend would fill the terminal).
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                accounts = load_demo()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Demo data is ready (its e-mails to the board were not sent)."))
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for account in accounts:
            self.stdout.write(f"  {account.username:<10} {account.description}")
