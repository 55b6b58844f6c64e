"""django-notifications-hq's fan-out, measured the way benchmarks/run.py measures civic's.

Runs inside benchmarks/.peer-venv (Django 4.2 LTS: the library does not import on 5.1+),
against its own database on the same PostgreSQL server (PEER_DATABASE_URL). Seeds the
same number of users set-based, makes each fan-out size a Group of that many members (the
library's own way of addressing an audience: ``notify.send(recipient=group)``), then times
``notify.send`` — which saves one row per recipient — plus the same visibility check as
civic: the first page and unread count of the first, the last and 100 random recipients.

Progress goes to stderr; the last line of stdout is one JSON object for run.py.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from notifications.signals import notify  # noqa: E402

from notifications.models import Notification  # noqa: E402

SAMPLE = 100
# The library saves in autocommit (one transaction per row) unless its caller opens one;
# both are timed at the first size and the faster one is kept: the peer gets its best case.
MODES = ("autocommit", "atomic")


def say(message: str) -> None:
    print(f"  [peer] {message}", file=sys.stderr, flush=True)


def group_of(size: int, first: int) -> Group:
    """A group whose members are the users ``first`` … ``first + size - 1`` (set-based)."""
    group = Group.objects.create(name=f"followers of the {size} space")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO auth_user_groups (user_id, group_id)"
            " SELECT g, %s FROM generate_series(%s, %s) AS g",
            [group.pk, first, first + size - 1],
        )
        cursor.execute("ANALYZE auth_user_groups")
    return group


def seed(users: int, sizes: list[int]) -> tuple[int, User, dict[int, Group]]:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO auth_user (password, last_login, is_superuser, username, first_name,"
            " last_name, email, is_staff, is_active, date_joined)"
            " SELECT '!', NULL, false, 'citizen-' || g, '', '',"
            " 'citizen-' || g || '@bench.invalid', false, true, now() - interval '400 days'"
            " FROM generate_series(1, %s) AS g",
            [users],
        )
    first = User.objects.get(username="citizen-1").pk
    actor = User.objects.create(username="decider")  # follows nothing, like civic's
    groups = {size: group_of(size, first) for size in sizes}
    with connection.cursor() as cursor:
        for table in ("auth_user", "auth_user_groups", "notifications_notification"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    say(f"seeded {users:,} users and {len(sizes)} groups in {time.perf_counter() - started:.1f}s")
    return first, actor, groups


def fan_out(*, size: int, mode: str, first: int, actor: User, group: Group) -> dict:
    rng = random.Random(size)
    ids = [first, first + size - 1, *rng.sample(range(first + 1, first + size - 1), SAMPLE)]
    # Loaded before the clock starts, as request.user is for civic's check.
    sample = list(User.objects.filter(pk__in=ids))
    since = timezone.now()

    started = time.perf_counter()
    if mode == "atomic":
        with transaction.atomic():
            notify.send(actor, recipient=group, verb="read a proposal addressed to", target=group)
    else:
        notify.send(actor, recipient=group, verb="read a proposal addressed to", target=group)
    sent = time.perf_counter()
    # Delivered = every recipient has its row: proved with one count, as for civic.
    visible = Notification.objects.filter(
        timestamp__gte=since, target_object_id=str(group.pk), unread=True
    ).count()
    delivered = time.perf_counter()
    full_check_s = delivered - sent
    if visible != size:
        raise SystemExit(f"peer: {visible} rows for {size} recipients")
    for user in sample:
        # The library's inbox page (its views: user.notifications.all(), newest first) and
        # its unread count: the new notification must be on top, unread, and counted.
        page = list(user.notifications.all()[:20])
        unread = user.notifications.unread().count()
        if not (page and page[0].timestamp >= since and page[0].unread and unread >= 1):
            raise SystemExit(f"peer: user {user.pk} does not see the notification")
    checked = time.perf_counter()
    total = delivered - started
    result = {
        "size": size,
        "mode": mode,
        "send_s": sent - started,
        "sample_s": checked - delivered,
        "total_s": total,
        "rps": size / total,
        "visible": visible,
        "full_check_s": full_check_s,
    }
    say(
        f"{size:>9,} recipients ({mode}): notify.send {result['send_s']:.2f}s, "
        f"sample check {result['sample_s']:.2f}s, {result['rps']:,.0f} recipients/s"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",") if x])
    parser.add_argument("--optional", type=int, default=0, help="run only within --budget")
    parser.add_argument("--budget", type=float, default=180.0, help="seconds")
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    first, actor, groups = seed(args.users, sizes)

    runs, skipped = [], []
    mode = None
    for size in sizes:
        if mode is None:
            tried = [
                fan_out(size=size, mode=m, first=first, actor=actor, group=groups[size])
                for m in MODES
            ]
            best = max(tried, key=lambda r: r["rps"])
            mode = best["mode"]
            runs.extend(tried)
        else:
            runs.append(fan_out(size=size, mode=mode, first=first, actor=actor, group=groups[size]))
    if args.optional:
        rate = max(r["rps"] for r in runs if r["size"] == max(sizes))
        estimate = args.optional / rate
        if estimate <= args.budget:
            runs.append(
                fan_out(
                    size=args.optional,
                    mode=mode,
                    first=first,
                    actor=actor,
                    group=group_of(args.optional, first),
                )  # fmt: skip
            )
        else:
            reason = (
                f"would take about {estimate:,.0f}s at the {max(sizes):,} rate "
                f"({rate:,.0f} rows/s), over the {args.budget:.0f}s budget"
            )
            say(f"{args.optional:>9,} recipients skipped: {reason}")
            skipped.append({"size": args.optional, "reason": reason, "estimate_s": estimate})

    import notifications

    versions = {
        "django": django.get_version(),
        "django-notifications-hq": notifications.__version__,
    }
    print(json.dumps({"runs": runs, "skipped": skipped, "mode": mode, "versions": versions}))


if __name__ == "__main__":
    main()
