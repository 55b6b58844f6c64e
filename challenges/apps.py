"""The challenges app: practices assessed by citizens, best practices, the challenges chapters
join."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Challenges and best practices")
