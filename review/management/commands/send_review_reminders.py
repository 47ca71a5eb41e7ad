"""E-mail the board about articles due for re-review and reviews waiting too long. Safe to run from cron."""

from django.core.management.base import BaseCommand

from review import rereview


class Command(BaseCommand):
    help = (
        "E-mail the Medical Advisory Board about each approved article whose periodic re-review is overdue "
        "or due soon, once per article and due date, and about each review waiting longer than "
        "REVIEW_WAITING_REMINDER_DAYS, once per such interval (a second run sends nothing)."
    )

    def handle(self, *args, **options):
        waiting = rereview.remind_waiting_reviews()
        for review, recipients in waiting:
            self.stdout.write(
                f"{review.revision.title}: waiting {review.waiting_days} days, reminded {recipients} "
                f"{'person' if recipients == 1 else 'people'}."
            )
        sent = rereview.remind_due_reviews()
        if not sent:
            self.stdout.write("No reminders to send: every due article has had one.")
            return
        for approval, recipients in sent:
            self.stdout.write(
                f"{approval.article.slug}: reminded {recipients} board member{'s' if recipients != 1 else ''} "
                f"(re-review due {approval.next_review_due:%Y-%m-%d})."
            )
        self.stdout.write(f"{len(sent)} reminder{'s' if len(sent) != 1 else ''} sent.")
