"""The member states of the United Nations, from packaged data (never typed by hand).

country-converter's table has a ``UNmember`` column (the year of admission, empty for
non-members); its ``ISO2`` column holds regular expressions for a few countries, so rows
are matched on ``ISO3`` through pycountry, as ``jurisdictions.loader`` does. Names come
from pycountry, translated with its own ISO 3166-1 catalogues.

``challenges.demo`` sets the Department of Peace's goal to ``len(un_member_codes())``
(193 with country-converter 1.3.2), and ``challenges.selectors.peace_nations`` lists them.
"""

from __future__ import annotations

import csv
import gettext
import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry
from django.utils.translation import get_language


@dataclass(frozen=True)
class MemberState:
    alpha_2: str
    alpha_3: str
    admitted: int  # year of admission to the United Nations
    english_name: str


def _table_path() -> Path:
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The country_converter package is not installed.")
    return Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"


@cache
def un_member_states() -> tuple[MemberState, ...]:
    """Every current UN member state, ordered by English name (read once per process)."""
    states = []
    with _table_path().open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            admitted = (row.get("UNmember") or "").strip()
            if not admitted:
                continue
            country = pycountry.countries.get(alpha_3=row["ISO3"].strip())
            if country is None:
                continue
            name = getattr(country, "common_name", None) or country.name
            states.append(
                MemberState(
                    alpha_2=country.alpha_2,
                    alpha_3=country.alpha_3,
                    admitted=int(float(admitted)),
                    english_name=name,
                )
            )
    return tuple(sorted(states, key=lambda s: s.english_name))


def un_member_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes of the UN member states."""
    return frozenset(state.alpha_2 for state in un_member_states())


@cache
def _catalogue(language: str):
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return None


def country_name(state: MemberState, language: str | None = None) -> str:
    """The state's name in ``language`` (the active language by default)."""
    language = (language or get_language() or "en").split("-")[0]
    if language == "en":
        return state.english_name
    catalogue = _catalogue(language)
    if catalogue is None:
        return state.english_name
    # pycountry's catalogues translate the official short names, not the common names.
    country = pycountry.countries.get(alpha_2=state.alpha_2)
    for name in (getattr(country, "common_name", None), country.name):
        if name:
            translated = catalogue.gettext(name)
            if translated != name:
                return translated
    return state.english_name
