from django.apps import AppConfig


class ReviewConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "review"
    verbose_name = "Medical Advisory Board review"

    def ready(self):
        # Imported here, not at the top: models can only be imported once the app
        # registry is ready, which is when this method runs (a real start-up cycle).
        from simple_history.signals import post_create_historical_record

        from articles.models import HistoricalArticle
        from review import workflow

        # Every new revision, whatever saved it, supersedes pending reviews of older ones.
        post_create_historical_record.connect(
            workflow.on_revision_created, sender=HistoricalArticle, dispatch_uid="review-supersede"
        )
