"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Fixtures (``tests/e2e/conftest.py``): ``browser`` (one Chromium per session), ``page`` (a fresh
context per test, en-US, ``base_url`` = the live server, fails the test on a CSP violation or an
uncaught script error), plus pytest-django's ``live_server``, ``settings`` and ``mailoutbox``.
Every test here runs with ``transactional_db`` and is marked ``e2e``.

Helpers for tests, importable as ``from tests.e2e import assert_accessible, login, email_link``.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

# axe impacts that fail a test. "moderate" and "minor" are reported by axe too but are
# judgement calls (e.g. "region" on a page fragment); serious/critical block real users.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

_URL = re.compile(r"https?://[^\s<>\"']+")


def assert_accessible(page: Page, *, context: str | dict | None = None) -> None:
    """Run axe-core on the page as it is now; fail listing serious and critical violations.

    ``context`` narrows the check (an axe context, e.g. ``"#main"``). Also fails when the page
    logged a Content-Security-Policy violation so far (see the ``page`` fixture).
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    blocking = [
        violation
        for violation in results.response["violations"]
        if violation.get("impact") in BLOCKING_IMPACTS
    ]
    problems = []
    for violation in blocking:
        targets = "; ".join(
            " ".join(str(part) for part in node["target"]) for node in violation["nodes"][:5]
        )
        problems.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({len(violation['nodes'])} node(s): {targets})"
        )
    assert not problems, f"axe-core found accessibility problems on {page.url}:\n" + "\n".join(
        problems
    )
    assert_no_browser_errors(page)


def assert_no_browser_errors(page: Page) -> None:
    """Fail if the page reported a CSP violation or an uncaught script error so far.

    The ``page`` fixture records them in ``page.civic_errors``; it also calls this at teardown.
    """
    errors = getattr(page, "civic_errors", [])
    assert not errors, "The browser reported errors:\n" + "\n".join(f"- {e}" for e in errors)


def login(page: Page, live_server, email: str, password: str) -> None:
    """Sign in through the real login form and wait until the citizen is signed in.

    Works in English and French (fields and buttons are found by name, not label). After it
    returns the page is wherever allauth redirected (the onboarding page for a citizen without
    a home, the profile otherwise).
    """
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("#main form button[type=submit]").click()
    expect(page.locator("form[action$='/accounts/logout/']")).to_have_count(1)


def email_link(message, *, contains: str = "") -> str:
    """The first URL in an email's text body that contains ``contains``.

    Use with pytest-django's ``mailoutbox`` (emails sent by the live server land there: it
    runs in the test process with the locmem backend).
    """
    for url in _URL.findall(message.body):
        if contains in url:
            return url.rstrip(".,)")
    raise AssertionError(
        f"No link containing {contains!r} in email {message.subject!r}:\n{message.body}"
    )
