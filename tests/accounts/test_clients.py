"""Who is asking: the client's address behind the trusted proxies (accounts/clients.py)."""

import pytest
from django.test import RequestFactory, override_settings

from accounts.clients import UNKNOWN_ADDRESS, client_ip


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_with_no_trusted_proxy_the_header_is_ignored():
    assert client_ip(request_from("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_client_is_the_last_forwarded_address():
    assert (
        client_ip(request_from("10.0.0.2", "6.6.6.6, 203.0.113.9")) == "203.0.113.9"
    )  # 6.6.6.6 was typed by the client
    assert client_ip(request_from("10.0.0.2", "not-an-ip")) == "10.0.0.2"
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_client_is_second_from_the_right():
    assert client_ip(request_from("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.1")) == "203.0.113.9"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_fewer_hops_than_trusted_proxies_means_the_request_did_not_come_through_them():
    assert client_ip(request_from("198.51.100.7", "")) == "198.51.100.7"
    with override_settings(TRUSTED_PROXY_COUNT=3):
        assert client_ip(request_from("10.0.0.2", "203.0.113.9, 10.0.0.1")) == "10.0.0.2"


@pytest.mark.parametrize("remote", ["", "unix:/run/gunicorn.sock", "999.1.1.1"])
def test_an_unusable_remote_address_becomes_the_unknown_address_never_garbage(remote):
    # django-axes stores the address in an inet column on PostgreSQL: it must be an address.
    assert client_ip(request_from(remote)) == UNKNOWN_ADDRESS


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_addresses_are_normalised_so_one_client_has_one_spelling():
    assert client_ip(request_from("10.0.0.2", " 2001:DB8:0:0:0:0:0:1 ")) == "2001:db8::1"
