import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from articles.models import Article, Question, QuestionStatus
from articles.services import article_update
from demo.loader import other_demo_slugs
from review import workflow
from tests import factories
from tests.helpers import text_of

ASK = "/articles/leg-cramps/questions/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


# --- follow-up questions ----------------------------------------------------------------


def test_asking_stores_the_question_and_shows_linked_reviewed_passages(client, demo):
    client.post("/personalize/", {"audience": "patient", "next": "/"})
    response = client.post(ASK, {"question": "Could my back pain be something serious like an infection?"})
    assert response.status_code == 302
    question = Question.objects.get()
    assert (question.article.slug, question.audience, question.status) == ("leg-cramps", "patient", QuestionStatus.NEW)
    assert response.headers["Location"] == f"/questions/{question.pk}/"
    page = client.get(response.headers["Location"])
    text = text_of(page)
    assert "Our editorial team has received your question" in text
    html = page.content.decode()
    # Another article's passage is an answer only when approved and named by the question;
    # it links to its entry, in the reader's register, and says when the board reviewed it.
    assert 'href="/articles/low-back-pain/?audience=patient#dx-spinal-infection-or-malignancy"' in html
    assert "reviewed by our Medical Advisory Board on" in text
    assert "no-store" in page.headers["Cache-Control"] or "max-age=0" in page.headers["Cache-Control"]


def test_a_question_is_plain_text_escaped_on_output(client, demo):
    client.post(ASK, {"question": "<script>alert(1)</script> is this <b>bad</b>?"})
    html = client.get(Question.objects.get().get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html and "<b>bad</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "Write your question."),
        ("   \x00  ", "Null characters are not allowed."),
        ("x" * 1001, "Keep your question to 1,000"),
    ],
)
def test_bad_questions_get_a_message_beside_the_box_and_keep_the_text(client, demo, question, message):
    response = client.post(ASK, {"question": question})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if question.strip("\x00 "):
        assert question in html  # what was typed is kept
    assert not Question.objects.exists()


def test_questions_are_limited_per_visitor_with_a_clear_message(client, demo):
    for n in range(5):
        assert client.post(ASK, {"question": f"Question number {n}?"}).status_code == 302
    response = client.post(ASK, {"question": "One too many?"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "You have asked 5 questions in the last hour" in html
    assert "One too many?" in html
    assert Question.objects.count() == 5
    # Another visitor is not affected.
    other = type(client)(REMOTE_ADDR="192.0.2.99", headers={"Sec-Fetch-Site": "same-origin"})
    assert other.post(ASK, {"question": "My first?"}).status_code == 302


def test_questions_cannot_be_asked_about_drafts(client, editor):
    factories.make_article(by=editor, slug="a-draft")
    assert client.post("/articles/a-draft/questions/", {"question": "Hello?"}).status_code == 404


def test_editors_see_questions_on_the_dashboard_and_mark_them_answered_or_dismissed(client, demo, django_user_model):
    client.post(ASK, {"question": "Do statins cause cramps?"})
    client.post(ASK, {"question": "Spam spam spam"})
    editor = django_user_model.objects.get(username="editor")
    client.force_login(editor)
    text = text_of(client.get("/editor/"))
    assert "Reader questions" in text and "Do statins cause cramps?" in text and "Spam spam spam" in text
    statins, spam = Question.objects.get(text__startswith="Do statins"), Question.objects.get(text__startswith="Spam")
    article = Article.objects.get(slug="leg-cramps")
    revision = article_update(
        article=article,
        fields=factories.fields(slug="leg-cramps", summary="Statins can cause cramps."),
        by=editor,
        reason="Answer a reader's question",
    )
    url = reverse("editor:question_resolve", kwargs={"pk": statins.pk})
    client.post(url, {"status": "answered", "revision": revision.revision_number})
    client.post(reverse("editor:question_resolve", kwargs={"pk": spam.pk}), {"status": "dismissed"})
    statins.refresh_from_db()
    spam.refresh_from_db()
    assert (statins.status, statins.answer_revision, statins.handled_by) == (QuestionStatus.ANSWERED, revision, editor)
    assert spam.status == QuestionStatus.DISMISSED
    assert "No new questions from readers." in text_of(client.get("/editor/"))


def test_marking_answered_with_a_revision_that_does_not_exist_changes_nothing(client, demo, django_user_model):
    client.post(ASK, {"question": "Why?"})
    question = Question.objects.get()
    client.force_login(django_user_model.objects.get(username="editor"))
    response = client.post(
        reverse("editor:question_resolve", kwargs={"pk": question.pk}),
        {"status": "answered", "revision": "99"},
        follow=True,
    )
    assert "has no revision 99" in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.NEW


# --- feed, sitemap, robots ---------------------------------------------------------------


def test_the_atom_feed_lists_approved_articles_and_their_updates(client, demo, django_user_model):
    editor = django_user_model.objects.get(username="editor")
    reviewer2 = django_user_model.objects.get(username="reviewer2")
    article = Article.objects.get(slug="low-back-pain")
    article_update(
        article=article,
        fields=factories.fields(**{"slug": "low-back-pain", "title": article.title, "condition": article.condition}),
        by=editor,
        reason="Update",
    )
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer2)
    workflow.approve(review=review, by=reviewer2)
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Differential Diagnosis for Low Back Pain"] * 2
    assert all(e.find(f"{ATOM}link").get("href") == "http://testserver/articles/low-back-pain/" for e in entries)
    assert len({e.find(f"{ATOM}id").text for e in entries}) == 2  # the first approval and the update
    assert all(e.find(f"{ATOM}updated") is not None for e in entries)
    assert "Leg Cramps" not in response.content.decode()  # never approved


def test_the_feed_lists_no_approval_readers_do_not_have_yet(client, editor, reviewer, reviewer2, settings):
    import datetime

    from django.utils import timezone

    settings.REQUIRED_APPROVALS = 2
    first_of_two = factories.make_article(by=editor, title="Differential Diagnosis for First Of Two")
    review = workflow.submit(article=first_of_two, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer)
    settings.REQUIRED_APPROVALS = 1
    scheduled = factories.make_article(by=editor, slug="gout", title="Differential Diagnosis for Scheduled")
    review = workflow.submit(article=scheduled, by=editor)
    workflow.start_review(review=review, by=reviewer2)
    workflow.approve(review=review, by=reviewer2, go_live_at=timezone.now() + datetime.timedelta(days=2))
    feed = client.get("/feed/").content.decode()
    assert "First Of Two" not in feed and "Scheduled" not in feed


def test_the_feed_publishes_author_text_as_text_with_absolute_ids_and_no_change_reasons(client, editor, reviewer):
    hostile = '<img src=x onerror="alert(1)"> & <b>bold</b>'
    article = factories.make_article(by=editor, summary=hostile, reason="<script>internal note</script>")
    factories.approve_latest(article, editor=editor, reviewer=reviewer)
    body = client.get("/feed/").content.decode()
    feed = ET.fromstring(body)
    (entry,) = feed.findall(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == hostile  # the reader shows these characters; it never parses them as HTML
    assert "<img" not in body  # escaped in the XML itself
    assert "internal note" not in body
    for element in (feed.find(f"{ATOM}id"), entry.find(f"{ATOM}id")):
        assert re.fullmatch(r"tag:[a-z0-9.-]+,\d{4}-\d{2}-\d{2}:/\S*", element.text), element.text


def test_the_sitemap_lists_approved_articles_with_lastmod(client, demo):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    urls = {u.find(f"{SITEMAP}loc").text: u for u in root.findall(f"{SITEMAP}url")}
    back = urls["http://testserver/articles/low-back-pain/"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", back.find(f"{SITEMAP}lastmod").text)
    assert "http://testserver/articles/leg-cramps/" not in urls  # pending review: not for indexing
    assert "http://testserver/board/" in urls


def test_the_sitemap_lists_each_language_with_hreflang_alternates(client, demo):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    xhtml = "{http://www.w3.org/1999/xhtml}"
    urls = {u.find(f"{SITEMAP}loc").text: u for u in root.findall(f"{SITEMAP}url")}
    # Low back pain has an approved Spanish translation: both addresses, each naming the other.
    spanish = urls["http://testserver/es/articles/low-back-pain/"]
    alternates = {link.get("hreflang"): link.get("href") for link in spanish.findall(f"{xhtml}link")}
    assert alternates == {
        "en": "http://testserver/articles/low-back-pain/",
        "es": "http://testserver/es/articles/low-back-pain/",
        "x-default": "http://testserver/articles/low-back-pain/",
    }
    assert "http://testserver/es/" in urls and "http://testserver/es/board/" in urls
    # Leg cramps' translation is pending review (and so is the original): no Spanish address listed.
    assert "http://testserver/es/articles/leg-cramps/" not in urls


def test_robots_points_at_the_sitemap_and_keeps_staff_pages_out(client, db):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for path in ("/editor/", "/review/", "/admin/", "/accounts/", "/articles/*/history/", "/articles/*/edit/"):
        assert f"Disallow: {path}\n" in text
    assert "Disallow: /articles/\n" not in text


def test_article_pages_have_canonical_description_and_open_graph(client, demo):
    html = client.get("/articles/low-back-pain/?audience=patient").content.decode()
    assert '<link rel="canonical" href="http://testserver/articles/low-back-pain/">' in html
    assert '<meta name="description" content="Most low back pain is nonspecific' in html
    assert '<meta property="og:title" content="Differential Diagnosis for Low Back Pain">' in html
    assert '<meta property="og:url" content="http://testserver/articles/low-back-pain/">' in html
    assert '<meta property="og:type" content="article">' in html


# --- browsing ------------------------------------------------------------------------------


def test_the_index_filters_by_specialty_and_condition(client, demo):
    text = text_of(client.get("/articles/?specialty=Musculoskeletal+medicine"))
    assert "Low Back Pain" in text and "Leg Cramps" not in text
    text = text_of(client.get("/articles/?condition=cramp"))
    assert "Leg Cramps" in text and "Low Back Pain" not in text
    assert "No articles match these filters" in text_of(client.get("/articles/?condition=zzz"))
    assert client.get("/articles/?specialty=<script>&sort=nonsense").status_code == 200


def test_the_index_sorts_by_title_or_by_update(client, editor):
    for slug, title in (("b", "B article"), ("a", "A article"), ("c", "C article")):
        workflow.submit(article=factories.make_article(by=editor, slug=slug, title=title, condition=slug), by=editor)
    by_title = text_of(client.get("/articles/"))
    assert by_title.index("A article") < by_title.index("B article") < by_title.index("C article")
    by_update = text_of(client.get("/articles/?sort=updated"))
    assert by_update.index("C article") < by_update.index("A article") < by_update.index("B article")


def test_filters_survive_pagination(client, editor):
    for n in range(25):
        fields = {"slug": f"x{n:02}", "title": f"X {n:02}", "condition": f"x{n:02}", "specialty": "Neurology"}
        workflow.submit(article=factories.make_article(by=editor, **fields), by=editor)
    html = client.get("/articles/?specialty=Neurology").content.decode()
    assert 'href="?specialty=Neurology&amp;condition=&amp;sort=&amp;page=2"' in html or "specialty=Neurology" in html
    second = text_of(client.get("/articles/?specialty=Neurology&page=2"))
    assert "X 24" in second


def test_the_home_page_lists_recently_approved_and_recently_updated(client, demo):
    text = text_of(client.get("/"))
    approved = text.split("Recently approved by the board")[1].split("Recently updated")[0]
    assert "Low Back Pain" in approved and "Leg Cramps" not in approved
    # The demo article loaded last is the newest update; it is pending, so not approved.
    newest = Article.objects.get(slug=(other_demo_slugs() or ["leg-cramps"])[-1]).title.removeprefix(
        "Differential Diagnosis for "
    )
    assert newest not in approved
    assert newest in text.split("Recently updated")[1]


def test_a_client_that_searches_too_often_is_asked_to_wait_and_others_are_not(client, db, monkeypatch):
    from django.test import Client

    # One window of django-ratelimit's for the whole test: a minute ending in the middle of it would reset the count.
    monkeypatch.setattr("django_ratelimit.core._get_window", lambda value, period: 4_102_444_800)

    # Searches that run count (a repeated one is answered from the stored page, at no cost).
    for n in range(60):
        assert client.get(f"/search/?q=cramps+{n}", REMOTE_ADDR="10.0.0.7").status_code == 200
    refused = client.get("/search/?q=night+cramps", REMOTE_ADDR="10.0.0.7")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    html = refused.content.decode()
    assert "Please wait a minute" in html and 'value="night cramps"' in html
    assert Client().get("/search/?q=cramps", REMOTE_ADDR="10.0.0.8").status_code == 200


def test_a_search_that_describes_an_emergency_opens_with_the_emergency_line(client, demo):
    text = text_of(client.get("/search/", {"q": "chest pain spreading to my arm and jaw with sweating"}))
    line = text.index("Call 999 now if this is happening now")
    assert line < text.index("passage") and "Acute coronary syndrome" in text
    assert "Call 999 now" not in text_of(client.get("/search/", {"q": "calf cramps at night"}))
