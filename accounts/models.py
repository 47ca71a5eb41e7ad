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

    def __str__(self):
        return self.get_full_name() or self.username
