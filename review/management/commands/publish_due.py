"""Publish scheduled approvals whose go-live time has passed. Safe to run from cron (e.g. every minute)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from review import workflow


class Command(BaseCommand):
    help = (
        "Publish every approved revision whose scheduled go-live time has passed: readers get it from now "
        "on, and stored pages and edge caches are invalidated. Idempotent and safe to run concurrently."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        done = workflow.publish_due(now=now)
        if not done:
            self.stdout.write(f"Nothing due at {now:%Y-%m-%d %H:%M} UTC.")
            return
        for approval, outcome in done:
            due = timezone.localtime(approval.go_live_at)
            self.stdout.write(
                f"{approval.article.slug}: revision {approval.revision.revision_number} {outcome} "
                f"(scheduled for {due:%Y-%m-%d %H:%M %Z})."
            )
