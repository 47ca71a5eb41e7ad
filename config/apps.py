from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class SiteConfig(AppConfig):
    """Project-wide checks that belong to no single app, and the admin's sign-in form."""

    name = "config"
    label = "site_config"
    verbose_name = "Site configuration"

    def ready(self):
        # Deploy checks, so that commands needing no key (makemigrations) still run without one,
        # and local development (DEBUG, one process) is not told about a deployment's settings.
        checks.register(secret_key_check, checks.Tags.security, deploy=True)
        checks.register(site_url_check, checks.Tags.security, deploy=True)
        checks.register(workers_without_redis_check, checks.Tags.caches, deploy=True)
        # Imported here, not at the top: the admin and the auth forms load models, which cannot
        # load while the app registry is still importing this module (a start-up cycle).
        from django.contrib import admin

        from web.accounts.forms import AdminSignInForm

        # /admin/login/ bounds the username as /accounts/login/ does, before the lockout store.
        admin.site.login_form = AdminSignInForm


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


def site_url_check(app_configs=None, **kwargs):
    if settings.SITE_URL_MISSING:
        return [
            checks.Error(
                "Set SITE_URL to the site's public address, e.g. https://medreview.example.org "
                "(or DEBUG=1 for local development).",
                hint=(
                    "Links in e-mail, feed ids, canonical links and stored pages are made from it; "
                    f"unset (or empty) they would all name {settings.SITE_URL}."
                ),
                id="config.E002",
            )
        ]
    return []


def workers_without_redis_check(app_configs=None, **kwargs):
    workers = settings.SERVER_WORKERS
    if workers <= 1 or settings.REDIS_URL:
        return []
    return [
        checks.Warning(
            f"{workers} workers (WEB_CONCURRENCY or GUNICORN_CMD_ARGS) and no REDIS_URL: each worker keeps "
            "its own cache, so the follow-up question limit and the search limit are counted per worker, "
            f"and a client gets up to {workers} times each before being stopped. Sign-in lockout is "
            "not weakened: its attempts are kept in the database, which every worker shares.",
            hint="Set REDIS_URL, so that every worker counts in one shared cache (README, Configuration).",
            id="config.W001",
        )
    ]
