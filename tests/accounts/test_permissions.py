"""Who may reach a staff page (accounts/permissions.py): sign in, 404 for readers, 403 for the wrong role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from accounts.permissions import is_staff_member
from web.permissions import staff_page


@staff_page("articles.change_article")
def edit_page(request):
    return HttpResponse("the edit page")


def call(user):
    request = RequestFactory().get("/editor/articles/leg-cramps/edit/?tab=2")
    request.user = user
    return edit_page(request)


def test_anonymous_visitors_are_sent_to_sign_in_and_back():
    response = call(AnonymousUser())
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/editor/articles/leg-cramps/edit/%3Ftab%3D2"


def test_signed_in_readers_get_not_found_so_staff_pages_are_not_advertised(reader_user):
    with pytest.raises(Http404):
        call(reader_user)


def test_staff_without_the_permission_get_forbidden(reviewer, site_admin):
    for user in (reviewer, site_admin):
        with pytest.raises(PermissionDenied):
            call(user)


def test_staff_with_the_permission_get_the_page(editor):
    assert call(editor).content == b"the edit page"


def test_a_deactivated_editor_is_no_staff_member(editor):
    assert is_staff_member(editor)
    editor.is_active = False
    editor.save()
    assert not is_staff_member(editor)
    with pytest.raises(Http404):
        call(editor)
