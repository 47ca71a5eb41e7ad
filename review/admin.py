from django.contrib import admin

from config.admin import ReadOnlyAdminMixin
from review.models import Approval, BoardMember, Review, ReviewEvent


@admin.register(BoardMember)
class BoardMemberAdmin(admin.ModelAdmin):
    list_display = ("__str__", "specialty", "active")
    list_filter = ("active", "specialty")
    search_fields = ("user__username", "user__first_name", "user__last_name", "specialty")


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Review records change only through review.workflow; the admin shows them."""


class ReviewEventInline(admin.TabularInline):
    model = ReviewEvent
    extra = 0
    can_delete = False
    fields = ("at", "from_state", "to_state", "actor", "comment")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("article", "revision", "state", "submitted_by", "submitted_at", "assignee")
    list_filter = ("state",)
    inlines = [ReviewEventInline]


@admin.register(Approval)
class ApprovalAdmin(ReadOnlyAdmin):
    list_display = ("article", "revision", "approved_by", "approved_at", "next_review_due")
