import pytest


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_long(client, db, url):
    r = client.post(url, {"username": "u" * 300, "password": "x"}, REMOTE_ADDR="203.0.113.9")
    print(url, r.status_code, r.content.decode()[:0])
    from axes.models import AccessAttempt

    print(list(AccessAttempt.objects.values_list("username", flat=True)))
