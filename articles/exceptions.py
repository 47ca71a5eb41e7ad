"""What can go wrong when writing an article; views turn these into pages and messages."""


class EditConflict(Exception):
    """Someone saved a newer revision after this edit began; saving would overwrite it."""

    def __init__(self, *, base, latest):
        self.base = base  # the revision the editor started from (may be None if unknown)
        self.latest = latest  # the newest revision, saved meanwhile by someone else
        super().__init__(
            f"Revision {latest.revision_number} was saved after you started editing revision "
            f"{getattr(base, 'revision_number', '?')}."
        )
