from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Imported here, not at the top: roles imports auth models, which need the app
        # registry this method runs after (a real start-up cycle).
        from accounts.roles import _after_migrate

        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="accounts-roles")
