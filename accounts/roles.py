"""
Staff roles as groups with permissions. `ensure_roles()` is idempotent and runs after
every migrate, so the groups exist on every database without anyone making them by hand.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
BOARD = "Medical Advisory Board"
SITE_ADMINS = "Site admins"

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    EDITORS: (
        "articles.add_article",
        "articles.change_article",
        "articles.delete_article",
        "articles.view_article",
        "review.submit_revision",
        "review.view_review",
        "review.add_reviewcomment",
    ),
    BOARD: (
        "articles.view_article",
        "review.review_revision",
        "review.view_review",
        "review.view_approval",
        "review.view_queue",
        "review.add_reviewcomment",
        "review.withdraw_article",
    ),
    SITE_ADMINS: (
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "auth.view_group",
        "review.add_boardmember",
        "review.change_boardmember",
        "review.view_boardmember",
        "articles.view_article",
        "review.view_review",
        "review.view_approval",
        "review.view_queue",
        "review.withdraw_article",
        # Sign-in lockouts (django-axes): see the attempts and unlock an account.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accessfailurelog",
    ),
}


def is_site_admin(user) -> bool:
    """A site admin (the Site admins role) or a superuser."""
    if not user or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=SITE_ADMINS).exists()


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_roles() -> None:
    """Create the role groups and give each exactly its permissions."""
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([_permission(p) for p in perms])


def _after_migrate(sender, app_config=None, using="default", **kwargs):
    # post_migrate runs once per app; permissions of later apps may not exist yet.
    for label in ("accounts", "articles", "review", "auth", "axes"):
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    ensure_roles()
