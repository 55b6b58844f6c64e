"""Fixtures for browser tests (see ``tests/e2e/__init__.py`` for the helpers).

In a parallel run (pytest-xdist) each worker that gets a browser test launches its own
Chromium and its own live server, on a port the kernel picks (pytest-django's default; do not
pin ``--liveserver`` to one port with ``-n``), against its own test database.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Sync Playwright runs an asyncio event loop in the test thread; Django would otherwise refuse
# the ORM calls that fixtures and assertions make from that thread (SynchronousOnlyOperation).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CIVIC_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEFAULT_TIMEOUT_MS = 10_000


def pytest_configure(config):
    # WhiteNoise warns that STATIC_ROOT does not exist (collectstatic is not run for tests); the
    # live server serves static files from the finders instead.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session (Debian's, never a Playwright download)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While Playwright's event loop runs, Django keeps this thread's database connections
        # apart from those it had before (asgiref's Local behaves as a context variable), and
        # the tests that run after the first browser test (others, on an xdist worker) use
        # them. Nothing else closes them once the loop stops: an open one keeps pytest-django
        # from dropping this worker's test database ("being accessed by other users").
        from django.db import connections

        connections.close_all()


@pytest.fixture(autouse=True)
def _e2e_database(transactional_db):
    """The live server runs in another thread: test data must really be committed."""


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context per test (no cookies carried over), in US English.

    ``page.goto("/path")`` is relative to the live server. Content-Security-Policy violations
    and uncaught script errors are collected in ``page.civic_errors`` and fail the test.
    """
    context = browser.new_context(locale="en-US", base_url=live_server.url)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.civic_errors = errors

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            errors.append(f"CSP on {page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"Script error on {page.url}: {error}"))
    yield page
    context.close()
    if errors:
        pytest.fail("The browser reported errors:\n" + "\n".join(f"- {e}" for e in errors))
