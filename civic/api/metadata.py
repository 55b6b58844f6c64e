"""The API's answer to OPTIONS: DRF's, for every endpoint.

DRF describes the body a POST or PUT takes by building the view's serializer; an action that
takes no body (marking read, "read all") has none, and DRF's description would fail on it
(a 500). Such an action is described without a body.
"""

from __future__ import annotations

from rest_framework.metadata import SimpleMetadata


class Metadata(SimpleMetadata):
    def determine_actions(self, request, view):
        # Imported here: rest_framework.generics reads this class from the settings.
        from rest_framework.generics import GenericAPIView

        takes_no_body = getattr(view, "serializer_class", None) is None and (
            type(view).get_serializer_class is GenericAPIView.get_serializer_class
        )
        if takes_no_body:
            return {}
        return super().determine_actions(request, view)
