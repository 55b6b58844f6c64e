"""English and French are maintained together.

The source strings are extracted the way ``make messages`` extracts them (Django's
makemessages, on a copy of the tree in a temporary directory) and compared with the committed
catalogue, civic/locale/fr/LC_MESSAGES/django.po. ``manage.py check_translations`` runs the
same checks from the command line.
"""

import gettext

import polib
import pytest

from civic.management.commands import check_translations as i18n


def _listing(problems) -> str:
    return "\n".join(f"  {problem}" for problem in problems)


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    po = i18n.catalogue("django")
    assert po is not None, f"{i18n.CATALOGUE_DIR / 'django.po'} does not exist. {i18n.HINT}"
    return po


@pytest.fixture(scope="module")
def source_messages(tmp_path_factory):
    """The messages of both domains, extracted once for the module (about a second)."""
    return {
        domain: i18n.extract_messages(domain, workdir=tmp_path_factory.mktemp(domain))
        for domain in i18n.DOMAIN_EXTENSIONS
    }


def test_the_extraction_reads_both_code_and_templates(source_messages, po):
    """Guards the checks below against an extraction that silently finds nothing."""
    files = {path for entry in source_messages["django"] for path, _line in entry.occurrences}
    assert {path.rsplit(".", 1)[-1] for path in files} >= {"py", "html"}
    assert "templates/base.html" in files
    # `make messages` drops obsolete entries, so the catalogue mirrors the source.
    assert len(source_messages["django"]) >= len(po) // 2


@pytest.mark.parametrize("domain", list(i18n.DOMAIN_EXTENSIONS))
def test_every_source_string_is_translated_in_the_french_catalogue(source_messages, domain):
    missing = i18n.missing_from_catalogue(source_messages[domain], i18n.catalogue(domain))
    assert not missing, (
        f"{len(missing)} string(s) of the source have no French translation in "
        f"civic/locale/fr/LC_MESSAGES/{domain}.po:\n{_listing(missing)}\n"
        "Run `make messages` and translate them."
    )


def test_every_catalogue_entry_is_translated_and_not_fuzzy(po):
    problems = i18n.untranslated_entries(po)
    assert not problems, f"Incomplete French catalogue:\n{_listing(problems)}\n{i18n.HINT}"


def test_translations_keep_every_placeholder_and_tag(po):
    problems = i18n.placeholder_mismatches(po)
    assert not problems, f"Translations that would break at runtime:\n{_listing(problems)}"


def test_the_french_typography_is_consistent(po):
    problems = i18n.typography_problems(po)
    assert not problems, f"French typography:\n{_listing(problems)}"


def test_the_compiled_catalogue_gives_the_translations_of_the_po(po):
    """What Django reads (gettext on django.mo) is what the .po says: compilemessages was run."""
    mo_path = i18n.CATALOGUE_DIR / "django.mo"
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`."
    with mo_path.open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    stale = []
    for entry in po:
        if entry.obsolete or entry.fuzzy or not entry.translated():
            continue
        if entry.msgid_plural:
            # French: form 0 for 0 and 1, form 1 from 2 on (the header's Plural-Forms).
            for n, form in ((1, 0), (2, 1)):
                if entry.msgctxt is None:
                    got = compiled.ngettext(entry.msgid, entry.msgid_plural, n)
                else:
                    got = compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                if got != entry.msgstr_plural[form]:
                    stale.append(f"  {i18n.entry_label(entry)} (n={n}): {got!r}")
        else:
            if entry.msgctxt is None:
                got = compiled.gettext(entry.msgid)
            else:
                got = compiled.pgettext(entry.msgctxt, entry.msgid)
            if got != entry.msgstr:
                stale.append(f"  {i18n.entry_label(entry)}: {got!r}")
    assert not stale, (
        "django.mo does not match django.po; run `make messages` (it compiles):\n"
        + "\n".join(stale)
    )


@pytest.mark.parametrize(
    ("headers", "cookie", "lang", "heading", "nav"),
    [
        (
            {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"},
            None,
            "fr",
            "Une seule communauté citoyenne, à chaque échelon de gouvernement",
            "Qui est responsable ?",
        ),
        (
            {"HTTP_ACCEPT_LANGUAGE": "en"},
            "fr",
            "fr",
            "Une seule communauté citoyenne, à chaque échelon de gouvernement",
            "Qui est responsable ?",
        ),
        (
            {"HTTP_ACCEPT_LANGUAGE": "en"},
            None,
            "en",
            "One citizen community, every level of government",
            "Who is responsible?",
        ),
    ],
    ids=["french-browser", "language-cookie", "english-browser"],
)
@pytest.mark.django_db
def test_the_home_page_speaks_the_visitors_language(client, headers, cookie, lang, heading, nav):
    if cookie:
        client.cookies["civic_language"] = cookie
    response = client.get("/", **headers)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in page
    assert heading in page
    assert nav in page
    english = "One citizen community, every level of government"
    assert (english in page) == (lang == "en")


# --- The checks themselves can fail -----------------------------------------------------------
def test_a_string_added_to_a_template_or_code_is_reported_missing(tmp_path, po):
    source = tmp_path / "source"
    (source / "templates").mkdir(parents=True)
    (source / "templates" / "new.html").write_text(
        '{% load i18n %}<h1>{% translate "Who is responsible?" %}</h1>\n'
        '<p>{% translate "A sentence nobody has translated yet" %}</p>\n'
        "{% blocktranslate count counter=n %}{{ counter }} new thing"
        "{% plural %}{{ counter }} new things{% endblocktranslate %}\n"
    )
    (source / "proposals").mkdir()
    (source / "proposals" / "views.py").write_text(
        'from django.utils.translation import pgettext\nLABEL = pgettext("verb", "Support")\n'
    )
    (source / "tests").mkdir()
    (source / "tests" / "test_x.py").write_text(
        'from django.utils.translation import gettext as _\n_("Ignored")\n'
    )

    entries = i18n.extract_messages(source=source, workdir=tmp_path / "work")
    missing = sorted(problem.entry for problem in i18n.missing_from_catalogue(entries, po))

    assert missing == [
        "'%(counter)s new thing' / '%(counter)s new things'",
        "'A sentence nobody has translated yet'",
        "'verb': 'Support'",
    ]
    assert not (source / "templates" / "new.html.py").exists()


def _catalogue(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Language": "fr"}
    for entry in entries:
        po.append(entry)
    return po


def test_an_empty_fuzzy_or_half_plural_entry_is_reported():
    fuzzy = polib.POEntry(msgid="Follow", msgstr="Suivre", flags=["fuzzy"])
    empty = polib.POEntry(msgid="Unfollow", msgstr="")
    half = polib.POEntry(
        msgid="%(n)s follower",
        msgid_plural="%(n)s followers",
        msgstr_plural={0: "%(n)s abonné", 1: ""},
    )
    problems = i18n.untranslated_entries(_catalogue(fuzzy, empty, half))
    assert [(p.kind, p.entry) for p in problems] == [
        ("fuzzy", "'Follow'"),
        ("empty", "'Unfollow'"),
        ("empty", "'%(n)s follower' / '%(n)s followers'"),
    ]


def test_a_dropped_or_renamed_placeholder_is_reported():
    po = _catalogue(
        polib.POEntry(msgid="Follow %(name)s", msgstr="Suivre", flags=["python-format"]),
        polib.POEntry(msgid="Hi %(name)s", msgstr="Salut %(nom)s", flags=["python-format"]),
        polib.POEntry(msgid="{n} suggestions", msgstr="{count} suggestions"),
        polib.POEntry(msgid="Send <code>POST</code>", msgstr="Envoyez POST"),
        polib.POEntry(
            msgid="One follower",
            msgid_plural="%(counter)s followers",
            msgstr_plural={0: "Un abonné", 1: "%(counter)s abonnés"},
            flags=["python-format"],
        ),
        polib.POEntry(msgid="Page %(n)s", msgstr="Page %(n)s", flags=["python-format"]),
    )
    reported = [p.entry for p in i18n.placeholder_mismatches(po)]
    # The singular French form also serves 0, so it must show the count.
    assert reported == [
        "'Follow %(name)s'",
        "'Hi %(name)s'",
        "'{n} suggestions'",
        "'Send <code>POST</code>'",
        "'One follower' / '%(counter)s followers'",
    ]


def test_inconsistent_french_typography_is_reported():
    po = _catalogue(
        polib.POEntry(msgid="Who?", msgstr="Qui ?"),
        polib.POEntry(msgid="Where?", msgstr="Où?"),
        polib.POEntry(msgid="Home:", msgstr="Accueil\u00a0:"),
        polib.POEntry(msgid='"x"', msgstr="“x”"),
        polib.POEntry(msgid="Skip for now", msgstr="Passer pour l’instant"),
        polib.POEntry(
            msgid="Send <code>Authorization: Token</code>",
            msgstr="Envoyez <code>Authorization: Token</code>",
        ),
        polib.POEntry(msgid="See https://example.org", msgstr="Voir https://example.org"),
    )
    reported = [p.entry for p in i18n.typography_problems(po)]
    assert reported == ["'Where?'", "'Home:'", "'\"x\"'", "'Skip for now'"]
