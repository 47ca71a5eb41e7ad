"""The floor's one view: the same bytes for every address (bench.floor_settings)."""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import re_path

# The bytes of the real anonymous article page (bench.pages writes them), or that many "x".
_FILE = os.environ.get("FLOOR_BODY_FILE", "")
BODY = Path(_FILE).read_bytes() if _FILE else b"x" * int(os.environ.get("FLOOR_BODY_BYTES", "20000"))


def page(request, rest=""):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [re_path(r"^(?P<rest>.*)$", page)]
