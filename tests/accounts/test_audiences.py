"""Who is reading (accounts/audiences.py): the five audiences and where the choice lives."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from accounts.audiences import (
    COOKIE_MAX_AGE,
    COOKIE_NAME,
    Audience,
    audience_for_request,
    audience_remember,
    is_lay,
    parse_audience,
)


@pytest.mark.parametrize("value", ["", None, "doctor", "PATIENT", "patient ", "<script>"])
def test_anything_but_an_audience_name_is_no_choice(value):
    assert parse_audience(value) is None


def test_only_patients_and_caregivers_read_plain_language():
    assert {a for a in Audience if is_lay(a)} == {Audience.PATIENT, Audience.CAREGIVER}
    assert not is_lay(None)


def request_for(user=None, query="", cookie=None):
    request = RequestFactory().get(f"/articles/leg-cramps/{query}")
    request.user = user or AnonymousUser()
    if cookie is not None:
        request.COOKIES[COOKIE_NAME] = cookie
    return request


def test_the_link_wins_then_the_profile_then_the_cookie(reader_user):
    reader_user.audience = Audience.NURSE
    assert audience_for_request(request_for(reader_user, "?audience=student", cookie="patient")) == Audience.STUDENT
    assert audience_for_request(request_for(reader_user, cookie="patient")) == Audience.NURSE
    assert audience_for_request(request_for(cookie="patient")) == Audience.PATIENT
    assert audience_for_request(request_for(query="?audience=nobody", cookie="caregiver")) == Audience.CAREGIVER
    assert audience_for_request(request_for()) is None


def test_the_cookie_lasts_a_year_is_lax_and_is_not_readable_by_scripts():
    response = HttpResponse()
    audience_remember(response=response, audience=Audience.CAREGIVER)
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "caregiver"
    assert (cookie["max-age"], cookie["samesite"], cookie["httponly"]) == (COOKIE_MAX_AGE, "Lax", True)


def test_clearing_the_choice_deletes_the_cookie_and_empties_the_profile(reader_user):
    reader_user.audience = Audience.PATIENT
    reader_user.save()
    response = HttpResponse()
    audience_remember(response=response, audience=None, user=reader_user)
    assert response.cookies[COOKIE_NAME]["max-age"] == 0
    reader_user.refresh_from_db()
    assert reader_user.audience == ""


def test_a_signed_in_readers_choice_is_kept_on_the_profile(reader_user):
    audience_remember(response=HttpResponse(), audience=Audience.STUDENT, user=reader_user)
    reader_user.refresh_from_db()
    assert reader_user.audience == Audience.STUDENT
