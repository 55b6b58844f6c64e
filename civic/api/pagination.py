"""The API's two paginations: numbered pages for lists, a cursor for streams.

``page_size`` and ``page`` must be whole numbers from 1: any other value is a 400 naming the
parameter (a larger ``page_size`` gives 100 rows, a page past the last one stays a 404).
"""

from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


def _positive(request, name: str) -> None:
    value = request.query_params.get(name)
    if value is not None and (not value.isdigit() or int(value) < 1):
        raise ValidationError({name: [_("A whole number from 1.")]})


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        _positive(request, self.page_size_query_param)
        _positive(request, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)


class CursorPagination(pagination.CursorPagination):
    """For feeds that grow at the head (notifications): stable under inserts."""

    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-id"

    def paginate_queryset(self, queryset, request, view=None):
        _positive(request, self.page_size_query_param)
        return super().paginate_queryset(queryset, request, view)
