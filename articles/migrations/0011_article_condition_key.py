"""
One article per condition, in the database: Article.condition_key holds the condition as
articles.identity.condition_key reads it (casefolded, accents, apostrophes and punctuation
dropped, spacing collapsed), and a unique constraint holds it. Until now the services
checked the rule (case aside) and nothing else did.

The keys of existing articles are computed here. If two articles already have the same key
("Leg cramps" and "Leg-cramps"), the migration stops and names them: one of them must be
renamed or merged by an editor first; which one is not a choice a migration can make.

The historical table gets no key (it is excluded from the revisions), so revisions of one
article, and old revisions of conditions since renamed, never conflict.
"""

from django.db import migrations, models

import articles.models

# The rule as it stands (articles.identity); a later change to it needs its own migration
# that recomputes the keys.
from articles.identity import condition_key


class DuplicateConditions(Exception):
    pass


def fill_keys(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    rows = list(Article.objects.order_by("pk").only("pk", "slug", "condition"))
    first: dict[str, str] = {}
    clashes = []
    for row in rows:
        row.condition_key = condition_key(row.condition)
        if row.condition_key in first:
            clashes.append(f"/articles/{first[row.condition_key]}/ and /articles/{row.slug}/ (“{row.condition}”)")
        else:
            first[row.condition_key] = row.slug
    if clashes:
        raise DuplicateConditions(
            "These articles are about the same condition: "
            + "; ".join(clashes)
            + ". Rename or merge one of each pair, then migrate again."
        )
    Article.objects.bulk_update(rows, ["condition_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_search_index_per_register"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="condition_key",
            field=articles.models.ConditionKeyField(default="", editable=False),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                fields=("condition_key",),
                name="article_one_per_condition",
                violation_error_code="duplicate_condition",
                violation_error_message="There is already an article for this condition.",
            ),
        ),
    ]
