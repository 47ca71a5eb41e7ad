from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import ReadOnlyAdminMixin
from articles.models import Article


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Site admins can read every article and its history here; writing happens in the
    editor pages, which record a reason and go through review. So this admin is read-only."""

    list_display = ("title", "slug", "condition", "created_at")
    search_fields = ("title", "slug", "condition")
    readonly_fields = ("title", "slug", "condition", "summary", "content", "created_at")
    history_list_display = ("revision_number", "history_change_reason")
