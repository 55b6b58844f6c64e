"""make bench: notification fan-out and inbox reads on PostgreSQL, against a peer.

What it does, start to end (about four to five minutes on 2 cores):

1. Creates two databases on the PostgreSQL server of BENCH_POSTGRES_URL (default
   postgres://postgres@127.0.0.1:5432): ``civic_bench`` for civic and ``civic_bench_peer``
   for django-notifications-hq. Both are dropped at the end (``--keep`` keeps them). It
   never touches any other database.
2. Migrates civic_bench and seeds it set-based (benchmarks/seed.py): a million citizens,
   spaces followed by 10,000, 100,000 and 1,000,000 of them, a year of events and 1.2M
   personal notifications.
3. Starts a real Celery worker (``.venv/bin/celery -A civic worker``, prefork, 2 processes)
   on civic_bench and a private Redis database (BENCH_REDIS_URL, default
   redis://127.0.0.1:6379/12, flushed before and after).
4. For each size, a decision maker opens a proposal through the real service
   (``proposals.services.proposal_mark_read``), which records a "proposal.read" event whose
   audience is the space's followers. The clock runs from that call until the worker has
   dispatched the event AND a sample of followers (the first, the last and 100 random
   ones, plus the proposal's author, told personally) see it, unread, on top of their inbox
   (``notifications.selectors.inbox_page``) and in their ``unread_count``. Audience
   delivery in civic is on read: one event row, no row per follower, so this cost does not
   grow with the followers; a full check then counts, in one SQL query with the selector's
   predicate, the followers to whom it is visible.
5. Runs benchmarks/peer_notify.py in benchmarks/.peer-venv (created on first use from
   benchmarks/requirements-peer.txt): django-notifications-hq's ``notify.send`` to the same
   number of recipients, one row each, timed with the same sample check.
6. Times one citizen's inbox page and unread count (median of several runs, queries
   counted) with 1.2M+ personal notification rows in the table.
7. Stops the worker and prints a summary table with the targets of issue 5.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "benchmarks"
CELERY = Path(sys.executable).parent / "celery"
PEER_VENV = HERE / ".peer-venv"
PEER_REQUIREMENTS = HERE / "requirements-peer.txt"

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
DB_NAME = "civic_bench"
PEER_DB_NAME = "civic_bench_peer"
SAMPLE = 100  # random followers checked, besides the first and the last
INBOX_RUNS = 15
DISPATCH_TIMEOUT = 120.0
WORKER_STARTUP_TIMEOUT = 60.0
PEER_TIMEOUT = 600.0
# Signs nothing that outlives the run; production settings insist on having one.
SECRET_KEY = secrets.token_urlsafe(40)

# The caller's environment, before this process switches to the bench's settings: the peer
# must not see the repository on PYTHONPATH (civic's own "notifications" app would shadow
# django-notifications-hq's).
CALLER_ENVIRONMENT = dict(os.environ)

# The targets of issue 5 on this 2-core machine.
TARGET_MILLION_S = 10.0
TARGET_RATIO = 20.0
TARGET_READ_MS = 20.0
TARGET_READ_QUERIES = 6


def say(message: str = "") -> None:
    print(message, flush=True)


# --- Databases and Redis ----------------------------------------------------------------------


def _database_url(name: str) -> str:
    return urlsplit(POSTGRES_URL)._replace(path=f"/{name}").geturl()


def _admin(sql: str) -> None:
    """Runs ``sql`` on the server's maintenance database (CREATE/DROP DATABASE)."""
    import psycopg2

    connection = psycopg2.connect(_database_url("postgres"))
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def check_services() -> None:
    """Stops with a clear message when PostgreSQL or Redis is not there."""
    import psycopg2
    import redis

    try:
        _admin("SELECT 1")
    except psycopg2.OperationalError as error:
        raise SystemExit(
            f"make bench: PostgreSQL is not reachable at {POSTGRES_URL} (set BENCH_POSTGRES_URL"
            f" to a server where this user may create databases): {error}"
        ) from None
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        raise SystemExit(
            f"make bench: Redis is not reachable at {REDIS_URL} (set BENCH_REDIS_URL): {error}"
        ) from None
    finally:
        client.close()


def create_database(name: str) -> None:
    assert name.startswith("civic_bench"), name  # never anything but the bench's own
    drop_database(name)
    _admin(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    assert name.startswith("civic_bench"), name
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def flush_redis() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.flushdb()
    finally:
        client.close()


def bench_environment() -> dict[str, str]:
    """The environment of this process and the worker: a production configuration (no
    DEBUG, persistent connections) on the bench database and the private Redis database."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "civic.settings",
            "DJANGO_ENV": "production",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": _database_url(DB_NAME),
            "REDIS_URL": REDIS_URL,
            "CELERY_BROKER_URL": REDIS_URL,
            # The author's personal notification is emailed: to nowhere.
            "EMAIL_URL": "dummymail://",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
    )
    return environ


# --- The worker -------------------------------------------------------------------------------


@dataclass
class Worker:
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])


def start_worker(log_path: Path) -> Worker:
    from civic.tasks import ping

    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                str(CELERY), "-A", "civic", "worker", "--pool=prefork", "--concurrency=2",
                "-l", "info", "-Q", "civic", "--hostname", f"bench-{os.getpid()}@%h",
                "--without-mingle", "--without-gossip",
            ],
            cwd=ROOT,
            env=bench_environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # a process group of its own: stop_worker ends the pool too
        )  # fmt: skip
    worker = Worker(process, log_path)
    task_id = ping.delay("bench").id
    deadline = time.monotonic() + WORKER_STARTUP_TIMEOUT
    while not re.search(rf"civic\.ping\[{task_id}\] succeeded", worker.log()):
        if process.poll() is not None:
            raise SystemExit(f"the Celery worker exited ({process.returncode}):\n{worker.tail()}")
        if time.monotonic() > deadline:
            stop_worker(worker)
            raise SystemExit(f"the Celery worker did not answer in time:\n{worker.tail()}")
        time.sleep(0.1)
    return worker


def stop_worker(worker: Worker | None) -> None:
    """Warm shutdown of the worker's process group, then a kill if it lingers."""
    if worker is None or worker.process.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        try:
            os.killpg(worker.process.pid, sig)
        except ProcessLookupError:
            return
        try:
            worker.process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_for(condition, *, timeout: float, interval: float = 0.002):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            return value
        time.sleep(interval)


# --- civic's fan-out -------------------------------------------------------------------------


def sees_it(citizen, event_id: int) -> bool:
    """The follower's inbox page has the event on top, unread, and their count includes it."""
    from notifications.selectors import inbox_page, unread_count

    items, _next = inbox_page(citizen)
    return (
        bool(items)
        and items[0].event.pk == event_id
        and not items[0].read
        and (unread_count(citizen) >= 1)
    )


def visible_count(event) -> tuple[int, int]:
    """(followers who see ``event`` in their audience stream, citizens told personally).

    One query each, with the predicate of ``notifications.selectors._audience`` applied to
    every follower at once: follows the space since before the event, is not its actor, was
    not told personally, has not switched the kind off in the app.
    """
    from django.db.models import Exists, OuterRef

    from jurisdictions.models import Follow
    from notifications import registry
    from notifications.models import Channel, Notification, Preference

    assert event.kind in registry.audience_kinds()
    audience = (
        Follow.objects.filter(space_id=event.space_id, created_at__lte=event.created_at)
        .exclude(citizen_id=event.actor_id)
        .exclude(
            Exists(Notification.objects.filter(recipient_id=OuterRef("citizen_id"), event=event))
        )
        .exclude(
            Exists(
                Preference.objects.filter(
                    citizen_id=OuterRef("citizen_id"),
                    kind=event.kind,
                    channel=Channel.IN_APP,
                    enabled=False,
                )
            )
        )
        .count()
    )
    return audience, Notification.objects.filter(event=event).count()


def civic_fan_out(world, size: int) -> dict:
    from civic.models import Citizen
    from notifications.models import Event
    from proposals.notifications import PROPOSAL_READ
    from proposals.services import proposal_mark_read

    followers = world.followers(size)
    rng = random.Random(size)
    ids = [followers[0], followers[-1], *rng.sample(followers[1:-1], SAMPLE)]
    # Loaded before the clock starts, as request.user is when a citizen opens the inbox.
    sample = list(Citizen.objects.filter(pk__in=ids))
    proposal, decider = world.proposals[size], world.deciders[size]
    newest = Event.objects.order_by("-id").values_list("id", flat=True).first()

    started = time.perf_counter()
    if not proposal_mark_read(proposal=proposal, reader=decider):  # commits, then enqueues
        raise SystemExit(f"bench: the read receipt of the {size:,} proposal was not recorded")
    recorded = time.perf_counter()
    event = Event.objects.get(pk__gt=newest, proposal=proposal, kind=PROPOSAL_READ)
    dispatched = wait_for(
        lambda: Event.objects.filter(pk=event.pk, dispatched_at__isnull=False).exists(),
        timeout=DISPATCH_TIMEOUT,
    )
    if not dispatched:
        raise SystemExit(f"bench: event {event.pk} was not dispatched in {DISPATCH_TIMEOUT}s")
    dispatched_at = time.perf_counter()
    # Delivered = every follower can see it: proved for all of them at once with the
    # selector's own predicate (one SQL query), inside the timed path.
    event.refresh_from_db()
    audience, personal = visible_count(event)
    delivered = time.perf_counter()
    full_check_s = delivered - dispatched_at
    if audience != size or personal != 1:
        raise SystemExit(f"bench: visible to {audience} followers and {personal} personally")
    # Then, as a citizen would, open the inbox of a sample of followers and of the author
    # (told personally). These reads verify the proof; they are reported, not counted as
    # delivery time (each is timed on its own in the inbox section below).
    for citizen in [*sample, world.author]:
        if not sees_it(citizen, event.pk):
            raise SystemExit(f"bench: citizen {citizen.pk} does not see event {event.pk}")
    checked = time.perf_counter()
    total = delivered - started
    return {
        "size": size,
        "record_s": recorded - started,
        "dispatch_s": dispatched_at - recorded,
        "sample_s": checked - delivered,
        "total_s": total,
        "rps": size / total,
        "full_check_s": full_check_s,
        "visible": audience,
        "personal": personal,
    }


# --- One citizen's inbox ---------------------------------------------------------------------


def time_read(function, citizen, runs: int = INBOX_RUNS) -> dict:
    """Median server time of ``function(citizen)`` over ``runs`` warm runs, and its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        function(citizen)
    durations, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        function(citizen)
        durations.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    with CaptureQueriesContext(connection) as captured:
        function(citizen)
    return {
        "median_ms": statistics.median(durations) * 1000,
        "min_ms": min(durations) * 1000,
        # This process's CPU alone (building the queries and the objects): the rest of the
        # wall time is waiting for PostgreSQL, or for a CPU when the machine is busy.
        "cpu_ms": statistics.median(cpu) * 1000,
        "queries": len(captured.captured_queries),
    }


def inbox_reads(world) -> dict:
    from civic.models import Citizen
    from jurisdictions.models import Follow
    from notifications.models import Event, Notification
    from notifications.selectors import inbox_page, unread_count

    reader = Citizen.objects.get(pk=world.reader_id)
    spaces = Follow.objects.filter(citizen=reader).values("space_id")
    facts = {
        "notification_rows": Notification.objects.count(),
        "event_rows": Event.objects.count(),
        "reader_personal": Notification.objects.filter(recipient=reader).count(),
        "reader_stream": Event.objects.filter(space_id__in=spaces).count(),
        "reader_follows": Follow.objects.filter(citizen=reader).count(),
    }
    page = time_read(inbox_page, reader)
    count = time_read(unread_count, reader)
    facts["unread"] = unread_count(reader)
    return {"facts": facts, "inbox_page": page, "unread_count": count}


# --- The peer ---------------------------------------------------------------------------------


def _peer_environment() -> dict[str, str]:
    return {
        k: v
        for k, v in CALLER_ENVIRONMENT.items()
        if not k.startswith(("DJANGO_", "PYTHON", "VIRTUAL_ENV"))
    }


def ensure_peer_venv() -> Path:
    """benchmarks/.peer-venv with requirements-peer.txt, rebuilt when that file changes."""
    python = PEER_VENV / "bin" / "python"
    stamp = PEER_VENV / ".installed"
    if stamp.exists() and stamp.stat().st_mtime >= PEER_REQUIREMENTS.stat().st_mtime:
        return python
    say("Creating benchmarks/.peer-venv (Django 4.2 LTS + django-notifications-hq) …")
    environ = _peer_environment()
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True, env=environ)
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-r", str(PEER_REQUIREMENTS)],
        env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    if installed.returncode:
        raise SystemExit(f"could not install the peer's requirements:\n{installed.stdout}")
    stamp.touch()
    return python


def run_peer(*, users: int, sizes: list[int], optional: int, budget: float) -> dict:
    python = ensure_peer_venv()
    environ = _peer_environment()
    environ["PEER_DATABASE_URL"] = _database_url(PEER_DB_NAME)
    command = [
        str(python), str(HERE / "peer_notify.py"), "--users", str(users),
        "--sizes", ",".join(map(str, sizes)), "--budget", str(budget),
    ]  # fmt: skip
    if optional:
        command += ["--optional", str(optional)]
    result = subprocess.run(
        command, cwd=HERE, env=environ, stdout=subprocess.PIPE, text=True, timeout=PEER_TIMEOUT
    )
    if result.returncode:
        raise SystemExit(f"the peer benchmark failed ({result.returncode})")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Report -----------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _load() -> str:
    return "/".join(f"{v:.1f}" for v in os.getloadavg())


def report(*, world, fanouts, peer, reads, elapsed, load_at_start) -> None:
    say()
    say("=" * 100)
    say("SUMMARY — civic notifications on PostgreSQL 15, real Celery worker, 2 cores")
    say("=" * 100)
    say(
        "Audience delivery in civic is on read: the event is ONE row, read by each follower's\n"
        "inbox from the space's stream; no row is written per follower, so the fan-out cost\n"
        "does not grow with the followers. 'Delivered' below = recorded through the service\n"
        "and committed, dispatched by the worker, and proved visible to EVERY follower by one\n"
        "SQL count using the inbox's own predicate (the peer: one count of its rows). Then, as\n"
        f"a check outside the timed path ('sample'), the inboxes of the first, the last and\n"
        f"{SAMPLE} random followers and of the author (told personally) are opened."
    )
    say()
    header = (
        f"{'followers':>10} | {'record':>7} | {'dispatch':>8} | {'sample':>7} | "
        f"{'delivered':>9} | {'recipients/s':>13} | {'full check (1 SQL)':>18} | visible"
    )
    say("civic — proposal_mark_read → worker → followers' inboxes (seconds)")
    say(header)
    say("-" * len(header))
    for r in fanouts:
        say(
            f"{r['size']:>10,} | {r['record_s']:>7.3f} | {r['dispatch_s']:>8.3f} | "
            f"{r['sample_s']:>7.3f} | {r['total_s']:>9.3f} | {r['rps']:>13,.0f} | "
            f"{r['full_check_s']:>17.3f}s | {r['visible']:,} + {r['personal']} personal"
        )
    if peer:
        say()
        say(
            f"django-notifications-hq {peer['versions']['django-notifications-hq']} on Django "
            f"{peer['versions']['django']} — notify.send(recipient=group), one row per recipient"
        )
        header = (
            f"{'recipients':>10} | {'mode':>10} | {'notify.send':>11} | {'sample':>7} | "
            f"{'delivered':>9} | {'recipients/s':>13}"
        )
        say(header)
        say("-" * len(header))
        for r in peer["runs"]:
            say(
                f"{r['size']:>10,} | {r['mode']:>10} | {r['send_s']:>11.3f} | "
                f"{r['sample_s']:>7.3f} | {r['total_s']:>9.3f} | {r['rps']:>13,.0f}"
            )
        for s in peer["skipped"]:
            say(f"{s['size']:>10,} | skipped: {s['reason']}")
        say(f"(the peer's faster mode, '{peer['mode']}', is used for the ratios)")
    say()
    facts = reads["facts"]
    say(
        f"One citizen's inbox with {facts['notification_rows']:,} notification rows and "
        f"{facts['event_rows']:,} events in the tables\n"
        f"(the reader: {facts['reader_personal']} personal rows, follows "
        f"{facts['reader_follows']} spaces whose stream holds {facts['reader_stream']:,} "
        f"events; {facts['unread']:,} unread; median of {INBOX_RUNS} warm runs)"
    )
    for name in ("inbox_page", "unread_count"):
        r = reads[name]
        say(
            f"  {name:<13} {r['median_ms']:7.1f} ms median ({r['min_ms']:.1f} min; "
            f"{r['cpu_ms']:.1f} ms of it Python CPU), {r['queries']} queries"
        )

    say()
    say("Targets (issue 5)")
    rows = []
    by_size = {r["size"]: r for r in fanouts}
    if 1_000_000 in by_size:
        t = by_size[1_000_000]["total_s"]
        rows.append(
            (f"1,000,000 followers delivered in ≤ {TARGET_MILLION_S:.0f} s", f"{t:.2f} s",
             t <= TARGET_MILLION_S)
        )  # fmt: skip
    if peer:
        peer_best = {r["size"]: r for r in peer["runs"] if r["mode"] == peer["mode"]}
        for size in sorted(peer_best):
            if size in by_size:
                ratio = by_size[size]["rps"] / peer_best[size]["rps"]
                rows.append(
                    (f"throughput vs the peer at {size:,}"
                     + (f" (≥ {TARGET_RATIO:.0f}×)" if size == 100_000 else ""),
                     f"{ratio:,.1f}×", ratio >= TARGET_RATIO if size == 100_000 else None)
                )  # fmt: skip
    for name in ("inbox_page", "unread_count"):
        r = reads[name]
        rows.append(
            (f"{name} < {TARGET_READ_MS:.0f} ms, ≤ {TARGET_READ_QUERIES} queries",
             f"{r['median_ms']:.1f} ms, {r['queries']} queries",
             r["median_ms"] < TARGET_READ_MS and r["queries"] <= TARGET_READ_QUERIES)
        )  # fmt: skip
    for label, value, ok in rows:
        say(f"  {label:<48} {value:>22}   {'' if ok is None else verdict(ok)}")
    say()
    seeding = ", ".join(f"{k} {v:.1f}s" for k, v in world.timings.items())
    say(f"Seeding: {seeding}")
    started_load = "/".join(f"{v:.1f}" for v in load_at_start)
    say(
        f"make bench took {elapsed:.0f} s; load average {started_load} at the start, "
        f"{_load()} at the end (2 cores)"
    )
    if max(load_at_start[0], os.getloadavg()[0]) > 1.5:
        say(
            "NOTE: other processes were using the CPU during this run; the times above are\n"
            "inflated by them. Re-run on an otherwise idle machine for reference figures."
        )


# --- Main -------------------------------------------------------------------------------------


def _interrupted(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sizes = lambda s: [int(x.replace("_", "")) for x in s.split(",") if x]  # noqa: E731
    parser.add_argument("--sizes", type=sizes, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--peer-sizes", type=sizes, default=[10_000, 100_000])
    parser.add_argument(
        "--peer-optional",
        type=int,
        default=1_000_000,
        help="a peer size run only if it fits --peer-budget (0: never)",
    )
    parser.add_argument("--peer-budget", type=float, default=180.0, help="seconds")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print EXPLAIN ANALYZE of the reader's inbox and unread count",
    )
    args = parser.parse_args()
    citizens = max(args.sizes)
    began = time.perf_counter()
    load_at_start = os.getloadavg()

    # SIGTERM (make interrupted, CI timeout) unwinds like Ctrl-C: the finally cleans up.
    signal.signal(signal.SIGTERM, _interrupted)
    worker = None
    try:
        say(f"Databases {DB_NAME} and {PEER_DB_NAME} on {urlsplit(POSTGRES_URL).netloc}; "
            f"Redis {REDIS_URL} (private, flushed).")  # fmt: skip
        check_services()
        create_database(DB_NAME)
        if not args.no_peer:
            create_database(PEER_DB_NAME)
        flush_redis()
        environ = bench_environment()
        os.environ.clear()
        os.environ.update(environ)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        import seed as seeding  # benchmarks/seed.py, beside this file
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        say(f"Seeding {citizens:,} citizens, follows, events and notifications (set-based) …")
        world = seeding.seed(citizens=citizens, sizes=args.sizes)
        say("  " + ", ".join(f"{k} {v:.1f}s" for k, v in world.timings.items()))

        say("Starting the Celery worker …")
        log_dir = Path(tempfile.mkdtemp(prefix="civic-bench-"))  # kept if the run fails
        worker = start_worker(log_dir / "worker.log")
        from notifications.models import Event

        # The proposals' "submitted" events, queued while seeding, go first.
        if not wait_for(lambda: not Event.objects.undispatched().exists(), timeout=60,
                        interval=0.1):  # fmt: skip
            raise SystemExit(f"the seeded events were not dispatched:\n{worker.tail()}")

        fanouts = []
        for size in sorted(args.sizes):
            result = civic_fan_out(world, size)
            say(
                f"  civic {size:>9,} followers: delivered in {result['total_s']:.3f}s "
                f"({result['rps']:,.0f} recipients/s); full check {result['full_check_s']:.2f}s"
            )
            fanouts.append(result)
        stop_worker(worker)

        say("Reading one citizen's inbox …")
        reads = inbox_reads(world)
        if args.explain:
            explain(world)

        peer = None
        if not args.no_peer:
            say("Running django-notifications-hq in benchmarks/.peer-venv …")
            peer = run_peer(
                users=citizens, sizes=args.peer_sizes, optional=args.peer_optional,
                budget=args.peer_budget,
            )  # fmt: skip
        report(world=world, fanouts=fanouts, peer=peer, reads=reads,
               elapsed=time.perf_counter() - began, load_at_start=load_at_start)  # fmt: skip
        stop_worker(worker)
        shutil.rmtree(log_dir, ignore_errors=True)
        return 0
    except BaseException:
        if worker is not None:
            say(f"The worker's log: {worker.log_path}")
        raise
    finally:
        stop_worker(worker)
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if args.keep:
            say(f"Kept the databases {DB_NAME} and {PEER_DB_NAME} (--keep).")
        else:
            for name in (DB_NAME, PEER_DB_NAME):
                with contextlib.suppress(Exception):
                    drop_database(name)
        with contextlib.suppress(Exception):
            flush_redis()


def explain(world) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of each query the reader's inbox and count run."""
    from django.db import connection

    from civic.models import Citizen
    from notifications.selectors import inbox_page, unread_count

    reader = Citizen.objects.get(pk=world.reader_id)
    for function in (inbox_page, unread_count):
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            function(reader)
        for query in captured.captured_queries:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                say(f"--- {function.__name__}: {query['sql'][:300]}")
                say("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    sys.exit(main())
