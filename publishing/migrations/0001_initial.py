"""
Publication and PublishedPage, taken over from the review app (review 0006): the state
moves here, the tables (review_publication, review_publishedpage) stay where they are.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0010_search_index_per_register"),
        ("review", "0006_publishing_moves_out"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Publication",
                    fields=[
                        (
                            "article",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                serialize=False,
                                to="articles.article",
                            ),
                        ),
                        ("version", models.PositiveBigIntegerField(default=1)),
                    ],
                    options={"db_table": "review_publication"},
                ),
                migrations.CreateModel(
                    name="PublishedPage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("slug", models.SlugField(max_length=100)),
                        ("audience", models.CharField(max_length=20)),
                        ("render_version", models.CharField(max_length=32)),
                        ("version", models.PositiveBigIntegerField()),
                        ("etag", models.CharField(max_length=120)),
                        ("last_modified", models.DateTimeField()),
                        ("is_approved", models.BooleanField()),
                        ("html", models.BinaryField()),
                        ("gzipped", models.BinaryField()),
                        ("published_at", models.DateTimeField()),
                        ("fresh_until", models.DateTimeField(blank=True, null=True)),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="published_pages",
                                to="articles.article",
                            ),
                        ),
                        (
                            "revision",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="articles.historicalarticle",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "review_publishedpage",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("slug", "audience", "render_version", "version"),
                                name="one_published_page_per_version",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
