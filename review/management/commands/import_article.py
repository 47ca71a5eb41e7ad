from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.canonical import ArticleTextError
from articles.exceptions import SimilarCondition
from review.revisions import revision_import


class Command(BaseCommand):
    help = (
        "Import an article from FILE: canonical Markdown (as export_articles writes) or a "
        "differential pasted as plain text. A new slug creates a draft; an existing slug "
        "gets a new revision. A condition that reads like another article's (a plural, a "
        "spelling, a synonym) is refused unless --allow-similar. On any error nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="Username of the editor the revision is recorded under.")
        parser.add_argument("--reason", default="", help="Change reason (default: 'Imported from FILE').")
        parser.add_argument(
            "--allow-similar",
            action="store_true",
            help="Import even if the condition reads like another article's: you checked it is another condition. "
            "The same condition as another article's is always refused.",
        )

    def handle(self, *args, file: Path, user: str, reason: str, allow_similar: bool, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        by = get_user_model().objects.filter(username=user).first()
        if by is None:
            raise CommandError(f"No user named {user!r}.")
        try:
            article, revision = revision_import(
                text=text, by=by, reason=reason or f"Imported from {file.name}", allow_similar=allow_similar
            )
        except ArticleTextError as exc:
            raise CommandError(f"{file}: {exc}") from exc
        except SimilarCondition as exc:
            raise CommandError(
                f"{file}: {exc} If it is another condition, import it with --allow-similar; "
                "if it is the same, edit that article instead."
            ) from exc
        except ValidationError as exc:
            raise CommandError(f"{file}: " + " ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if revision is None:
            self.stdout.write(f"{article.slug}: unchanged, no new revision.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{article.slug}: saved as revision {revision.revision_number}."))
