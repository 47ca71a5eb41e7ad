"""A MedReview account (accounts/models.py): what readers see of the people behind an article."""

from tests import factories


def test_readers_see_declared_interests_or_none_declared_said_explicitly(db):
    writer = factories.make_user("writer", first="Sam", last="Carter")
    assert (str(writer), writer.competing_interests_statement) == ("Sam Carter", "None declared")
    writer.competing_interests = "  Consults for a maker of compression stockings.  "
    assert writer.competing_interests_statement == "Consults for a maker of compression stockings."
    assert str(factories.make_user("nameless")) == "nameless"
