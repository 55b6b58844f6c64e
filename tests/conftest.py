"""Fixtures every test gets, and what keeps the processes of a parallel run apart: isolation
(cache, language, fast hashing, eager Celery), the small world of places and its pieces, the
people of the chapters, challenges and competences tests, and the clients (``client_as``,
``admin_client``, ``api``, ``api_as``, ``delivered``).

``make test`` runs the suite on pytest-xdist workers (``gw0``, ``gw1``, …), one process each.
What they would otherwise share, and how each gets its own:

- the test database: pytest-django names it ``test_<NAME>_gw<N>`` on PostgreSQL; SQLite's
  test database is in memory, so per process anyway;
- the cache: ``_cache_of_this_worker`` gives each worker a key prefix of its own, and
  ``clear_cache()`` deletes only that prefix's keys (Django's ``RedisCache.clear()`` is a
  FLUSHDB, which would drop every worker's rate-limit counters, and the broker's queues when
  they share the database);
- the Celery queue and worker of the integration tests: tests/integration/conftest.py;
- files: ``tmp_path`` is under a base directory of each worker's own; the live server of the
  browser tests listens on a free port chosen by the kernel.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test.utils import override_settings


def cache_key_prefix(worker_id: str, testrun_uid: str) -> str:
    """The cache key prefix of one pytest process: the configured prefix, this run, this worker.

    The run's id keeps two runs sharing one Redis database (two checkouts) apart as well.
    """
    configured = settings.CACHES["default"].get("KEY_PREFIX", "")
    return f"{configured}-test-{testrun_uid[:8]}-{worker_id}".lstrip("-")


@pytest.fixture(scope="session", autouse=True)
def _cache_of_this_worker(worker_id, testrun_uid):
    """Every cache key this process writes carries its own prefix; yields the prefix.

    override_settings (not a bare assignment) resets Django's cache connections, so the
    prefix applies to the live server's thread and to caches opened before this fixture.
    The integration tests pass the same prefix to their Celery worker (CACHE_KEY_PREFIX).
    """
    prefix = cache_key_prefix(worker_id, testrun_uid)
    default = {**settings.CACHES["default"], "KEY_PREFIX": prefix}
    with override_settings(CACHES={**settings.CACHES, "default": default}):
        yield prefix


def clear_cache() -> None:
    """Empties this process's cache and nothing else.

    Redis: deletes the keys of this process's prefix only; ``cache.clear()`` would FLUSHDB,
    wiping the keys of the other workers (their rate-limit counters mid-test) and any broker
    queue kept in the same database. Other backends (LocMemCache) live in this process.
    """
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        backend.clear()
        return
    client = backend._cache.get_client(write=True)
    # make_key() is "<prefix>:<version>:<key>"; the prefix has no glob characters.
    keys = list(client.scan_iter(match=f"{backend.key_prefix}:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


@pytest.fixture(autouse=True)
def _isolated_cache(_cache_of_this_worker):
    """Rate-limit counters and cached pages must not leak from one test to the next."""
    clear_cache()
    yield
    clear_cache()


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness costs ~0.3 s per citizen built; tests need no protection.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Unit tests run tasks in-process even when CI configures a broker (REDIS_URL).

    Only ``@pytest.mark.integration`` tests publish to the broker, for the real worker of
    tests/integration/conftest.py; elsewhere a ``.delay()`` would publish a message that no
    test waits for and that a later worker would run against another test's data.
    """
    if request.node.get_closest_marker("integration"):
        yield
        return
    from civic.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _broker_tried_again():
    """A test that found the broker down (``civic.queueing`` pauses publishing for a moment)
    does not leave the next test's enqueues skipped."""
    from civic import queueing

    queueing.resume()
    yield
    queueing.resume()


# --- the small world, shared by every app's tests -------------------------------------------
# ``tests/jurisdictions/factories.build_world()`` (see its docstring): France › Île-de-France ›
# Paris, Lyon, Montréal, the EU, the ECB, the Métropole du Grand Paris, three topics, the
# who-is-responsible rules and bodies with Anne Mairesse, the mayor of Paris. Each fixture
# picks one piece, so a test asks only for what it reads: ``def test_x(paris, motorways)``.
# An app's conftest adds its own personas on top; it never copies these.
@pytest.fixture
def world(db):
    from tests.jurisdictions.factories import build_world

    return build_world()


@pytest.fixture
def france(world):
    return world.places.france


@pytest.fixture
def ile_de_france(world):
    return world.places.ile_de_france


@pytest.fixture
def paris_county(world):
    return world.places.paris_county


@pytest.fixture
def paris(world):
    """Paris, the city (under the county of Paris)."""
    return world.places.paris


@pytest.fixture
def rhone(world):
    return world.places.rhone


@pytest.fixture
def lyon(world):
    return world.places.lyon


@pytest.fixture
def canada(world):
    return world.places.canada


@pytest.fixture
def montreal(world):
    return world.places.montreal


@pytest.fixture
def european_union(world):
    return world.organisations.european_union


@pytest.fixture
def ecb(world):
    return world.organisations.ecb


@pytest.fixture
def metropole(world):
    """Métropole du Grand Paris, covering Paris (city): responsible for its household waste."""
    return world.organisations.metropole


@pytest.fixture
def household_waste(world):
    return world.topics.household_waste


@pytest.fixture
def motorways(world):
    return world.topics.motorways


@pytest.fixture
def interest_rates(world):
    return world.topics.interest_rates


@pytest.fixture
def mayor(world):
    """Anne Mairesse, a decision maker of Paris (city): current mandate at Mairie de Paris."""
    return world.mayor


# --- people of the chapters, challenges and competences tests ---------------------------------
# Every protected action gets a test for the outsider. An app's conftest may name its own
# (the chapters tests' organiser has an email address; the proposals tests' staff too).
@pytest.fixture
def citizen(db):
    """Chloé Citoyenne, a signed-in citizen."""
    from tests.civic.factories import CitizenFactory

    return CitizenFactory(display_name="Chloé Citoyenne")


@pytest.fixture
def staff(db):
    """Sam Staff: platform staff (acts everywhere), no mandate."""
    from tests.civic.factories import CitizenFactory

    return CitizenFactory(display_name="Sam Staff", platform_staff=True)


@pytest.fixture
def organiser(db):
    """Olga Organiser, who organises ``chapter``."""
    from tests.civic.factories import CitizenFactory

    return CitizenFactory(display_name="Olga Organiser")


@pytest.fixture
def outsider(db):
    """Otto Outsider, an ordinary member of ``chapter`` (not an organiser)."""
    from tests.civic.factories import CitizenFactory

    return CitizenFactory(display_name="Otto Outsider")


@pytest.fixture
def chapter(world, organiser, outsider):
    """"Lyon 50/50", the local chapter of Lyon that Olga organises and Otto belongs to."""
    from chapters.models import Membership
    from tests.challenges import factories

    chapter = factories.make_chapter(world.places.lyon, organiser=organiser, name="Lyon 50/50")
    Membership.objects.create(chapter=chapter, citizen=outsider)
    return chapter


@pytest.fixture
def global_best(db, staff):
    """Mixed Territorial Representation: a practice declared global by staff, assessed well."""
    from tests.challenges import factories

    practice = factories.make_practice(title="Mixed Territorial Representation (MTR)")
    return factories.make_global_best(practice, staff)


# --- clients and delivery -------------------------------------------------------------------
@pytest.fixture
def client_as(db):
    """client_as(user) → a new test ``Client`` logged in as ``user`` (one per persona)."""
    from django.test import Client

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def admin_client(client):
    """The test ``client`` logged in as a superuser (the Django admin)."""
    from tests.civic.factories import CitizenFactory

    client.force_login(
        CitizenFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    )
    return client


@pytest.fixture
def api():
    """An anonymous API client."""
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def api_as(db):
    """api_as(user) → a new ``APIClient`` logged in as ``user`` (``None``: anonymous)."""
    from rest_framework.test import APIClient

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def delivered(django_capture_on_commit_callbacks):
    """``with delivered(): …`` runs what services enqueue on commit, as a real commit would
    (the notification dispatch task, eagerly, and the emails it queues)."""

    def deliver():
        return django_capture_on_commit_callbacks(execute=True)

    return deliver
