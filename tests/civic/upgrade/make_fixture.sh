#!/bin/sh
# Regenerates the pre-reshape database of the upgrade test (README.md in this folder):
#   pre_reshape.json.xz      dumpdata --all of the demo at 5284b38, plus populate_old.py
#   pre_reshape_leaves.json  the leaf migration of every app at that commit
#
# Usage: tests/civic/upgrade/make_fixture.sh   (PYTHON=... to use another interpreter; it
# needs this project's dependencies, which 5284b38 shares.)
#
# The old code runs from a temporary git worktree. `manage.py` puts its own folder first on
# sys.path, ahead of the editable install of today's code: the script checks that the
# packages it imports are the old ones before anything is written.
set -eu

COMMIT=5284b38
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
WORK=$(mktemp -d)
OLD="$WORK/civic-$COMMIT"

cleanup() {
    git -C "$ROOT" worktree remove --force "$OLD" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

git -C "$ROOT" worktree add --quiet --detach "$OLD" "$COMMIT"
cd "$OLD"
# A fresh SQLite file; no broker (tasks run eagerly), no Redis cache, no email sent or shown.
export DATABASE_URL="sqlite:///$WORK/old.sqlite3"
unset REDIS_URL CELERY_BROKER_URL DJANGO_SETTINGS_MODULE || true
export DEMO_PASSWORD=civic-demo EMAIL_URL=dummymail://

"$PYTHON" manage.py shell --no-imports -c "
import os, civic, proposals, challenges
for package in (civic, proposals, challenges):
    assert package.__file__.startswith(os.getcwd()), f'imported today\'s {package.__file__}'
"
"$PYTHON" manage.py migrate --noinput -v0
"$PYTHON" manage.py load_demo >/dev/null
"$PYTHON" manage.py shell --no-imports <"$HERE/populate_old.py"

"$PYTHON" manage.py shell --no-imports -c "
import json
from django.db import connection
from django.db.migrations.loader import MigrationLoader
loader = MigrationLoader(connection)
leaves = {app: name for app, name in sorted(loader.graph.leaf_nodes())}
applied = {key for key in loader.applied_migrations}
assert all((app, name) in applied for app, name in leaves.items()), 'unapplied leaf'
print(json.dumps({'commit': '$(git rev-parse HEAD)', 'leaves': leaves}, indent=2))
" >"$HERE/pre_reshape_leaves.json"

# --all: rows hidden by a default manager are rows too. Content types and permissions are
# kept, with their ids, so the foreign keys to them load unchanged.
"$PYTHON" manage.py dumpdata --all --indent 1 | xz -9e -T1 >"$HERE/pre_reshape.json.xz"

"$PYTHON" -c "
import json, lzma, collections
rows = json.load(lzma.open('$HERE/pre_reshape.json.xz'))
counts = collections.Counter(row['model'] for row in rows)
print(len(rows), 'rows of', len(counts), 'models')
"
