"""Full-text search shared by the participation lists (web, dashboard and API alike)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet


def text_search(queryset: QuerySet, term: str, fields: tuple[str, ...]) -> QuerySet:
    """Full-text search on PostgreSQL (French and English stemming); ``icontains`` elsewhere.

    On PostgreSQL a row matches when the words match with the ``simple`` configuration (names)
    or with the English or French stemmer; elsewhere every word must appear in one of the
    ``fields``. An empty term returns ``queryset`` unchanged.
    """
    term = term.strip()
    if not term:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(*fields, config="simple")
        query = SearchQuery(term, config="simple", search_type="websearch")
        # Stemmed matches in either language, plus the plain one for names.
        for config in ("english", "french"):
            vector = vector + SearchVector(*fields, config=config)
            query = query | SearchQuery(term, config=config, search_type="websearch")
        return queryset.annotate(search=vector).filter(search=query)
    condition = Q()
    for word in term.split():
        word_q = Q()
        for field in fields:
            word_q |= Q(**{f"{field}__icontains": word})
        condition &= word_q
    return queryset.filter(condition)
