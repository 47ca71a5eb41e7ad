"""Publication and PublishedPage now belong to the publishing app; their tables stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0005_board_actions_and_scheduling"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="PublishedPage"),
                migrations.DeleteModel(name="Publication"),
            ],
            database_operations=[],
        ),
    ]
