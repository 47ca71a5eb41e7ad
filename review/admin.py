from django.contrib import admin
from django.contrib.auth.models import Group

from accounts import roles
from accounts.admin import ReadOnlyAdminMixin
from review.members import board_role_sync
from review.models import Approval, BoardMember, Review, ReviewEvent


@admin.register(BoardMember)
class BoardMemberAdmin(admin.ModelAdmin):
    """
    A board member's profile and role move together: saving an active profile gives its
    user the Medical Advisory Board role, deactivating or deleting it takes the role away,
    so no one is listed on /board/ without being able to review, nor the reverse.
    """

    list_display = ("__str__", "specialty", "active")
    list_filter = ("active", "specialty")
    search_fields = ("user__username", "user__first_name", "user__last_name", "specialty")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        board_role_sync(obj)

    def delete_model(self, request, obj):
        user = obj.user
        super().delete_model(request, obj)
        user.groups.remove(Group.objects.get(name=roles.BOARD))

    def delete_queryset(self, request, queryset):
        users = [member.user for member in queryset.select_related("user")]
        super().delete_queryset(request, queryset)
        board = Group.objects.get(name=roles.BOARD)
        for user in users:
            user.groups.remove(board)


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
