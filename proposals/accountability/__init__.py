"""Public accountability (no models): how a place or organisation reads and answers what
citizens address to it — figures, a monthly chart, a page and an API endpoint."""
