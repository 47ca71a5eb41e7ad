"""Staff roles are groups with exactly their permissions, made after every migrate (accounts/roles.py)."""

from django.contrib.auth.models import Group

from accounts import roles


def test_roles_are_groups_created_by_migrate_with_their_permissions(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {roles.EDITORS, roles.BOARD, roles.SITE_ADMINS}
    editors = Group.objects.get(name=roles.EDITORS)
    perms = {f"{p.content_type.app_label}.{p.codename}" for p in editors.permissions.select_related("content_type")}
    assert perms == set(roles.ROLE_PERMISSIONS[roles.EDITORS])


def test_ensure_roles_is_idempotent_and_repairs_drift(db):
    editors = Group.objects.get(name=roles.EDITORS)
    editors.permissions.clear()
    roles.ensure_roles()
    roles.ensure_roles()
    assert editors.permissions.count() == len(roles.ROLE_PERMISSIONS[roles.EDITORS])
    assert Group.objects.filter(name=roles.EDITORS).count() == 1


def test_ensure_roles_takes_away_a_permission_a_role_should_not_have(db):
    from django.contrib.auth.models import Permission

    editors = Group.objects.get(name=roles.EDITORS)
    editors.permissions.add(Permission.objects.get(content_type__app_label="review", codename="review_revision"))
    roles.ensure_roles()
    assert not editors.permissions.filter(codename="review_revision").exists()


def test_the_roles_keep_writing_and_reviewing_apart():
    writes, reviews = "articles.change_article", "review.review_revision"
    assert writes in roles.ROLE_PERMISSIONS[roles.EDITORS]
    assert reviews not in roles.ROLE_PERMISSIONS[roles.EDITORS]
    assert reviews in roles.ROLE_PERMISSIONS[roles.BOARD]
    assert writes not in roles.ROLE_PERMISSIONS[roles.BOARD]
    # Site admins run the site; they neither write nor review articles.
    assert {writes, reviews}.isdisjoint(roles.ROLE_PERMISSIONS[roles.SITE_ADMINS])


def test_a_site_admin_is_a_member_of_the_role_or_a_superuser(db):
    from tests import factories

    admin, editor = factories.make_site_admin("role-admin"), factories.make_editor("role-editor")
    superuser = factories.make_user("role-super", is_superuser=True)
    assert roles.is_site_admin(admin) and roles.is_site_admin(superuser)
    assert not roles.is_site_admin(editor) and not roles.is_site_admin(None)
    admin.is_active = False
    assert not roles.is_site_admin(admin)
