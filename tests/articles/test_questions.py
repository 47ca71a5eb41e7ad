"""
Readers' questions (articles/questions.py, web/editor/questions.py): the per-client
limit behind a proxy, the editors' queue and the editors' answers before the board sees them.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory, override_settings

from accounts.audiences import Audience
from articles import questions, search
from articles.models import ANSWER_MAX_LENGTH, FaqState, Question, QuestionStatus
from review import faq
from tests import factories

ASK = "/articles/leg-cramps/questions/"
LIMIT_MESSAGE = "You have asked 5 questions in the last hour"


def ask(client, text, *, forwarded=None, remote="10.0.0.2"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(ASK, {"question": text}, **extra)


# --- the limit -------------------------------------------------------------------------


def test_the_sixth_question_in_an_hour_is_refused_beside_the_field_with_the_text_kept(client, live_article):
    for number in range(questions.RATE_LIMIT):
        assert ask(client, f"Question number {number}?").status_code == 302
    response = ask(client, "Is the sixth one <b>kept</b>?")
    assert response.status_code == 429
    html = response.content.decode()
    assert LIMIT_MESSAGE in html
    assert 'id="id_question_error"' in html  # beside the field, tied to it
    assert "Is the sixth one &lt;b&gt;kept&lt;/b&gt;?</textarea>" in html  # what was typed, escaped
    assert Question.objects.count() == questions.RATE_LIMIT


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_two_clients_get_separate_limits(client, live_article):
    for number in range(questions.RATE_LIMIT):
        assert ask(client, f"From A {number}?", forwarded="203.0.113.7").status_code == 302
    assert ask(client, "From A, once too often?", forwarded="203.0.113.7").status_code == 429
    # Another client behind the same proxy (same REMOTE_ADDR) still has its own five.
    for number in range(questions.RATE_LIMIT):
        assert ask(client, f"From B {number}?", forwarded="198.51.100.4").status_code == 302
    # What a client writes itself left of the proxy's entry does not make it someone new.
    assert ask(client, "From A, spoofing?", forwarded="192.0.2.99, 203.0.113.7").status_code == 429
    assert Question.objects.count() == 2 * questions.RATE_LIMIT


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_the_forwarded_header_gives_no_new_limit(client, live_article):
    for number in range(questions.RATE_LIMIT):
        assert ask(client, f"Question {number}?", forwarded=f"203.0.113.{number}").status_code == 302
    assert ask(client, "Another one?", forwarded="203.0.113.200").status_code == 429


def test_the_count_lives_in_the_shared_cache_not_in_the_session(live_article):
    first, second = factories.reader_client(), factories.reader_client()  # no cookie in common
    for number in range(questions.RATE_LIMIT):
        assert ask(first, f"Question {number}?").status_code == 302
    assert ask(second, "From a new browser on the same address?").status_code == 429
    cache.clear()  # the count is in the cache: emptying it gives the address its five again
    assert ask(second, "And now?").status_code == 302


def test_a_refused_form_does_not_count_against_the_limit(client, live_article):
    for _ in range(questions.RATE_LIMIT + 2):
        assert ask(client, "   ").status_code == 400
    assert ask(client, "A real question at last?").status_code == 302


def test_questions_stored_without_a_request_are_not_counted(live_article):
    for number in range(questions.RATE_LIMIT + 3):
        questions.question_ask(article=live_article, text=f"Imported {number}", audience="", visitor="cmd")
    request = RequestFactory().post(ASK, REMOTE_ADDR="10.0.0.9")
    assert questions.ask_limit_reached(request) is False


DEAD_REDIS = {
    "default": {
        "BACKEND": "publishing.redis_cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


def test_a_cache_that_does_not_answer_lets_questions_through_and_says_so(live_article, caplog):
    request = RequestFactory().post(ASK, REMOTE_ADDR="10.0.0.9")
    with override_settings(CACHES=DEAD_REDIS):
        assert questions.ask_limit_reached(request) is False
        question = questions.question_ask(
            article=live_article, text="Still stored?", audience="", visitor="v", request=request
        )
    assert question.pk is not None
    assert "Question limit not counted (cache unavailable" in caplog.text


# --- what the site found ----------------------------------------------------------------


def test_a_question_records_whether_reviewed_passages_answered_it(live_article):
    found = questions.question_ask(article=live_article, text="cramps at night in the calf", audience="", visitor="v")
    missed = questions.question_ask(article=live_article, text="zzqx vvbnm", audience="", visitor="v")
    assert found.passages_found is True
    assert missed.passages_found is False


# --- the queue ----------------------------------------------------------------------------


def _asked(article, count, text="Question"):
    return [questions.question_ask(article=article, text=f"{text} {n}", audience="", visitor="v") for n in range(count)]


def test_the_queue_filters_questions_nobody_answered_and_paginates(client, editor, live_article):
    _asked(live_article, 22, text="zzqx unanswerable")
    found = questions.question_ask(article=live_article, text="calf cramps at night", audience="", visitor="v")
    client.force_login(editor)
    first = client.get("/editor/questions/", {"found": "no"})
    assert first.status_code == 200
    html = first.content.decode()
    assert "22 questions" in html and "Page 1 of 2" in html
    assert found.text not in html
    assert "found=no&amp;page=2" in html  # the next page keeps the filter
    second = client.get("/editor/questions/", {"found": "no", "page": 2})
    assert second.content.decode().count('class="reader-question"') == 2
    assert found.text in client.get("/editor/questions/", {"found": "yes"}).content.decode()


def test_the_queue_filters_by_answer_state_and_article(client, editor, live_article):
    other = factories.approved_article(editor, factories.make_board_member("rb"), slug="low-back-pain")
    waiting, untouched = _asked(live_article, 2)
    elsewhere = questions.question_ask(article=other, text="About backs?", audience="", visitor="v")
    questions.question_answer(question=waiting, by=editor, text="A full answer readers could act on, in time.")
    client.force_login(editor)
    pending = client.get("/editor/questions/", {"status": "all", "answer": "pending"}).content.decode()
    assert waiting.text in pending and untouched.text not in pending
    by_article = client.get("/editor/questions/", {"status": "all", "article": "low-back-pain"}).content.decode()
    assert elsewhere.text in by_article and untouched.text not in by_article
    # Junk filters are ignored (the default view), never a 500.
    assert client.get("/editor/questions/", {"status": "x" * 500, "page": "-1"}).status_code == 200


def test_an_empty_queue_says_so(client, editor):
    client.force_login(editor)
    assert "No new questions from readers." in client.get("/editor/questions/").content.decode()


# --- editors' answers -------------------------------------------------------------------------


@pytest.fixture
def asked(live_article):
    return questions.question_ask(
        article=live_article, text="Can magnesium help my cramps at night?", audience="patient", visitor="v"
    )


def test_an_editor_answers_and_the_answer_waits_for_the_board(client, editor, asked):
    client.force_login(editor)
    response = client.post(
        f"/editor/questions/{asked.pk}/answer/", {"answer": "The evidence for magnesium is weak in most adults."}
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.answer_state == FaqState.PENDING
    assert asked.answered_by == editor and asked.answered_at is not None
    assert asked.status == QuestionStatus.ANSWERED
    assert asked in faq.answers_awaiting_board()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Write the answer readers will see."),
        ("Too short.", "Write at least 20 characters"),
        ("x" * (ANSWER_MAX_LENGTH + 1), f"Keep the answer to {ANSWER_MAX_LENGTH:,} characters"),
        ("[" * 300 + " many links", "use fewer links"),
    ],
)
def test_a_bad_answer_is_refused_beside_the_field_and_kept(client, editor, asked, typed, message):
    client.force_login(editor)
    response = client.post(f"/editor/questions/{asked.pk}/answer/", {"answer": typed})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'id="id_answer_error"' in html
    assert typed[:50] in html
    asked.refresh_from_db()
    assert asked.answer_state == FaqState.NONE


def test_only_editors_answer_questions(asked, reviewer, site_admin, reader_user):
    for user in (reviewer, site_admin, reader_user, None):
        with pytest.raises(PermissionDenied):
            questions.question_answer(question=asked, by=user, text="A full answer readers could act on.")


def test_an_answer_cannot_run_script(editor, asked):
    questions.question_answer(
        question=asked, by=editor, text='<script>alert(1)</script> **Rest** and <img src=x onerror="alert(1)">'
    )
    asked.refresh_from_db()
    html = str(asked.answer_html)
    assert "<script" not in html and "<img" not in html  # shown as text, never as markup
    assert "&lt;script&gt;" in html
    assert "<strong>Rest</strong>" in html


def test_a_published_answer_must_be_withdrawn_before_it_is_rewritten(editor, reviewer, asked):
    questions.question_answer(question=asked, by=editor, text="A full answer readers could act on.")
    faq.answer_approve(question=asked, by=reviewer)
    with pytest.raises(ValidationError) as refused:
        questions.question_answer(question=asked, by=editor, text="A different answer, written afterwards.")
    assert "Withdraw it first" in str(refused.value.message_dict["answer"])
    faq.answer_withdraw(question=asked, by=editor)
    questions.question_answer(question=asked, by=editor, text="A different answer, written afterwards.")
    asked.refresh_from_db()
    assert asked.answer_state == FaqState.PENDING and asked.approved_by is None


def test_a_pending_answer_is_on_no_reader_page(client, editor, asked):
    questions.question_answer(question=asked, by=editor, text="Not yet approved by anyone on the board.")
    for audience in [None, *Audience]:
        query = f"?audience={audience.value}" if audience else ""
        html = client.get(f"/articles/leg-cramps/{query}").content.decode()
        assert "Readers asked" not in html and "Not yet approved" not in html
    client.force_login(editor)  # staff get a live page: nothing there either
    assert "Not yet approved" not in client.get("/articles/leg-cramps/").content.decode()


def test_the_answer_page_shows_the_boards_comment_when_sent_back(client, editor, reviewer, asked):
    questions.question_answer(question=asked, by=editor, text="A first answer that needs more care.")
    faq.answer_return(question=asked, by=reviewer, comment="Say when to see a doctor.")
    client.force_login(editor)
    html = client.get(f"/editor/questions/{asked.pk}/answer/").content.decode()
    assert "Sent back by the board." in html and "Say when to see a doctor." in html
    assert "A first answer that needs more care." in html  # to edit, not to retype


# --- the answer's state machine ----------------------------------------------------------


def test_every_move_of_an_answer_is_recorded_and_can_be_read_back(editor, reviewer, live_article):
    from review import faq

    question = questions.question_ask(article=live_article, text="Does stretching help?", audience="", visitor="v")
    question = questions.question_answer(
        question=question, by=editor, text="Stretching the calf before bed often helps."
    )
    faq.answer_return(question=question, by=reviewer, comment="Say how long to stretch.")
    question = questions.question_answer(
        question=question, by=editor, text="Stretch the calf for 30 seconds before bed."
    )
    faq.answer_approve(question=question, by=reviewer)
    faq.answer_withdraw(question=question, by=editor)
    moves = [(e.from_state, e.to_state, e.actor) for e in questions.answer_history(question)]
    assert moves == [
        ("", "pending", editor),
        ("pending", "returned", reviewer),
        ("returned", "pending", editor),
        ("pending", "published", reviewer),
        ("published", "withdrawn", editor),
    ]
    assert questions.answer_history(question)[1].comment == "Say how long to stretch."


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("", "published"),
        ("", "returned"),
        ("returned", "published"),
        ("published", "pending"),
        ("withdrawn", "published"),
    ],
)
def test_an_answer_moves_only_as_the_table_allows(editor, live_article, start, to):
    from articles.exceptions import IllegalAnswerMove
    from articles.models import AnswerEvent

    question = questions.question_ask(article=live_article, text="Is it serious?", audience="", visitor="v")
    question.answer_state = start
    with pytest.raises(IllegalAnswerMove):
        questions.answer_move(question, to, by=editor)
    assert not AnswerEvent.objects.filter(question=question).exists()


def test_when_only_unreviewed_passages_answer_the_page_says_so_plainly(client, editor):
    from review import workflow

    article = factories.make_article(by=editor)
    workflow.submit(article=article, by=editor)  # readers see it, pending review
    question = questions.question_ask(article=article, text="cramps at night in the calf", audience="", visitor="v")
    answers = search.answer(question.text, article=article, audience=None)
    assert answers and not answers[0].hit.is_approved
    html = client.get(question.get_absolute_url()).content.decode()
    assert "Only passages our Medical Advisory Board has not yet reviewed match your question." in html


def test_reviewed_passages_come_before_unreviewed_ones(editor, reviewer):
    from articles.models import SearchEntry
    from articles.search.answers import _reviewed_first

    approved = factories.approved_article(editor, reviewer)
    ids = list(SearchEntry.objects.filter(article=approved).values_list("id", flat=True)[:2])
    SearchEntry.objects.filter(id=ids[0]).update(is_approved=False)
    chosen = [(-1.0, 0, ids[0], 1.0), (-0.9, 1, ids[1], 0.9)]
    assert [c[2] for c in _reviewed_first(chosen)] == [ids[1], ids[0]]
