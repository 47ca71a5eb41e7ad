"""What can go wrong when writing an article; views turn these into pages and messages."""


class IllegalAnswerMove(Exception):
    """An answer to a reader's question cannot go from its state to the one asked (ANSWER_TRANSITIONS)."""


class EditConflict(Exception):
    """Someone saved a newer revision after this edit began; saving would overwrite it."""

    def __init__(self, *, base, latest):
        self.base = base  # the revision the editor started from (may be None if unknown)
        self.latest = latest  # the newest revision, saved meanwhile by someone else
        super().__init__(
            f"Revision {latest.revision_number} was saved after you started editing revision "
            f"{getattr(base, 'revision_number', '?')}."
        )


class SimilarCondition(Exception):
    """
    Other articles' conditions read like this one (a plural, a spelling, a synonym:
    articles.identity): the editor should say whether it is the same condition before a
    new article is made for it. The services proceed when called with allow_similar=True.
    """

    def __init__(self, *, condition: str, similar):
        self.condition = condition  # the condition as the editor wrote it
        self.similar = list(similar)  # the existing Articles it reads like, A to Z by title
        named = "; ".join(f"“{a.title}” (condition “{a.condition}”, /articles/{a.slug}/)" for a in self.similar)
        which = "the existing article" if len(self.similar) == 1 else "the existing articles"
        super().__init__(f"“{condition}” may be the same condition as {which} {named}.")
