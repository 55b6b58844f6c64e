"""The decision makers' dashboard (no models): the spaces a citizen serves (``scope``), the
inbox of proposals and contributions addressed to them, bulk read receipts, the moderation
queue and the consultations of those spaces — in the web and in the API."""
