"""
The user admin, for superusers and site admins.

Site admins manage the accounts of editors and board members: names, e-mail, active,
password resets. Only a superuser changes what an account may do — superuser and staff
status, groups (roles) and permissions — and only a superuser edits a superuser or
another site admin, so no site admin can raise themselves or anyone else. Roles are
granted by a superuser here or with `manage.py grant_role` / `revoke_role`.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts import roles
from accounts.models import User


class ReadOnlyAdminMixin:
    """For records that change only through their own services (articles, reviews): the
    Django admin may show them, never add, change or delete them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The fields of Django's user admin that decide what an account may do.
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


def may_manage(actor, account) -> bool:
    """May `actor` (a site admin) edit `account`? Superusers may edit anyone; others not superusers or admins."""
    if actor.is_superuser:
        return True
    if account is None:
        return True  # a new account starts with no privileges
    return not roles.is_site_admin(account)


class UserChangeForm(BaseUserAdmin.form):
    """Django's user form, refusing a board role without a board profile, and the reverse."""

    def clean(self):
        cleaned = super().clean()
        if "groups" not in cleaned:
            return cleaned
        board = any(group.name == roles.BOARD for group in cleaned["groups"])
        member = getattr(self.instance, "board_member", None) if self.instance.pk else None
        active_member = member is not None and member.active
        if board and not active_member:
            self.add_error(
                "groups",
                "Give the Medical Advisory Board role by adding an active board member profile "
                "(Board members › Add, or manage.py add_board_member): readers see the profile's credentials.",
            )
        if active_member and not board:
            self.add_error(
                "groups",
                "This person has an active board member profile: deactivate it (Board members) to take the role away.",
            )
        return cleaned


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    fieldsets = BaseUserAdmin.fieldsets + (("Reading preference", {"fields": ("audience",)}),)
    list_display = ("username", "email", "first_name", "last_name", "is_staff")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += [name for name in PRIVILEGE_FIELDS if name not in readonly]
        return readonly

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or may_manage(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or may_manage(request.user, obj))
