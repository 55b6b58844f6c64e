"""What civic holds about a citizen, declared by each app: one registry for export and erasure.

Each app lists, in its own ``personal_data.py``, every foreign key it has to the citizen
(GDPR art. 15, 17 and 20):

- ``Rows("proposals.Support.citizen", "supports", fields=[…], erased=True)``: the rows are
  exported under that key of the app's section, with those fields; ``erased=True`` deletes
  them when the citizen erases their account, ``kept="why"`` keeps them (a public
  contribution stays, signed "deleted citizen", once the account holds no personal value).
- ``Exempt("proposals.Proposal.read_by", "why")``: not the citizen's own data (a decision
  maker's official act, kept for accountability, or a secret such as an API token).

An app may also give ``export`` (more of its section, computed), ``erase`` (a service run at
erasure before the declared rows are deleted, for the counters that follow) and ``files``
(the citizen's uploaded files, added to the zip archive). ``autodiscover`` (run by
``CivicConfig.ready``) imports every installed app's module;
``tests/civic/test_privacy.py`` walks every model with a foreign key to the user model and
fails on one that is neither exported nor exempt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.utils.module_loading import autodiscover_modules

if TYPE_CHECKING:
    from django.core.files import File
    from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class Rows:
    """Rows of ``"app_label.Model.field"`` that point to the citizen, exported under ``key``."""

    field: str
    key: str
    # Each entry a field or lookup ("created_at", "space__slug"), or (name, lookup) to
    # export a lookup under a plainer name: ("practice", "practice__slug").
    fields: tuple[str | tuple[str, str], ...]
    erased: bool = False
    kept: str = ""

    def __post_init__(self) -> None:
        if self.erased == bool(self.kept):
            raise ValueError(f"{self.field}: say either erased=True or kept='why', not both")

    @property
    def model(self) -> type[Model]:
        label, _field = self.field.rsplit(".", 1)
        return apps.get_model(label)

    def of(self, citizen) -> QuerySet:
        return self.model._default_manager.filter(**{self.field.rsplit(".", 1)[1]: citizen})

    def export(self, citizen) -> list[dict[str, Any]]:
        names = [f if isinstance(f, str) else f[0] for f in self.fields]
        lookups = [f if isinstance(f, str) else f[1] for f in self.fields]
        rows = self.of(citizen).order_by("pk").values_list(*lookups)
        return [dict(zip(names, row, strict=True)) for row in rows]


@dataclass(frozen=True)
class Exempt:
    """A foreign key to the citizen that is not exported, with the reason."""

    field: str
    reason: str


@dataclass(frozen=True)
class Section:
    key: str
    rows: tuple[Rows, ...]
    exempt: tuple[Exempt, ...]
    export: Callable[[Any], dict[str, Any]] | None = None
    erase: Callable[[Any], None] | None = None
    files: Callable[[Any], Iterable[tuple[str, File]]] | None = None
    order: int = field(default=0, compare=False)


_SECTIONS: dict[str, Section] = {}


def register(
    key: str,
    *declarations: Rows | Exempt,
    export: Callable[[Any], dict[str, Any]] | None = None,
    erase: Callable[[Any], None] | None = None,
    files: Callable[[Any], Iterable[tuple[str, File]]] | None = None,
) -> Section:
    """Declare what the app whose section is ``key`` holds of a citizen."""
    if key in _SECTIONS:
        raise ValueError(f"The personal data section {key!r} is declared twice.")
    section = Section(
        key=key,
        rows=tuple(d for d in declarations if isinstance(d, Rows)),
        exempt=tuple(d for d in declarations if isinstance(d, Exempt)),
        export=export,
        erase=erase,
        files=files,
        order=len(_SECTIONS),
    )
    _SECTIONS[key] = section
    return section


def unregister(key: str) -> None:
    """Remove a section (tests that declare one of their own)."""
    _SECTIONS.pop(key, None)


def autodiscover() -> None:
    autodiscover_modules("personal_data")


def sections() -> list[Section]:
    """Every declared section, in the order of ``INSTALLED_APPS``."""
    return sorted(_SECTIONS.values(), key=lambda s: s.order)


def declared_fields() -> dict[str, Rows | Exempt]:
    """``"app_label.Model.field"`` → its declaration, over every section."""
    found: dict[str, Rows | Exempt] = {}
    for section in sections():
        for declaration in (*section.rows, *section.exempt):
            if declaration.field in found:
                raise ValueError(f"{declaration.field} is declared twice.")
            found[declaration.field] = declaration
    return found


def export(citizen) -> dict[str, Any]:
    """Every section's data about ``citizen``: its declared rows, then what it computes."""
    data: dict[str, Any] = {}
    for section in sections():
        part: dict[str, Any] = {rows.key: rows.export(citizen) for rows in section.rows}
        if section.export is not None:
            part.update(section.export(citizen))
        data[section.key] = part
    return data


def files(citizen) -> list[tuple[str, File]]:
    """The citizen's files, as (path inside the archive, file) pairs."""
    found: list[tuple[str, File]] = []
    for section in sections():
        if section.files is not None:
            found.extend((f"{section.key}/{name}", file) for name, file in section.files(citizen))
    return found


def erase(citizen) -> None:
    """Each section's own erasure, then the deletion of every row declared ``erased``."""
    for section in sections():
        if section.erase is not None:
            section.erase(citizen)
        for rows in section.rows:
            if rows.erased:
                rows.of(citizen).delete()


# Reasons shared by several declarations.
OFFICIAL_ACT = (
    "an act of a decision maker or organiser in their role (read, answered, hid, closed, "
    "decided), kept for public accountability; it names the account, which erasure empties"
)
PUBLIC_CONTRIBUTION = (
    "a public contribution others answered and counted: it stays, signed 'deleted citizen', "
    "once the account holds no personal value"
)
