"""A URLconf with one page the matrix does not list: the matrix gate must notice it."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_patterns

urlpatterns = [*project_patterns, path("unlisted/", lambda request: HttpResponse("x"), name="unlisted")]
