"""Check that the French catalogue is complete: every source string translated and compiled.

    python manage.py check_translations

Exits with status 1 and a list of problems when a string in the code or the templates is
missing from ``civic/locale/fr/LC_MESSAGES/django.po``, an entry is empty or fuzzy, a
translation drops or renames a placeholder, the French typography is inconsistent, or
``django.mo`` was not recompiled after the ``.po`` changed.

The strings are extracted exactly as ``make messages`` extracts them (Django's
``makemessages``, with ``MAKEMESSAGES_OPTIONS``), but from a copy of the source tree in a
temporary directory, so a check never writes to the working tree. ``tests/civic/
test_translations.py`` runs the same functions; keep the Makefile's ``messages`` target in
step with ``MAKEMESSAGES_OPTIONS``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

LANGUAGE = "fr"
# The one catalogue: the repository's top-level layout is fixed, so it lives in the project
# package (settings.LOCALE_PATHS[0]) and no app has a locale/ folder of its own.
CATALOGUE_DIR = Path(settings.BASE_DIR) / "civic" / "locale" / LANGUAGE / "LC_MESSAGES"

# What `make messages` passes to makemessages. Tests, benchmarks and third-party code hold no
# user-visible strings; --add-location=file keeps line numbers out of the .po so that editing
# a template does not rewrite unrelated lines of the catalogue.
MAKEMESSAGES_OPTIONS = {
    "ignore_patterns": [".venv/*", "staticfiles/*", "tests/*", "benchmarks/*", "node_modules/*"],
    "no_obsolete": True,
    "add_location": "file",
}
DOMAIN_EXTENSIONS = {"django": (".html", ".txt", ".py"), "djangojs": (".js",)}
# Not copied at all (besides what MAKEMESSAGES_OPTIONS ignores): large or generated trees,
# and existing catalogues, which would otherwise receive the extracted strings.
_NOT_COPIED = {".git", ".venv", "node_modules", "staticfiles", "locale", "__pycache__"}

HINT = "Run `make messages` and translate the new entries in civic/locale/fr/LC_MESSAGES/django.po."


@dataclass(frozen=True)
class Problem:
    kind: str
    entry: str
    detail: str = ""

    def __str__(self) -> str:
        return f"[{self.kind}] {self.entry}" + (f" — {self.detail}" if self.detail else "")


def entry_label(entry: polib.POEntry) -> str:
    label = repr(entry.msgid)
    if entry.msgid_plural:
        label += f" / {entry.msgid_plural!r}"
    if entry.msgctxt:
        label = f"{entry.msgctxt!r}: {label}"
    return label


def _key(entry: polib.POEntry) -> tuple[str | None, str, str]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or "")


def catalogue(domain: str = "django") -> polib.POFile | None:
    path = CATALOGUE_DIR / f"{domain}.po"
    return polib.pofile(str(path)) if path.exists() else None


# --- Extraction --------------------------------------------------------------------------------
def _copy_sources(source: Path, target: Path, extensions: tuple[str, ...]) -> int:
    copied = 0
    for dirpath, dirnames, filenames in os.walk(source):
        dirnames[:] = [d for d in dirnames if d not in _NOT_COPIED and not d.startswith(".")]
        relative = Path(dirpath).relative_to(source)
        for filename in filenames:
            if filename.endswith(extensions):
                (target / relative).mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(dirpath) / filename, target / relative / filename)
                copied += 1
    return copied


def extract_messages(
    domain: str = "django", *, source: Path | None = None, workdir: Path | None = None
) -> list[polib.POEntry]:
    """Every message ``make messages`` would extract for ``domain`` from ``source``.

    ``source`` defaults to the project (``settings.BASE_DIR``). Works on a copy in
    ``workdir`` (a fresh temporary directory by default), so nothing in ``source`` changes:
    makemessages itself writes temporary files next to the templates it reads.
    """
    source = Path(source or settings.BASE_DIR)
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="civic-i18n-")))
        tree, out = Path(workdir) / "src", Path(workdir) / "locale"
        if not _copy_sources(source, tree, DOMAIN_EXTENSIONS[domain]):
            return []
        (out / LANGUAGE).mkdir(parents=True, exist_ok=True)
        with override_settings(LOCALE_PATHS=[str(out)]), contextlib.chdir(tree):
            call_command(
                "makemessages",
                locale=[LANGUAGE],
                domain=domain,
                keep_pot=True,
                verbosity=0,
                **MAKEMESSAGES_OPTIONS,
            )
        pot = out / f"{domain}.pot"
        return [e for e in polib.pofile(str(pot)) if e.msgid] if pot.exists() else []


# --- Checks ------------------------------------------------------------------------------------
def missing_from_catalogue(
    source_entries: list[polib.POEntry], po: polib.POFile | None
) -> list[Problem]:
    """Source strings that have no translated, non-fuzzy entry in ``po``."""
    entries = {_key(e): e for e in po if not e.obsolete} if po else {}
    problems = []
    for source_entry in source_entries:
        entry = entries.get(_key(source_entry))
        if entry is not None and entry.translated():  # translated() is false when fuzzy
            continue
        state = "not in the catalogue" if entry is None else "fuzzy" if entry.fuzzy else "empty"
        files = ", ".join(sorted({f for f, _line in source_entry.occurrences}))
        problems.append(Problem("missing", entry_label(source_entry), f"{state}; {files}"))
    return problems


def untranslated_entries(po: polib.POFile) -> list[Problem]:
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.fuzzy:
            problems.append(Problem("fuzzy", entry_label(entry), "check it, then drop the flag"))
        elif not entry.translated():
            problems.append(Problem("empty", entry_label(entry)))
        elif entry.msgid_plural and len(entry.msgstr_plural) != 2:
            problems.append(Problem("plural", entry_label(entry), "French needs two forms"))
    if po.metadata_is_fuzzy:
        problems.append(Problem("fuzzy", "header", "drop the fuzzy flag on the header"))
    if po.metadata.get("Language") != LANGUAGE:
        problems.append(Problem("header", "Language", f"should be {LANGUAGE!r}"))
    return problems


_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
_BRACE = re.compile(r"(?<!\{)\{(\w*)(?:[!:][^{}]*)?\}(?!\})")
# Only real HTML elements count as tags: "<place>" in a help text is prose, translated freely.
_TAG = re.compile(
    r"</?(a|abbr|b|bdi|br|cite|code|data|del|dfn|em|i|ins|kbd|li|mark|ol|p|q|s|samp|small|span"
    r"|strong|sub|sup|time|u|ul|var)\b",
    re.IGNORECASE,
)


def placeholders(text: str, *, python_format: bool) -> Counter:
    """The placeholders and HTML tags of ``text``, as a multiset of readable tokens."""
    found: Counter = Counter()
    if python_format:
        for match in _PERCENT.finditer(text):
            if match.group(0) != "%%":
                found[match.group(0) if match.group(1) is None else f"%({match.group(1)})"] += 1
    found.update(f"{{{name}}}" for name in _BRACE.findall(text))
    found.update(f"<{tag.lower()}>" for tag in _TAG.findall(text))
    return found


def placeholder_mismatches(po: polib.POFile) -> list[Problem]:
    problems = []
    for entry in po:
        if entry.obsolete or not entry.translated():
            continue
        python_format = "python-format" in entry.flags
        if entry.msgid_plural:
            # French uses the singular for 0 and 1, so both forms must show the count.
            expected = placeholders(entry.msgid, python_format=python_format) | placeholders(
                entry.msgid_plural, python_format=python_format
            )
            forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
        else:
            expected = placeholders(entry.msgid, python_format=python_format)
            forms = [entry.msgstr]
        for form in forms:
            got = placeholders(form, python_format=python_format)
            if got != expected:
                problems.append(
                    Problem(
                        "placeholders",
                        entry_label(entry),
                        f"source has {sorted(expected.elements())}, "
                        f"translation {form!r} has {sorted(got.elements())}",
                    )
                )
    return problems


# French typography, the catalogue's convention: a plain space before ? ! : ; and inside « »,
# straight apostrophes (as in Django's and allauth's French catalogues, which share the pages),
# guillemets rather than "quotes". Code samples, URLs and HTML tags are left alone.
_LITERAL = re.compile(r"<code>.*?</code>|<[^>]*>|\S+://\S+|%\(\w+\)[sd]|\{\w*\}")
_TYPOGRAPHY = [
    (re.compile(r"\S[?!;]|\S:(?=\s|$)"), "put a space before ? ! : ;"),
    (re.compile(r"[\u00a0\u202f]"), "use a plain space, not a no-break space"),
    (re.compile(r"«(?! )|(?<! )»"), "put a space inside « »"),
    (re.compile(r"[\"“”]"), "use « » rather than quotation marks"),
    (re.compile(r"’"), "use a straight apostrophe (')"),
]


def typography_problems(po: polib.POFile) -> list[Problem]:
    problems = []
    for entry in po:
        if entry.obsolete or not entry.translated():
            continue
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for form in forms:
            text = _LITERAL.sub("x", form)
            for pattern, advice in _TYPOGRAPHY:
                if pattern.search(text):
                    problems.append(
                        Problem("typography", entry_label(entry), f"{form!r}: {advice}")
                    )
    return problems


def stale_compiled_entries(po: polib.POFile, mo_path: Path) -> list[Problem]:
    """Entries whose translation in the compiled ``.mo`` differs from the ``.po``."""
    if not mo_path.exists():
        return [Problem("compiled", str(mo_path), "missing: run `manage.py compilemessages`")]
    compiled = {_key(e): e for e in polib.mofile(str(mo_path))}
    problems = []
    for entry in po:
        if entry.obsolete or entry.fuzzy or not entry.translated():
            continue
        mo_entry = compiled.get(_key(entry))
        if entry.msgid_plural:
            same = mo_entry is not None and {
                int(k): v for k, v in mo_entry.msgstr_plural.items()
            } == {int(k): v for k, v in entry.msgstr_plural.items()}
        else:
            same = mo_entry is not None and mo_entry.msgstr == entry.msgstr
        if not same:
            problems.append(
                Problem("compiled", entry_label(entry), "django.mo is older than django.po")
            )
    return problems


def all_problems() -> list[Problem]:
    problems: list[Problem] = []
    for domain in DOMAIN_EXTENSIONS:
        po = catalogue(domain)
        missing = missing_from_catalogue(extract_messages(domain), po)
        problems += missing
        if po is not None:
            reported = {problem.entry for problem in missing}
            problems += [p for p in untranslated_entries(po) if p.entry not in reported]
            problems += placeholder_mismatches(po)
            problems += typography_problems(po)
            problems += stale_compiled_entries(po, CATALOGUE_DIR / f"{domain}.mo")
    return problems


class Command(BaseCommand):
    help = "Check that the French catalogue covers, translates and compiles every source string."
    # Like makemessages: reading strings needs no valid models.
    requires_system_checks = []

    def handle(self, *args, **options):
        problems = all_problems()
        if problems:
            listing = "\n".join(f"  {p}" for p in problems)
            raise CommandError(f"{len(problems)} translation problem(s):\n{listing}\n{HINT}")
        po = catalogue("django")
        self.stdout.write(
            self.style.SUCCESS(f"French catalogue complete: {len(po)} strings translated.")
        )
