from django.apps import AppConfig
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save


class PublishingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        # Imported here, not at the top: the receiver imports models, which need the app
        # registry this method runs after (a real start-up cycle).
        from articles.models import Article, Synonym
        from publishing.refresh import refresh_copies, refresh_site_pages
        from review.events import reader_content_changed
        from review.models import BoardMember

        reader_content_changed.connect(refresh_copies, dispatch_uid="publishing-refresh-copies")
        # What the site pages show besides articles' publications (publishing.sitepages).
        for model in (BoardMember, Synonym, get_user_model()):
            post_save.connect(refresh_site_pages, sender=model, dispatch_uid=f"site-pages-save-{model.__name__}")
        for deleted in (BoardMember, Synonym, Article):
            post_delete.connect(
                refresh_site_pages, sender=deleted, dispatch_uid=f"site-pages-delete-{deleted.__name__}"
            )
