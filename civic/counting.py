"""Rows that exist once per citizen, with a denormalised counter kept exact.

Supports, agreements, RSVPs, follows: the unique constraint refuses the duplicate (even
from a concurrent click) and the counter moves with an ``F()`` update in the same
transaction as the row, so the two never disagree. Call these inside the service's
``transaction.atomic``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F


def create_counted(
    model: type[models.Model],
    *,
    counter: models.QuerySet,
    field: str,
    duplicate_message: str,
    **values,
) -> models.Model:
    """Create the row and add one to ``field`` on ``counter``; a duplicate is refused."""
    try:
        with transaction.atomic():
            row = model.objects.create(**values)
    except IntegrityError:
        raise ValidationError(duplicate_message) from None
    counter.update(**{field: F(field) + 1})
    return row


def delete_counted(rows: models.QuerySet, *, counter: models.QuerySet, field: str) -> bool:
    """Delete ``rows`` (at most one) and take it off the counter; False if nothing existed."""
    deleted, _detail = rows.delete()
    if deleted:
        counter.update(**{field: F(field) - 1})
    return bool(deleted)
