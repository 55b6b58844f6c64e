"""The notification kinds of the challenges (``notifications.registry``): followers of a
challenge hear when it reaches a milestone of its goal."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.registry import Kind, citizen_ids, register


def _followers(event):
    from challenges.models import ChallengeFollow

    follows = ChallengeFollow.objects.filter(challenge_id=event.data.get("challenge"))
    return citizen_ids(follows.values("citizen_id"))


CHALLENGE_MILESTONE = register(
    Kind(
        "challenge.milestone",
        label=gettext_lazy("Challenge milestone reached"),
        recipients=_followers,
        message=lambda event, personal: (
            _("The challenge “%(title)s” reached %(percent)s%% of its goal.")
            % {"title": event.data.get("title", ""), "percent": event.data.get("percent", "")}
        ),
        email=True,
        preference=gettext_lazy("A challenge I follow reached a milestone"),
    )
)
