"""Discussions: threaded comments with sources on a proposal, a contribution or a chapter's
forum; flags; and moderation — one ``content_moderate`` service behind the proposal and
consultation pages, the dashboard, the API and the admin."""
