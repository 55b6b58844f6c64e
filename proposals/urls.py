"""Participation pages: proposals (``urls_proposals``), consultations and comments
(``urls_consultations``), all in the ``proposals`` namespace."""

from proposals.urls_consultations import urlpatterns as consultation_patterns
from proposals.urls_dashboard import urlpatterns as dashboard_patterns
from proposals.urls_proposals import urlpatterns as proposal_patterns

app_name = "proposals"
urlpatterns = proposal_patterns + consultation_patterns + dashboard_patterns
