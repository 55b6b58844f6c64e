"""The base of the participation viewsets: the write budget, with scopes shared across them.

``civic.api.throttling.write_scope`` reads ``write_scope``: comments count together whether
they are posted on a proposal or on a contribution (the ``comments`` action of either); so
do flags and moderation, whatever the content.
"""

from __future__ import annotations

from rest_framework import viewsets


class ParticipationViewSet(viewsets.GenericViewSet):
    write_scopes = {
        "comments": "api:comment.create",
        "flag": "api:flag",
        "moderate": "api:moderate",
    }

    @property
    def write_scope(self) -> str | None:
        return self.write_scopes.get(self.action)
