"""The API's two paginations: numbered pages for lists, a cursor for streams."""

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


class CursorPagination(pagination.CursorPagination):
    """For feeds that grow at the head (notifications): stable under inserts."""

    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-id"
