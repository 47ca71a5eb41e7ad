"""config.security.CSPMiddleware builds the site-wide policy once, and answers exactly as django-csp does."""

import pytest
from csp.decorators import csp_exempt, csp_replace, csp_update
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from config.security import CSPMiddleware

HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")


def plain(request):
    return HttpResponse("page")


def with_nonce(request):
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")


@csp_update({"img-src": "https://images.example"})
def updated(request):
    return HttpResponse("page")


@csp_replace({"script-src": None})
def replaced(request):
    return HttpResponse("page")


@csp_exempt()
def exempt(request):
    return HttpResponse("page")


def not_found(request):
    return HttpResponse("missing", status=404)


def headers_from(middleware_class, view, path="/articles/leg-cramps/"):
    request = RequestFactory().get(path)
    response = middleware_class(view)(request)
    return {name: response.get(name) for name in HEADERS}, request


@pytest.mark.parametrize("view", [plain, with_nonce, updated, replaced, exempt, not_found])
def test_every_kind_of_response_gets_the_headers_django_csp_gives(view):
    ours, _ = headers_from(CSPMiddleware, view)
    theirs, _ = headers_from(DjangoCSPMiddleware, view)
    if view is with_nonce:  # a fresh nonce each time: compare the rest
        ours = {name: value and value.split("'nonce-")[0] for name, value in ours.items()}
        theirs = {name: value and value.split("'nonce-")[0] for name, value in theirs.items()}
    assert ours == theirs
    assert view in (exempt,) or ours["Content-Security-Policy"]


def test_the_policy_follows_the_settings_it_was_built_from():
    middleware = CSPMiddleware(plain)
    before = middleware(RequestFactory().get("/"))["Content-Security-Policy"]
    policy = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["https://images.example"]}}
    report_only = {"DIRECTIVES": {"default-src": ["'none'"]}, "EXCLUDE_URL_PREFIXES": ["/admin/"]}
    with override_settings(CONTENT_SECURITY_POLICY=policy, CONTENT_SECURITY_POLICY_REPORT_ONLY=report_only):
        response = middleware(RequestFactory().get("/"))
        # django-csp's directive order is not fixed between processes: compare the directives.
        directives = sorted(response["Content-Security-Policy"].split("; "))
        assert directives == ["default-src 'self'", "img-src https://images.example"]
        assert response["Content-Security-Policy-Report-Only"] == "default-src 'none'"
        assert "Content-Security-Policy-Report-Only" not in middleware(RequestFactory().get("/admin/"))
    assert middleware(RequestFactory().get("/"))["Content-Security-Policy"] == before


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error():
    _, request = headers_from(CSPMiddleware, plain)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
