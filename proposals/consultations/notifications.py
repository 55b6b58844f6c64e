"""The notification kinds of the consultations (``notifications.registry``): the followers
of the space hear when one opens, is about to close and closes; those who follow the
consultation (contributors do) are told personally when it is about to close and its
outcome, and each contributor what a decision maker did with their contribution."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from notifications.registry import Kind, citizen_ids, register, space_name, title_of


def _followers(event):
    """Who follows the consultation (every contributor does, unless they stopped)."""
    from proposals.consultations.models import ConsultationFollow

    return citizen_ids(
        ConsultationFollow.objects.filter(consultation_id=event.consultation_id).values(
            "citizen_id"
        )
    )


def _contribution_author(event):
    return citizen_ids([event.contribution.author_id])


def _values(event) -> dict:
    return {"question": title_of(event.consultation), "space": space_name(event)}


CONSULTATION_OPENED = register(
    Kind(
        "consultation.opened",
        label=gettext_lazy("Consultation opened"),
        audience=True,
        message=lambda event, personal: (
            _("%(space)s opened a consultation: “%(question)s”.") % _values(event)
        ),
        preference=gettext_lazy("A consultation opened in a place I follow"),
    )
)
CONSULTATION_CLOSING = register(
    Kind(
        "consultation.closing",
        label=gettext_lazy("Consultation closing in 48 hours"),
        recipients=_followers,
        audience=True,
        message=lambda event, personal: (
            _("The consultation “%(question)s” in %(space)s closes in 48 hours.") % _values(event)
        ),
        email=True,  # to those who follow it; the space's followers read it in the app
        preference=gettext_lazy(
            "A consultation I follow, or in a place I follow, closes in 48 hours"
        ),
    )
)
CONSULTATION_CLOSED = register(
    Kind(
        "consultation.closed",
        label=gettext_lazy("Consultation closed"),
        recipients=_followers,
        audience=True,
        message=lambda event, personal: (
            _("The consultation “%(question)s” in %(space)s is closed: see what was decided.")
            % _values(event)
        ),
        email=True,
        preference=gettext_lazy("The outcome of a consultation"),
    )
)
CONTRIBUTION_POSTED = register(
    Kind("contribution.posted", label=gettext_lazy("Contribution posted"))
)
CONTRIBUTION_READ = register(
    Kind(
        "contribution.read",
        label=gettext_lazy("Contribution read"),
        recipients=_contribution_author,
        message=lambda event, personal: (
            _("Your contribution to “%(question)s” was read by %(space)s.") % _values(event)
        ),
        email=True,
        preference=gettext_lazy("My contribution was read"),
    )
)
CONTRIBUTION_HELPED = register(
    Kind(
        "contribution.helped_shape_policy",
        label=gettext_lazy("Contribution helped shape policy"),
        recipients=_contribution_author,
        message=lambda event, personal: (
            _("Your contribution to “%(question)s” helped shape policy in %(space)s.")
            % _values(event)
        ),
        email=True,
        preference=gettext_lazy("My contribution helped shape policy"),
    )
)
CONTRIBUTION_AGREEMENTS_TODAY = register(
    Kind(
        "contribution.agreements_today",
        label=gettext_lazy("New agreements of the day"),
        recipients=_contribution_author,
        message=lambda event, personal: (
            ngettext(
                "%(count)s citizen agreed today with your contribution to “%(question)s”.",
                "%(count)s citizens agreed today with your contribution to “%(question)s”.",
                event.data.get("count", 0),
            )
            % {**_values(event), "count": event.data.get("count", 0)}
        ),
        email=True,
        preference=gettext_lazy("Citizens agreed with my contribution (at most once a day)"),
    )
)
