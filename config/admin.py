"""Admin pieces shared by the apps."""


class ReadOnlyAdminMixin:
    """For records that change only through their own services (articles, reviews): the
    Django admin may show them, never add, change or delete them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
