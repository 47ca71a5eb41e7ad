from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class SiteConfig(AppConfig):
    """Project-wide checks that belong to no single app."""

    name = "config"
    label = "site_config"
    verbose_name = "Site configuration"

    def ready(self):
        # A deploy check, so that commands needing no key (makemigrations) still run without one.
        checks.register(secret_key_check, checks.Tags.security, deploy=True)


def secret_key_check(app_configs=None, **kwargs):
    if settings.SECRET_KEY_MISSING:
        return [
            checks.Error(
                "Set SECRET_KEY (or DEBUG=1 for local development).",
                hint="A deployment sets SECRET_KEY in the environment; see the README.",
                id="config.E001",
            )
        ]
    return []
