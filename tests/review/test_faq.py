"""
The board's decision on editors' answers (review/faq.py) and "Readers asked" on the article:
four eyes, sending back, withdrawing, and the stored pages and edge caches told at once.
"""

from __future__ import annotations

import http.server
import threading

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from accounts.audiences import Audience
from articles import questions
from articles.models import FaqState, Question
from review import faq
from review.exceptions import CommentRequired, FourEyesViolation, IllegalTransition, NotPermitted, StaleRevision
from review.publication import reader_page
from tests import factories, serving
from tests.serving import AUDIENCES as COOKIE_AUDIENCES
from tests.serving import audience_cookie, get

ANSWER = "Magnesium has not been shown to help most adults with night cramps; stretching often helps."
AUDIENCE_QUERIES = ["", *(f"?audience={audience.value}" for audience in Audience)]


@pytest.fixture
def answered(editor, live_article):
    """A reader's question with an editor's answer waiting for the board."""
    question = questions.question_ask(
        article=live_article, text="Can magnesium help my cramps at night?", audience="patient", visitor="v"
    )
    return questions.question_answer(question=question, by=editor, text=ANSWER)


def article_html(client, query=""):
    return client.get(f"/articles/leg-cramps/{query}").content.decode()


# --- the rule -------------------------------------------------------------------------------


def test_a_board_member_approves_and_the_answer_is_published_with_who_and_when(answered, reviewer):
    approved = faq.answer_approve(question=answered, by=reviewer)
    assert approved.answer_state == FaqState.PUBLISHED
    assert approved.approved_by == reviewer and approved.approved_at is not None
    page = reader_page(slug="leg-cramps")
    assert [item.pk for item in page.readers_asked] == [answered.pk]


def test_nobody_approves_an_answer_they_wrote(live_article):
    both = factories.make_board_member("both", also_editor=True)
    question = questions.question_ask(article=live_article, text="A question?", audience="", visitor="v")
    questions.question_answer(question=question, by=both, text=ANSWER)
    assert not faq.can_decide(question, both)
    with pytest.raises(FourEyesViolation):
        faq.answer_approve(question=question, by=both)
    with pytest.raises(FourEyesViolation):
        faq.answer_return(question=question, by=both, comment="Mine.")
    question.refresh_from_db()
    assert question.answer_state == FaqState.PENDING


def test_the_database_refuses_a_published_answer_approved_by_its_author(answered, editor):
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=answered.pk).update(answer_state=FaqState.PUBLISHED, approved_by=editor)


@pytest.mark.parametrize("role", ["editor", "site_admin", "reader_user"])
def test_only_active_board_members_decide(request, answered, role):
    user = request.getfixturevalue(role)
    with pytest.raises(NotPermitted):
        faq.answer_approve(question=answered, by=user)
    with pytest.raises(NotPermitted):
        faq.answer_return(question=answered, by=user, comment="No.")


def test_an_inactive_board_member_cannot_approve(answered, reviewer2):
    reviewer2.board_member.active = False
    reviewer2.board_member.save()
    with pytest.raises(NotPermitted):
        faq.answer_approve(question=answered, by=reviewer2)


def test_sending_back_needs_a_comment_and_keeps_the_answer_from_readers(answered, reviewer):
    with pytest.raises(CommentRequired):
        faq.answer_return(question=answered, by=reviewer, comment="   ")
    returned = faq.answer_return(question=answered, by=reviewer, comment="Add when to see a doctor.")
    assert returned.answer_state == FaqState.RETURNED and returned.board_comment == "Add when to see a doctor."
    assert reader_page(slug="leg-cramps").readers_asked == ()
    with pytest.raises(IllegalTransition):
        faq.answer_approve(question=answered, by=reviewer)  # only a new answer goes back to the board


def test_a_decided_answer_is_not_decided_twice(answered, reviewer, reviewer2):
    faq.answer_approve(question=answered, by=reviewer)
    with pytest.raises(IllegalTransition):
        faq.answer_approve(question=answered, by=reviewer2)


def test_only_editors_withdraw_and_only_a_published_answer(answered, editor, reviewer):
    with pytest.raises(IllegalTransition):
        faq.answer_withdraw(question=answered, by=editor)
    faq.answer_approve(question=answered, by=reviewer)
    with pytest.raises(NotPermitted):
        faq.answer_withdraw(question=answered, by=reviewer)
    withdrawn = faq.answer_withdraw(question=answered, by=editor)
    assert withdrawn.answer_state == FaqState.WITHDRAWN and withdrawn.withdrawn_by == editor
    assert reader_page(slug="leg-cramps").readers_asked == ()


# --- what readers get, at once, for every audience --------------------------------------------


def test_approving_reaches_every_audiences_stored_page_on_the_next_read(client, answered, reviewer):
    for query in AUDIENCE_QUERIES:  # every audience's page is stored (and cached) before
        assert "Readers asked" not in article_html(client, query)
    faq.answer_approve(question=answered, by=reviewer)
    for query in AUDIENCE_QUERIES:
        html = article_html(client, query)
        assert "Readers asked" in html, query
        assert "Can magnesium help my cramps at night?" in html
        assert "Magnesium has not been shown to help" in html
        assert "Reviewed by Amara Okafor, MD, FACP," in html


def test_the_reviewed_by_line_names_the_board_member_and_date(client, answered, reviewer):
    approved = faq.answer_approve(question=answered, by=reviewer)
    html = article_html(client)
    day = approved.approved_at
    assert f'<time datetime="{day:%Y-%m-%d}">{day:%B} {day.day}, {day.year}</time>' in html


def test_withdrawing_reaches_every_audiences_stored_page_on_the_next_read(client, answered, editor, reviewer):
    faq.answer_approve(question=answered, by=reviewer)
    for query in AUDIENCE_QUERIES:
        assert "Readers asked" in article_html(client, query)
    faq.answer_withdraw(question=answered, by=editor)
    for query in AUDIENCE_QUERIES:
        html = article_html(client, query)
        assert "Readers asked" not in html and "Magnesium has not been shown" not in html, query


class _BanRecorder(http.server.BaseHTTPRequestHandler):
    bans: list[str] = []

    def do_BAN(self):  # noqa: N802 — the HTTP method's name
        self.bans.append(self.headers["X-Ban-Url"])
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def edge_cache():
    """A real HTTP server standing in for Varnish: it records the BANs the site sends."""
    _BanRecorder.bans = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _BanRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with override_settings(EDGE_CACHE_URLS=[f"http://127.0.0.1:{server.server_address[1]}"]):
        yield _BanRecorder.bans
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("action", ["approve", "withdraw"])
def test_the_edge_caches_drop_the_article_once_the_change_commits(
    answered, editor, reviewer, edge_cache, django_capture_on_commit_callbacks, action
):
    if action == "withdraw":
        faq.answer_approve(question=answered, by=reviewer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        if action == "approve":
            faq.answer_approve(question=answered, by=reviewer)
        else:
            faq.answer_withdraw(question=answered, by=editor)
    assert edge_cache == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert "^(/[a-z]{2})?/articles/leg\\-cramps/" in edge_cache


# --- the pages ------------------------------------------------------------------------------------


def test_the_board_screen_lists_waiting_answers_and_approves(client, answered, reviewer):
    client.force_login(reviewer)
    html = client.get("/review/answers/").content.decode()
    assert "Can magnesium help my cramps at night?" in html and ANSWER in html
    assert ">Approve</button>" in html
    response = client.post(f"/review/answers/{answered.pk}/approve/", {"seen": faq.answer_version(answered)})
    assert response.status_code == 302
    answered.refresh_from_db()
    assert answered.answer_state == FaqState.PUBLISHED
    assert "No answers are waiting for the board." in client.get("/review/answers/").content.decode()


def test_an_answer_rewritten_after_the_board_member_read_it_is_not_approved(client, answered, editor, reviewer):
    client.force_login(reviewer)
    html = client.get("/review/answers/").content.decode()
    seen = faq.answer_version(answered)
    assert f'name="seen" value="{seen}"' in html
    questions.question_answer(question=answered, by=editor, text="A different text the reviewer has not read.")
    client.post(f"/review/answers/{answered.pk}/approve/", {"seen": seen})
    answered.refresh_from_db()
    assert answered.answer_state == FaqState.PENDING
    with pytest.raises(StaleRevision):
        faq.answer_approve(question=answered, by=reviewer, seen=seen)
    faq.answer_approve(question=answered, by=reviewer, seen=faq.answer_version(answered))


def test_the_board_screen_sends_back_with_a_comment_or_says_what_is_missing(client, answered, reviewer):
    client.force_login(reviewer)
    field = f"return-{answered.pk}-comment"
    refused = client.post(f"/review/answers/{answered.pk}/return/", {field: ""})
    assert refused.status_code == 400
    assert "Say what the editor should change" in refused.content.decode()
    typed = "x" * 2001
    too_long = client.post(f"/review/answers/{answered.pk}/return/", {field: typed})
    assert too_long.status_code == 400 and typed in too_long.content.decode()
    assert client.post(f"/review/answers/{answered.pk}/return/", {field: "Add red flags."}).status_code == 302
    answered.refresh_from_db()
    assert answered.answer_state == FaqState.RETURNED


def test_the_board_screen_tells_the_author_someone_else_must_decide(client, live_article):
    both = factories.make_board_member("both", also_editor=True)
    question = questions.question_ask(article=live_article, text="A question?", audience="", visitor="v")
    questions.question_answer(question=question, by=both, text=ANSWER)
    client.force_login(both)
    html = client.get("/review/answers/").content.decode()
    assert "another board member must decide on it" in html and ">Approve</button>" not in html
    client.post(f"/review/answers/{question.pk}/approve/")
    question.refresh_from_db()
    assert question.answer_state == FaqState.PENDING


def test_withdrawing_asks_for_confirmation_first(client, answered, editor, reviewer):
    faq.answer_approve(question=answered, by=reviewer)
    client.force_login(editor)
    confirm = client.get(f"/editor/questions/{answered.pk}/withdraw/")
    assert confirm.status_code == 200 and ">Withdraw</button>" in confirm.content.decode()
    answered.refresh_from_db()
    assert answered.answer_state == FaqState.PUBLISHED  # looking changes nothing
    assert client.post(f"/editor/questions/{answered.pk}/withdraw/").status_code == 302
    answered.refresh_from_db()
    assert answered.answer_state == FaqState.WITHDRAWN


# --- through a real edge cache -------------------------------------------------------------------

EDGE_ARTICLE = "/articles/low-back-pain/"
EDGE_QUESTION = "Is swimming good for low back pain?"
PUBLISH = f"""
from django.contrib.auth import get_user_model
from articles.models import Article
from articles.questions import question_answer, question_ask
from review import faq
users = get_user_model().objects
article = Article.objects.get(slug="low-back-pain")
question = question_ask(article=article, text={EDGE_QUESTION!r}, audience="", visitor="e")
question_answer(question=question, by=users.get(username="editor"), text={ANSWER!r})
faq.answer_approve(question=question, by=users.get(username="reviewer"))
"""
WITHDRAW = f"""
from django.contrib.auth import get_user_model
from articles.models import Question
from review import faq
question = Question.objects.get(text={EDGE_QUESTION!r})
faq.answer_withdraw(question=question, by=get_user_model().objects.get(username="editor"))
"""


def test_through_varnish_approval_and_withdrawal_reach_every_audience_on_the_next_read(edge):
    port = edge["port"]
    for audience in COOKIE_AUDIENCES:  # every audience's page is in the edge cache first
        get(port, EDGE_ARTICLE, audience_cookie(audience))
        _, headers, html = get(port, EDGE_ARTICLE, audience_cookie(audience))
        assert headers["x-cache"] == "HIT" and "Readers asked" not in html
    serving.shell(edge["env"], PUBLISH)
    for audience in COOKIE_AUDIENCES:
        html = get(port, EDGE_ARTICLE, audience_cookie(audience))[2]
        assert "Readers asked" in html and EDGE_QUESTION in html, audience
        assert "Reviewed by Amara Okafor, MD, FACP," in html
    serving.shell(edge["env"], WITHDRAW)
    for audience in COOKIE_AUDIENCES:
        html = get(port, EDGE_ARTICLE, audience_cookie(audience))[2]
        assert EDGE_QUESTION not in html, audience
