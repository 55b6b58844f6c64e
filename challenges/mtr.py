"""The Mixed Territorial Representation (MTR) calculator: pure functions, no database.

MTR pairs an assembly's single-member districts two by two into half as many *mixed*
districts; each mixed district elects one woman and one man. The number of seats does not
change and the assembly is exactly balanced, whoever sits today.

Input is a list of districts with the gender of their sitting member, typed one per line
(``parse_text``) or uploaded as CSV (``parse_csv``). Districts are paired consecutively in
the order given, unless a district names its partner in the optional "pair with" column
(``pair_districts``). ``calculate`` returns the assembly before and after.

Every problem in the input raises ``MTRError`` with messages for the citizen (line numbers
included); the view shows them next to the form, never a 500.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WOMAN = "woman"
MAN = "man"
MAX_DISTRICTS = 1000
MAX_UPLOAD_BYTES = 256 * 1024
MAX_NAME_LENGTH = 200
# Shown at most; the rest are counted ("and 12 more problems").
MAX_MESSAGES = 5

GENDER_WORDS = {
    WOMAN: {"woman", "women", "w", "f", "female", "femme", "femmes"},
    MAN: {"man", "men", "m", "male", "h", "homme", "hommes"},
}
_GENDERS = {word: gender for gender, words in GENDER_WORDS.items() for word in words}

# CSV headers accepted for each column (compared case-insensitively, spaces and "_" alike).
DISTRICT_HEADERS = {"district", "district name", "name", "circonscription", "district_name"}
GENDER_HEADERS = {
    "gender",
    "sitting member gender",
    "sitting member's gender",
    "member gender",
    "genre",
    "sexe",
}
PAIR_HEADERS = {"pair with", "pair", "paired with", "jumeler avec", "jumelé avec"}


class MTRError(ValueError):
    """The input cannot be used; ``messages`` say why, in the citizen's language."""

    def __init__(self, messages: list[str]):
        shown = list(messages[:MAX_MESSAGES])
        hidden = len(messages) - len(shown)
        if hidden > 0:
            shown.append(
                ngettext("… and %(n)d more problem.", "… and %(n)d more problems.", hidden)
                % {"n": hidden}
            )
        self.messages = shown
        super().__init__(" ".join(shown))


@dataclass(frozen=True)
class District:
    name: str
    gender: str  # WOMAN or MAN
    line: int  # where it was read, for messages
    pair_with: str = ""


@dataclass(frozen=True)
class MixedDistrict:
    first: District
    second: District

    @property
    def name(self) -> str:
        return f"{self.first.name} – {self.second.name}"

    @property
    def sitting_women(self) -> int:
        return sum(d.gender == WOMAN for d in (self.first, self.second))

    @property
    def sitting_men(self) -> int:
        return 2 - self.sitting_women


@dataclass(frozen=True)
class Result:
    districts: tuple[District, ...]
    mixed: tuple[MixedDistrict, ...]

    @property
    def seats(self) -> int:
        return len(self.districts)

    @property
    def women_before(self) -> int:
        return sum(d.gender == WOMAN for d in self.districts)

    @property
    def men_before(self) -> int:
        return self.seats - self.women_before

    @property
    def women_after(self) -> int:
        return len(self.mixed)  # one woman per mixed district

    @property
    def men_after(self) -> int:
        return len(self.mixed)  # and one man

    @property
    def women_percent_before(self) -> int:
        return round(100 * self.women_before / self.seats)

    @property
    def women_percent_after(self) -> int:
        return round(100 * self.women_after / self.seats)


# --- Reading ---------------------------------------------------------------------------------


def parse_gender(value: str) -> str | None:
    """WOMAN, MAN, or None when the word is not one we know."""
    return _GENDERS.get((value or "").strip().casefold().rstrip("."))


def _district(name: str, gender: str, pair_with: str, line: int, errors: list[str]):
    name = " ".join((name or "").split())
    pair_with = " ".join((pair_with or "").split())
    if not name:
        errors.append(_("Line %(line)d: the district has no name.") % {"line": line})
        return None
    if len(name) > MAX_NAME_LENGTH:
        errors.append(_("Line %(line)d: the district name is too long.") % {"line": line})
        return None
    parsed = parse_gender(gender)
    if parsed is None:
        if (gender or "").strip():
            errors.append(
                _(
                    "Line %(line)d: “%(value)s” is not a gender the calculator knows. "
                    "Write woman or man (f/m and femme/homme work too)."
                )
                % {"line": line, "value": gender.strip()[:40]}
            )
        else:
            errors.append(
                _("Line %(line)d: give the gender of the member sitting for “%(name)s”.")
                % {"line": line, "name": name[:60]}
            )
        return None
    return District(name=name, gender=parsed, line=line, pair_with=pair_with)


def _check_size(count: int) -> None:
    if count == 0:
        raise MTRError([_("The list is empty: give one district per line.")])
    if count > MAX_DISTRICTS:
        raise MTRError(
            [
                _("Too many districts: at most %(max)d, and this list has %(count)d.")
                % {"max": MAX_DISTRICTS, "count": count}
            ]
        )


def parse_text(text: str) -> list[District]:
    """Districts typed one per line: ``district, gender`` or ``district, gender, pair with``.

    Blank lines are skipped. A comma inside a name needs quotes ("Hull, centre", woman).
    """
    lines = [(n, line) for n, line in enumerate((text or "").splitlines(), start=1)]
    lines = [(n, line) for n, line in lines if line.strip()]
    _check_size(len(lines))
    errors: list[str] = []
    districts = []
    for number, line in lines:
        cells = next(csv.reader([line], skipinitialspace=True), [])
        if len(cells) < 2:
            errors.append(
                _("Line %(line)d: write the district, a comma, then woman or man.")
                % {"line": number}
            )
            continue
        if len(cells) > 3:
            errors.append(
                _(
                    "Line %(line)d: too many commas. Write “district, gender” or "
                    "“district, gender, pair with” (quote a name that holds a comma)."
                )
                % {"line": number}
            )
            continue
        pair_with = cells[2] if len(cells) == 3 else ""
        district = _district(cells[0], cells[1], pair_with, number, errors)
        if district is not None:
            districts.append(district)
    if errors:
        raise MTRError(errors)
    return districts


def _header_key(value: str) -> str:
    return " ".join((value or "").replace("\ufeff", "").replace("_", " ").casefold().split())


def _column(headers: list[str], accepted: set[str]) -> int | None:
    accepted = {_header_key(name) for name in accepted}
    for index, header in enumerate(headers):
        if _header_key(header) in accepted:
            return index
    return None


def parse_csv(data: bytes) -> list[District]:
    """Districts from a CSV file with a header row.

    Required columns: the district name (``district``) and the sitting member's gender
    (``gender``); optional: ``pair with``. Commas, semicolons or tabs separate the cells.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise MTRError(
            [
                _("The file is too large: at most %(kb)d KB (%(max)d districts).")
                % {"kb": MAX_UPLOAD_BYTES // 1024, "max": MAX_DISTRICTS}
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MTRError(
            [_("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.")]
        ) from None
    if "\x00" in text:
        raise MTRError([_("The file is not a CSV text file.")])
    if not text.strip():
        raise MTRError([_("The file is empty.")])
    first_line = text.lstrip().splitlines()[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter, skipinitialspace=True))
    except csv.Error as error:
        raise MTRError(
            [_("The file could not be read as CSV: %(error)s") % {"error": error}]
        ) from None
    rows = [(n, row) for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
    (header_line, headers), body = rows[0], rows[1:]
    name_col = _column(headers, DISTRICT_HEADERS)
    gender_col = _column(headers, GENDER_HEADERS)
    pair_col = _column(headers, PAIR_HEADERS)
    missing = []
    if name_col is None:
        missing.append(_("a “district” column (the district's name)"))
    if gender_col is None:
        missing.append(_("a “gender” column (woman or man)"))
    if missing:
        raise MTRError(
            [
                _("Line %(line)d, the header row, needs %(columns)s. It reads: %(found)s.")
                % {
                    "line": header_line,
                    "columns": _(" and ").join(missing),
                    "found": ", ".join(f"“{h.strip()[:30]}”" for h in headers[:6]) or "—",
                }
            ]
        )
    _check_size(len(body))
    errors: list[str] = []
    districts = []
    for number, row in body:

        def cell(index, row=row):
            return row[index] if index is not None and index < len(row) else ""

        district = _district(cell(name_col), cell(gender_col), cell(pair_col), number, errors)
        if district is not None:
            districts.append(district)
    if errors:
        raise MTRError(errors)
    return districts


# --- Pairing and result ----------------------------------------------------------------------


def pair_districts(districts: list[District]) -> list[MixedDistrict]:
    """Pair the districts into mixed districts, in the order of the list.

    A district whose "pair with" names another district is paired with it (the partner may
    name it back, or leave its own "pair with" empty); the others are paired consecutively.
    Raises ``MTRError`` for an odd count, a duplicate name, or an impossible pairing.
    """
    _check_size(len(districts))
    errors: list[str] = []
    by_key: dict[str, District] = {}
    for district in districts:
        key = district.name.casefold()
        if key in by_key:
            errors.append(
                _("Line %(line)d: “%(name)s” is already on line %(first)d. Each district once.")
                % {"line": district.line, "name": district.name, "first": by_key[key].line}
            )
        else:
            by_key[key] = district
    if errors:
        raise MTRError(errors)

    partner: dict[str, District] = {}  # district key → its partner
    for district in districts:
        if not district.pair_with:
            continue
        key, wanted = district.name.casefold(), district.pair_with.casefold()
        other = by_key.get(wanted)
        if other is None:
            errors.append(
                _(
                    "Line %(line)d: “%(name)s” should pair with “%(other)s”, which is not in "
                    "the list."
                )
                % {"line": district.line, "name": district.name, "other": district.pair_with}
            )
        elif other is district:
            errors.append(
                _("Line %(line)d: “%(name)s” cannot pair with itself.")
                % {"line": district.line, "name": district.name}
            )
        elif other.pair_with and other.pair_with.casefold() != key:
            errors.append(
                _(
                    "Line %(line)d: “%(name)s” pairs with “%(other)s”, but “%(other)s” pairs "
                    "with “%(third)s”."
                )
                % {
                    "line": district.line,
                    "name": district.name,
                    "other": other.name,
                    "third": other.pair_with,
                }
            )
        elif partner.get(wanted, district) is not district or partner.get(key, other) is not other:
            errors.append(
                _("Line %(line)d: “%(other)s” is already paired with another district.")
                % {"line": district.line, "other": other.name}
            )
        else:
            partner[key], partner[wanted] = other, district
    if errors:
        raise MTRError(errors)

    if len(districts) % 2:
        raise MTRError(
            [
                _(
                    "There are %(count)d districts: an odd number cannot be paired. Merge two "
                    "districts or split one so that every mixed district joins two."
                )
                % {"count": len(districts)}
            ]
        )

    mixed: list[MixedDistrict] = []
    done: set[str] = set()
    waiting: District | None = None
    for district in districts:
        key = district.name.casefold()
        if key in done:
            continue
        if key in partner:
            other = partner[key]
            mixed.append(MixedDistrict(district, other))
            done.update({key, other.name.casefold()})
        elif waiting is None:
            waiting = district
        else:
            mixed.append(MixedDistrict(waiting, district))
            done.update({key, waiting.name.casefold()})
            waiting = None
    return mixed


def calculate(districts: list[District]) -> Result:
    """The assembly before and after MTR; raises ``MTRError`` when it cannot be paired."""
    return Result(districts=tuple(districts), mixed=tuple(pair_districts(districts)))


# --- The worked example ----------------------------------------------------------------------

# Gatineau's city council: 18 districts, represented by 12 men and 6 women. The districts
# are numbered and the genders follow that split; they do not say who sits where.
GATINEAU_WOMEN = {2, 5, 8, 11, 14, 17}
GATINEAU_EXAMPLE = "\n".join(
    f"Gatineau {n}, {WOMAN if n in GATINEAU_WOMEN else MAN}" for n in range(1, 19)
)
