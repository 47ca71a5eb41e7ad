from django.contrib.auth.models import AbstractUser
from django.db import models

from accounts.audiences import Audience


class User(AbstractUser):
    """A MedReview account: staff (editors, board members, admins) or a registered reader."""

    audience = models.CharField(
        "which best describes you",
        max_length=20,
        choices=Audience.choices,
        blank=True,
        help_text="Used to choose the wording of articles for this reader.",
    )
    competing_interests = models.TextField(
        "competing interests",
        blank=True,
        max_length=1000,
        help_text="Shown to readers beside this person's name on articles they wrote or reviewed. "
        "Leave blank only if there are none: readers then see “None declared”.",
    )

    @property
    def competing_interests_statement(self) -> str:
        """What readers see: the declared interests, or "None declared" said explicitly."""
        return self.competing_interests.strip() or "None declared"

    def __str__(self):
        return self.get_full_name() or self.username
