"""Write the competence framework from its data file, ``content/competences.yaml``.

    python manage.py load_competences [--file PATH] [--update]

The file holds the areas (by ``kind``), the competences (by ``slug``; lesson, links) and
each competence's quiz (questions and choices, by position), in English and French. Every
row goes through ``civic.competences.services`` (``area_ensure``, ``competence_ensure``,
``quiz_ensure``), which write only what differs: loading the same file twice changes
nothing. By default only what the database lacks is created, so what staff edited in the
admin stays (``load_demo`` loads this way on every ``make run``); ``update=True``
(``--update``) writes the file's texts and quizzes over the existing items too, after the
file was edited. Items of the database that the file does not name (added by staff in the
admin) are left alone either way; whether an item is published stays as staff set it. The
whole file loads in one transaction: a mistake in it is a ``ContentError`` naming the item,
and nothing is written.

``load_demo`` calls ``load_competences()``; the slugs that other pages link to are named in
``templatetags/competence_tags.py``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from civic.competences import services
from civic.competences.models import Competence, CompetenceArea

CONTENT = Path(__file__).resolve().parent / "content" / "competences.yaml"
# The counts ``load_demo`` prints (created rows), in this order.
KINDS = ("competence areas", "competences", "quiz questions")


class ContentError(ValueError):
    """The data file cannot be loaded: the message says where and why."""


@dataclass
class LoadReport:
    """How many rows of each kind (``KINDS``) were created, updated and deleted."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)

    def created_counts(self) -> dict[str, int]:
        return {kind: self.created[kind] for kind in KINDS}

    @property
    def changed(self) -> bool:
        return any((self.created + self.updated + self.deleted).values())

    def __str__(self) -> str:
        parts = []
        for kind in KINDS:
            text = f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated"
            if kind == "quiz questions":
                text += f", {self.deleted[kind]} deleted"
            parts.append(text)
        return "; ".join(parts)


def read_content(path: Path | str = CONTENT) -> dict:
    """The data file as ``{"areas": [...], "competences": [...]}``; ``ContentError`` if it
    cannot be read or is not shaped so."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ContentError(f"{path}: {error.strerror or error}") from error
    except yaml.YAMLError as error:
        raise ContentError(f"{path} is not valid YAML: {error}") from error
    if not isinstance(data, dict) or set(data) - {"areas", "competences"}:
        raise ContentError(f"{path}: expected the keys “areas” and “competences” only.")
    for key in ("areas", "competences"):
        items = data.setdefault(key, []) or []
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise ContentError(f"{path}: “{key}” is a list of items, each a mapping.")
        data[key] = items
    return data


def _ensure(where: str, service, allowed: tuple[str, ...], fields: dict, **arguments):
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise ContentError(f"{where}: unknown keys {', '.join(unknown)}.")
    try:
        return service(**arguments, **fields)
    except ValidationError as error:
        raise ContentError(f"{where}: {services.describe(error)}") from None


@transaction.atomic
def load_competences(path: Path | str = CONTENT, *, update: bool = False) -> LoadReport:
    """Create the framework from ``path`` (by default the file shipped with civic); with
    ``update``, also write the file's texts and quizzes over the existing items.

    Returns a ``LoadReport``. Raises ``ContentError`` (and writes nothing) when the file is
    unreadable or an item is invalid. Writes no audit row (``actor=None``): the content is
    packaged and anyone can load it again.
    """
    data = read_content(path)
    report = LoadReport()
    areas = {area.kind: area for area in CompetenceArea.objects.all()}
    existing = set(Competence.objects.values_list("slug", flat=True))
    for spec in data["areas"]:
        spec = dict(spec)
        kind = str(spec.pop("kind", "") or "")
        if kind in areas and not update:
            continue  # as staff left it
        result = _ensure(
            f"area “{kind}”", services.area_ensure, services.AREA_FIELDS, spec, kind=kind
        )
        areas[kind] = result.item
        _count(report, "competence areas", result)
    for spec in data["competences"]:
        spec = dict(spec)
        slug = str(spec.pop("slug", "") or "")
        where = f"competence “{slug}”"
        area = areas.get(str(spec.pop("area", "") or ""))
        if area is None:
            raise ContentError(f"{where}: its area is not one of the file's or the database's.")
        questions = spec.pop("questions", None) or []
        if slug in existing and not update:
            continue  # as staff left it, quiz included
        result = _ensure(
            where, services.competence_ensure, services.COMPETENCE_FIELDS, spec,
            slug=slug, area=area,
        )  # fmt: skip
        _count(report, "competences", result)
        quiz = _ensure(
            where, services.quiz_ensure, (), {}, competence=result.item, questions=questions
        )
        report.created["quiz questions"] += quiz.created
        report.updated["quiz questions"] += quiz.updated
        report.deleted["quiz questions"] += quiz.deleted
    return report


def _count(report: LoadReport, kind: str, result: services.Ensured) -> None:
    if result.created:
        report.created[kind] += 1
    elif result.changed:
        report.updated[kind] += 1
