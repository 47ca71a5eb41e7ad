"""
Backup and restore (config/management/commands/backup.py, restore.py) and
renew_database_identity: backup → wipe → restore gives back every article with its whole
history, every review with its events, comments and approvals, and every account, on
SQLite and on PostgreSQL (the suite's two CI legs).
"""

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection

from articles import search
from articles.models import Article, DatabaseIdentity, HistoricalArticle, SearchEntry
from articles.questions import question_ask
from config.management.commands.backup import DERIVED, INCLUDED, derived_models
from publishing import caching
from review import workflow
from review.models import Approval, Review, ReviewComment, ReviewEvent, ReviewState
from review.selectors import audit_trail
from tests import factories


@pytest.fixture(autouse=True)
def _forget_process_caches():
    # A wipe makes content types and the database identity anew; the rollback after each
    # test brings the old rows back, so nothing remembered in between may outlive it.
    yield
    ContentType.objects.clear_cache()
    caching.forget_database_identity()


@pytest.fixture
def site(editor, reviewer, reviewer2, site_admin):
    """A site with history: approved, edited after approval, returned, commented, asked."""
    leg = factories.approved_article(editor, reviewer)
    factories.edit_article(leg, editor, "Edited after approval.")
    review = workflow.submit(article=leg, by=editor)
    workflow.start_review(review=review, by=reviewer2)
    ReviewComment.objects.create(
        review=review, author=reviewer2, body="Cite the trial.", created_at=review.submitted_at
    )
    workflow.request_changes(review=review, by=reviewer2, comment="Please cite the trial.")
    back = factories.approved_article(editor, reviewer2, slug="low-back-pain", title="Low back pain")
    workflow.reconfirm(article=back, by=reviewer, comment="Still current.")
    factories.make_article(by=editor, slug="a-draft", title="A draft")
    question_ask(article=leg, text="Are night cramps dangerous?", audience="patient", visitor="v1")
    LogEntry.objects.create(
        user=site_admin,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(leg.pk),
        object_repr=str(leg),
        action_flag=ADDITION,
    )
    return leg


def normalised(value):
    if isinstance(value, list):
        return sorted(json.dumps(normalised(v), sort_keys=True, default=str) for v in value)
    if isinstance(value, dict):
        return {k: normalised(v) for k, v in value.items()}
    return value


def snapshot() -> dict:
    """Every row a backup holds (references to content types and permissions by name: their ids change)."""
    from django.apps import apps

    derived = {label.lower() for label in DERIVED}
    labels = {}
    for label in INCLUDED:
        models = [apps.get_model(label)] if "." in label else apps.get_app_config(label).get_models()
        for model in models:
            if model._meta.label_lower in derived:
                continue
            rows = serializers.serialize("python", model._default_manager.all(), use_natural_foreign_keys=True)
            labels[model._meta.label_lower] = normalised(rows)
    return labels


def audit_of(slug):
    return [
        (
            e.at,
            e.actor.get_username() if e.actor else "",
            e.action,
            e.from_state,
            e.to_state,
            e.revision_number,
            e.comment,
        )
        for e in audit_trail(Article.objects.get(slug=slug))
    ]


def wipe():
    connection.check_constraints()  # PostgreSQL truncates no table with deferred checks pending
    call_command("flush", interactive=False, verbosity=0)
    assert not Article.objects.exists() and not HistoricalArticle.objects.exists()


@pytest.mark.parametrize("name", ["backup.xml", "backup.xml.gz"])
def test_backup_wipe_restore_gives_back_everything(site, tmp_path, client, name):
    before = snapshot()
    audits = {slug: audit_of(slug) for slug in ("leg-cramps", "low-back-pain")}
    identity = DatabaseIdentity.current()
    assert sum(len(rows) for rows in before.values()) > 30  # the site really has history
    assert HistoricalArticle.objects.filter(slug="leg-cramps").count() == 2

    call_command("backup", str(tmp_path / name), verbosity=0)
    assert not list(tmp_path.glob(".partial-*"))
    wipe()
    call_command("restore", str(tmp_path / name), verbosity=0)

    assert snapshot() == before
    assert {slug: audit_of(slug) for slug in audits} == audits
    assert DatabaseIdentity.current() != identity  # no cache entry from before is read
    assert SearchEntry.objects.exists() and search.search("cramps")  # the index is rebuilt
    page = client.get("/articles/leg-cramps/")
    assert page.status_code == 200
    assert "Sudden painful muscle contractions." in page.content.decode()  # the approved revision, not the edit
    assert "Edited after approval." not in page.content.decode()


def test_the_restored_site_takes_new_work(site, tmp_path, editor, reviewer):
    call_command("backup", str(tmp_path / "b.xml"), verbosity=0)
    wipe()
    call_command("restore", str(tmp_path / "b.xml"), verbosity=0)
    # New rows after a restore get fresh ids (PostgreSQL's sequences were moved on).
    editor, reviewer = (get_user_model().objects.get(pk=user.pk) for user in (editor, reviewer))
    leg = Article.objects.get(slug="leg-cramps")
    factories.edit_article(leg, editor, "Written after the restore.")
    review = workflow.submit(article=leg, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer)
    factories.make_article(by=editor, slug="new-after-restore", title="New")
    assert Review.objects.get(pk=review.pk).state == ReviewState.APPROVED
    assert Approval.objects.filter(article=leg).count() == 2


def test_a_backup_leaves_out_derived_data(site, tmp_path):
    call_command("backup", str(tmp_path / "b.xml.gz"), verbosity=0)
    root = ElementTree.fromstring(gzip.decompress((tmp_path / "b.xml.gz").read_bytes()))
    models = {element.get("model") for element in root.iter("object")}
    assert {"articles.article", "articles.historicalarticle", "review.review", "review.reviewevent"} <= models
    assert {"review.approval", "review.reviewcomment", "review.boardmember", "accounts.user"} <= models
    assert not models & set(derived_models())
    assert "sessions.session" not in models and "auth.permission" not in models


def test_restore_refuses_a_database_that_holds_data(site, tmp_path):
    call_command("backup", str(tmp_path / "b.xml"), verbosity=0)
    with pytest.raises(CommandError, match="--replace"):
        call_command("restore", str(tmp_path / "b.xml"), verbosity=0)


def test_restore_with_replace_wipes_what_came_after_the_backup(site, tmp_path, editor):
    call_command("backup", str(tmp_path / "b.xml"), verbosity=0)
    before = snapshot()
    factories.make_article(by=editor, slug="after-the-backup", title="After")
    call_command("restore", str(tmp_path / "b.xml"), replace=True, verbosity=0)
    assert not Article.objects.filter(slug="after-the-backup").exists()
    assert snapshot() == before


def test_a_failed_restore_changes_nothing(site, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text('<?xml version="1.0"?><django-objects version="1.0"><object model="articles.article" pk="1">')
    counts = (Article.objects.count(), ReviewEvent.objects.count())
    with pytest.raises(Exception):  # noqa: B017 — loaddata's own error for a broken file
        call_command("restore", str(broken), replace=True, verbosity=0)
    assert (Article.objects.count(), ReviewEvent.objects.count()) == counts


def test_backup_names_its_format(db, tmp_path):
    with pytest.raises(CommandError, match=r"\.xml\.gz"):
        call_command("backup", str(tmp_path / "b.json"), verbosity=0)


def test_restore_needs_a_file(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("restore", str(tmp_path / "missing.xml"), verbosity=0)


def test_renew_database_identity_changes_every_cache_key(db):
    key = caching.key("body", 1)
    call_command("renew_database_identity", verbosity=0)
    assert caching.key("body", 1) != key


def test_the_suite_runs_this_on_the_configured_database():
    # CI's second leg sets DATABASE_URL; this names which one this run used.
    assert connection.vendor in {"sqlite", "postgresql"}


def test_the_documented_procedure_from_the_command_line(tmp_path):
    """As an operator would: back up one database, restore it into a new, migrated one."""
    root = Path(__file__).resolve().parents[2]

    def manage(database, *args):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings", "DATABASE_URL": f"sqlite:///{database}"}
        env.pop("REDIS_URL", None)
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=root, env=env, capture_output=True, text=True, timeout=300
        )

    count = "from articles.models import *; from review.models import *; print(HistoricalArticle.objects.count(), ReviewEvent.objects.count(), Approval.objects.count())"  # noqa: E501
    old, new, backup = tmp_path / "old.sqlite3", tmp_path / "new.sqlite3", tmp_path / "site.xml.gz"
    assert manage(old, "migrate", "--noinput").returncode == 0
    shutil.copyfile(old, new)  # the new database: migrated and empty (one migrate fewer)
    for args in (("load_demo",), ("backup", str(backup))):
        assert manage(old, *args).returncode == 0
    restored = manage(new, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "new database identity" in restored.stdout
    assert manage(new, "shell", "-c", count).stdout == manage(old, "shell", "-c", count).stdout
    assert manage(new, "restore", str(backup)).returncode != 0  # it is not empty now
