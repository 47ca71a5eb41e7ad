from django.apps import AppConfig


class PublishingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        # Imported here, not at the top: the receiver imports models, which need the app
        # registry this method runs after (a real start-up cycle).
        from publishing.refresh import refresh_copies
        from review.events import reader_content_changed

        reader_content_changed.connect(refresh_copies, dispatch_uid="publishing-refresh-copies")
