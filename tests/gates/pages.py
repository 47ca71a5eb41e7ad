"""
The pages every quality gate checks (accessibility, valid HTML, no inline code).

A new reader page joins every gate by adding one line here.
"""

from dataclasses import dataclass

from accounts.audiences import Audience
from articles.models import Question, Synonym
from review.models import Review
from tests.gates.shared_demo import FAQ_PENDING, FAQ_PUBLISHED, demo_question


@dataclass(frozen=True)
class GatedPage:
    name: str
    path: str
    status: int = 200
    user: str | None = None  # a demo account to sign in as, or None for an anonymous reader

    def url(self) -> str:
        """The path, with ids of the demo data filled in (they differ between databases)."""
        if "{" not in self.path:
            return self.path
        return self.path.format(
            question=demo_question().pk,
            faq_published=Question.objects.get(text=FAQ_PUBLISHED).pk,
            faq_pending=Question.objects.get(text=FAQ_PENDING).pk,
            leg_cramps_review=Review.objects.filter(article__slug="leg-cramps").latest("id").pk,
            back_pain_review=Review.objects.filter(article__slug="low-back-pain").latest("id").pk,
            synonym=Synonym.objects.order_by("pk").first().pk,
        )


READER_PAGES = [
    GatedPage("home", "/"),
    GatedPage("index", "/articles/"),
    GatedPage("leg-cramps", "/articles/leg-cramps/"),
    *[GatedPage(f"leg-cramps-{a.value}", f"/articles/leg-cramps/?audience={a.value}") for a in Audience],
    GatedPage("approved-article", "/articles/low-back-pain/"),
    GatedPage("board", "/board/"),
    GatedPage("editorial-policy", "/editorial-policy/"),
    GatedPage("about", "/about/"),
    GatedPage("contact", "/contact/"),
    GatedPage("privacy", "/privacy/"),
    GatedPage("search-empty", "/search/"),
    GatedPage("search-results", "/search/?q=calf+cramps+at+night"),
    GatedPage("search-no-results", "/search/?q=zzzz"),
    # An emergency described in readers' words: the emergency line opens the page.
    GatedPage("search-emergency", "/search/?q=chest+pain+spreading+to+my+arm+and+jaw+with+sweating"),
    GatedPage("search-corrected", "/search/?q=legg+crampss+at+nite"),
    # Spanish: the interface, an approved translation, and a pending one (the English original with a note).
    GatedPage("es-home", "/es/"),
    GatedPage("es-index", "/es/articles/"),
    GatedPage("es-approved-translation", "/es/articles/low-back-pain/?audience=patient"),
    GatedPage("es-pending-translation", "/es/articles/leg-cramps/"),
    GatedPage("es-search", "/es/search/?q=ciatica"),
    GatedPage("not-found", "/articles/no-such-article/", status=404),
    GatedPage("index-filtered", "/articles/?specialty=Primary+care&condition=leg&sort=updated"),
    GatedPage("question-answer", "/questions/{question}/"),
    GatedPage("login", "/accounts/login/"),
    GatedPage("password-reset", "/accounts/password_reset/"),
    GatedPage("password-reset-bad-link", "/accounts/reset/MQ/not-a-token/"),
]

STAFF_PAGES = [
    GatedPage("editor-dashboard", "/editor/", user="editor"),
    GatedPage("editor-new", "/editor/articles/new/", user="editor"),
    GatedPage("editor-edit", "/editor/articles/leg-cramps/edit/", user="editor"),
    GatedPage("editor-edit-translation", "/editor/articles/low-back-pain--es/edit/", user="editor"),
    GatedPage("editor-translate-start", "/editor/articles/chest-pain/translate/es/", user="editor"),
    GatedPage("editor-paste", "/editor/import/", user="editor"),
    GatedPage("editor-synonyms", "/editor/synonyms/", user="editor"),
    GatedPage("editor-synonyms-found", "/editor/synonyms/?q=haem", user="editor"),
    GatedPage("editor-synonyms-none-found", "/editor/synonyms/?q=zzzz", user="editor"),
    GatedPage("editor-synonym-edit", "/editor/synonyms/{synonym}/", user="editor"),
    GatedPage("editor-synonym-delete", "/editor/synonyms/{synonym}/delete/", user="editor"),
    GatedPage("editor-history", "/editor/articles/leg-cramps/history/", user="editor"),
    GatedPage("editor-compare", "/editor/articles/low-back-pain/compare/", user="editor"),
    GatedPage("editor-revision", "/editor/articles/leg-cramps/revisions/1/?audience=patient", user="editor"),
    GatedPage("editor-restore", "/editor/articles/leg-cramps/revisions/1/restore/", user="editor"),
    GatedPage("password-change", "/accounts/password_change/", user="editor"),
    GatedPage("reader-settings", "/accounts/settings/", user="editor"),
    GatedPage("review-queue", "/review/", user="reviewer"),
    GatedPage("review-detail", "/review/{leg_cramps_review}/", user="reviewer"),
    GatedPage("review-detail-approved", "/review/{back_pain_review}/", user="reviewer"),
    GatedPage("review-detail-editor", "/review/{leg_cramps_review}/", user="editor"),
    GatedPage("review-detail-admin", "/review/{leg_cramps_review}/", user="admin"),  # the assign form
    GatedPage("audit", "/review/articles/low-back-pain/audit/", user="reviewer"),
    GatedPage("audit-filtered-empty", "/review/articles/low-back-pain/audit/?kind=withdrawals", user="reviewer"),
    GatedPage("reconfirm-confirm", "/review/reconfirm/low-back-pain/", user="reviewer"),
    GatedPage("withdraw", "/review/articles/low-back-pain/withdraw/", user="reviewer"),
    GatedPage("delete-draft-refused", "/editor/articles/leg-cramps/delete/", user="editor"),
    GatedPage("forbidden", "/editor/articles/leg-cramps/edit/", status=403, user="reviewer"),
    # Readers' questions and editors' answers ("Readers asked" shows on the approved article above).
    GatedPage("questions-queue", "/editor/questions/", user="editor"),
    GatedPage("questions-queue-filtered", "/editor/questions/?status=all&found=no&answer=pending", user="editor"),
    GatedPage("questions-queue-empty", "/editor/questions/?status=dismissed", user="editor"),
    GatedPage("question-answer-form", "/editor/questions/{question}/answer/", user="editor"),
    GatedPage("question-answer-pending", "/editor/questions/{faq_pending}/answer/", user="editor"),
    GatedPage("question-answer-published", "/editor/questions/{faq_published}/answer/", user="editor"),
    GatedPage("question-withdraw", "/editor/questions/{faq_published}/withdraw/", user="editor"),
    GatedPage("faq-review", "/review/answers/", user="reviewer"),
]

ALL_PAGES = READER_PAGES + STAFF_PAGES

PAGE_IDS = [page.name for page in ALL_PAGES]
