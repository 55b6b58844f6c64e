"""API errors are JSON with field messages, including domain ``ValidationError``s."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def validation_error_detail(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): [
                str(message) for err in errors for message in err.messages
            ]
            for field, errors in error.error_dict.items()
        }
    return {"non_field_errors": [str(m) for m in error.messages]}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_detail(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RequestDataTooBig):
        exc = exceptions.ParseError(_("The request body is too large."))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)
