"""
The article page as every anonymous reader gets it: rendered here once per audience,
stored and served by publishing.pages.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import resolve
from django.utils import translation

from accounts.audiences import Audience
from articles.presentation import Presentation, presentation_for
from articles.structured_data import json_ld, medical_web_page
from publishing import pages
from publishing.caching import article_body_html
from publishing.pages import Published
from review.publication import ReaderPage
from web.reader.forms import QuestionForm

TEMPLATE = "reader/article_detail.html"


def site_url(path: str) -> str:
    """An absolute address on the site (SITE_URL), the same whichever host a request used."""
    return settings.SITE_URL.rstrip("/") + path


def page_context(page: ReaderPage, presentation: Presentation, *, question_form=None) -> dict:
    """Everything the article template needs: the same for the stored page and a live one."""
    url = site_url(page.article.get_absolute_url())
    return {
        "page": page,
        "revision": page.revision,
        "presentation": presentation,
        "body": article_body_html(page.revision, presentation),
        "audiences": Audience.choices,
        "canonical_url": url,
        "json_ld": json_ld(medical_web_page(page=page, presentation=presentation, url=url)),
        "question_form": question_form or QuestionForm(),
        "translation_notice": page.translation_notice,
    }


def _anonymous_request(path: str) -> HttpRequest:
    """The request every anonymous reader's page is rendered for: no user, no cookie, no token."""
    request = HttpRequest()
    parts = urlsplit(settings.SITE_URL)
    request.method = "GET"
    request.path = request.path_info = path
    request.META = {"SERVER_NAME": parts.hostname or "localhost", "SERVER_PORT": str(parts.port or 80)}
    request.user = AnonymousUser()
    request.resolver_match = resolve(path)
    return request


# Text between tags, and the elements whose whitespace is content.
_TEXT = re.compile(r"(?:^|(?<=>))[^<]+")
_AS_WRITTEN = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S | re.I)
_INDENT = re.compile(r"\n\s+")


def collapse_whitespace(html: str) -> str:
    """
    Take the templates' indentation out of the text between tags: a line break and the
    spaces after it become one line break, which a browser lays out exactly alike (both are
    one space), so readers see the same page in fewer bytes. Never inside <pre> or
    <textarea>, where whitespace is content, and never inside a tag (attribute values).
    """
    parts = _AS_WRITTEN.split(html)
    for index in range(0, len(parts), 2):
        parts[index] = _TEXT.sub(lambda match: _INDENT.sub("\n", match[0]), parts[index])
    return "".join(parts)


def render_html(page: ReaderPage, audience: Audience | None) -> str:
    """The HTML of `page` for `audience` as an anonymous reader gets it."""
    request = _anonymous_request(page.article.get_absolute_url())
    return collapse_whitespace(
        render_to_string(TEMPLATE, page_context(page, presentation_for(audience)), request=request)
    )


def published_article(*, slug: str, audience: Audience | None, language: str | None = None) -> Published | None:
    """The stored page of the article at `slug` for `audience` in `language` (the active one by default), rendered
    and stored first if need be, or None."""
    return pages.published_page(
        slug=slug, audience=audience, render=render_html, language=language or translation.get_language()
    )
