"""make bench (second part): immediate emails through the real worker to a real SMTP server.

What it does (about a minute and a half on 2 cores):

1. Creates the database ``civic_bench_emails`` on BENCH_POSTGRES_URL's server and migrates
   it; dropped at the end (``--keep`` keeps it).
2. Seeds ``--emails`` citizens (50,000 by default) following one proposal (set-based
   INSERTs), and a decision maker of its space.
3. Starts an SMTP server in this process (aiosmtpd, on a free port) that counts what it
   receives by Message-ID, and a real Celery worker (prefork, 2 processes, the default and
   the mail queue) on that database, mailing to that server, on a private Redis database
   (BENCH_EMAIL_REDIS_URL, default redis://127.0.0.1:6379/13, flushed before and after).
4. The decision maker answers the proposal through the real service: the author and every
   follower are told personally, each by an immediate email. The clock runs from that call
   until the server has received every email; the database must then say each is sent.
5. Prints the throughput, against the target of issue 19 (200 emails/s on this machine),
   and how many emails were lost or received twice (both must be 0).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.run import (  # noqa: E402 - the repository on the path first
    CELERY,
    ROOT,
    SECRET_KEY,
    Worker,
    _database_url,
    create_database,
    drop_database,
    say,
    stop_worker,
)

DB_NAME = "civic_bench_emails"
REDIS_URL = os.environ.get("BENCH_EMAIL_REDIS_URL", "redis://127.0.0.1:6379/13")
TARGET_PER_SECOND = 200.0
MESSAGE_ID = re.compile(rb"^Message-ID: <(civic-notification-\d+)@", re.MULTILINE)


class Sink:
    """An SMTP server that keeps nothing but a count per Message-ID."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()
        self.total = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        ids = MESSAGE_ID.findall(envelope.content)
        with self._lock:
            self.total += 1
            for message_id in ids:
                self.received[message_id.decode()] += 1
        return "250 OK"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(smtp_port: int) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "civic.settings",
            "DJANGO_ENV": "production",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "https://civic.bench.invalid",
            "DATABASE_URL": _database_url(DB_NAME),
            "REDIS_URL": REDIS_URL,
            "CELERY_BROKER_URL": REDIS_URL,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
    )
    return environ


def flush_redis() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.flushdb()
    finally:
        client.close()


def seed(emails: int):
    """The author, ``emails - 1`` followers of the proposal, and a decision maker."""
    from django.db import transaction

    from benchmarks.seed import _decider, _proposal, insert_select
    from civic.models import Citizen
    from jurisdictions.models import Jurisdiction, Topic
    from proposals.models import ProposalFollow

    author = Citizen.objects.create_user("author@bench.invalid")
    topic = Topic.objects.create(
        slug="bench-waste", domain=Topic.Domain.ENVIRONMENT, name_en="Waste", name_fr="Déchets"
    )
    space = Jurisdiction.add_root(
        name="Benchland", kind=Jurisdiction.Kind.NATION, slug="benchland", code="BENCH",
        label="Benchland",
    )  # fmt: skip
    decider = _decider(space, 0)
    proposal = _proposal(author, space, topic, "More trams")
    with transaction.atomic():
        insert_select(
            Citizen,
            "generate_series(1, %s) AS g",
            {"password": "'!'", "email": "'follower-' || g || '@bench.invalid'",
             "date_joined": "now()"},
            [emails - 1],
        )  # fmt: skip
        insert_select(
            ProposalFollow,
            "civic_citizen AS c",
            {"proposal_id": str(proposal.pk), "citizen_id": "c.id", "created_at": "now()"},
            suffix="WHERE c.email LIKE 'follower-%%'",
        )
    return proposal, decider


def start_worker(log_path: Path, environ: dict[str, str]) -> Worker:
    from civic.tasks import ping

    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                str(CELERY), "-A", "civic", "worker", "--pool=prefork", "--concurrency=2",
                "-l", "info", "--hostname", f"bench-emails-{os.getpid()}@%h",
                "--without-mingle", "--without-gossip",
            ],
            cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    worker = Worker(process, log_path)
    task_id = ping.delay("bench").id
    deadline = time.monotonic() + 60
    while not re.search(rf"civic\.ping\[{task_id}\] succeeded", worker.log()):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_worker(worker)
            raise SystemExit(f"the Celery worker did not start:\n{worker.tail()}")
        time.sleep(0.1)
    return worker


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=50_000)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--timeout", type=float, default=1200.0)
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    environ = environment(port)
    os.environ.update(environ)

    import django

    create_database(DB_NAME)
    worker = None
    try:
        django.setup()
        from django.core.management import call_command

        say(f"Migrating {DB_NAME} …")
        call_command("migrate", verbosity=0)
        say(f"Seeding {args.emails:,} recipients …")
        started = time.perf_counter()
        proposal, decider = seed(args.emails)
        say(f"  seeded in {time.perf_counter() - started:.1f} s")
        flush_redis()
        controller.start()
        say("Starting the SMTP server and the Celery worker …")
        worker = start_worker(Path(HERE / ".emails-worker.log"), environ)

        from notifications.models import Notification
        from proposals.models import Proposal
        from proposals.services import proposal_answer

        say(f"Answering the proposal: {args.emails:,} immediate emails …")
        clock = time.perf_counter()
        proposal_answer(
            proposal=proposal, actor=decider, text="Yes.", outcome=Proposal.Status.ACCEPTED
        )
        deadline = clock + args.timeout
        rows = Notification.objects.filter(event__proposal=proposal, kind="proposal.answered")
        while not rows.filter(event__dispatched_at__isnull=False).exists():
            if time.perf_counter() > deadline:
                raise SystemExit(f"the event was not dispatched:\n{worker.tail()}")
            time.sleep(0.05)
        expected = rows.count()  # the author and every follower, once each
        last_report = clock
        while sink.total < expected and time.perf_counter() < deadline:
            time.sleep(0.05)
            if time.perf_counter() - last_report > 10:
                last_report = time.perf_counter()
                say(f"  {sink.total:,} received after {last_report - clock:.0f} s")
        elapsed = time.perf_counter() - clock
        time.sleep(2)  # the last "sent" rows are written after the server's answer
        sent_ids = {
            f"civic-notification-{pk}"
            for pk in rows.filter(email_state="sent").values_list("pk", flat=True)
        }
        all_ids = {f"civic-notification-{pk}" for pk in rows.values_list("pk", flat=True)}
        lost = len([i for i in all_ids if sink.received[i] == 0])
        twice = len([i for i in all_ids if sink.received[i] > 1])
        rate = sink.total / elapsed if elapsed else 0.0
        say()
        say("=" * 72)
        say("SUMMARY — immediate emails, real worker (prefork 2) → local SMTP server")
        say("=" * 72)
        say(f"emails expected          {expected:>12,}")
        say(f"received by the server   {sink.total:>12,}")
        say(f"marked sent in database  {len(sent_ids):>12,}")
        say(f"lost / received twice    {lost:>5,} / {twice:,}")
        say(f"time                     {elapsed:>11.1f} s")
        say(f"throughput               {rate:>11.1f} emails/s   (target ≥ {TARGET_PER_SECOND:.0f}: "
            f"{'met' if rate >= TARGET_PER_SECOND else 'NOT MET'})")  # fmt: skip
        ok = lost == 0 and twice == 0 and rate >= TARGET_PER_SECOND
        return 0 if ok else 1
    finally:
        stop_worker(worker)
        controller.stop()
        from django.db import connections

        connections.close_all()
        flush_redis()
        if not args.keep:
            drop_database(DB_NAME)


if __name__ == "__main__":
    sys.exit(main())
