# civic: one image for the web process (gunicorn), the Celery worker and Celery beat.
# docker-compose.yml runs it with DJANGO_ENV=production; see README.md, "Production-like".
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # BASE_DIR in civic/settings.py is the source tree (templates/, static/, locale/), so
    # the code runs from /app rather than from the copy `pip install .` puts in site-packages.
    PYTHONPATH=/app

WORKDIR /app

RUN useradd --system --create-home --uid 10001 --user-group civic

# Dependencies first, so editing the code does not reinstall them.
COPY pyproject.toml README.md ./
COPY civic ./civic
COPY jurisdictions ./jurisdictions
COPY proposals ./proposals
COPY notifications ./notifications
COPY chapters ./chapters
COPY challenges ./challenges
RUN pip install .

COPY manage.py ./
COPY templates ./templates
COPY static ./static

# Translations and static files are built into the image. The production profile refuses to
# start without SECRET_KEY; this throw-away value exists only for these build commands and
# is not kept in the image's environment.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && DJANGO_ENV=production SECRET_KEY=build-time-only-not-a-secret ALLOWED_HOSTS=localhost \
        python manage.py compilemessages \
    && DJANGO_ENV=production SECRET_KEY=build-time-only-not-a-secret ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --noinput \
    && apt-get purge -y --auto-remove gettext \
    && rm -rf /var/lib/apt/lists/*

USER civic

EXPOSE 8000

# /healthz answers {"status": "ok"}. The request names the first ALLOWED_HOSTS entry (Django
# rejects other hosts) and says it came over HTTPS, as the TLS proxy in front would.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; host = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.') or 'localhost'; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': host, 'X-Forwarded-Proto': 'https'}), timeout=4)"]

CMD ["gunicorn", "civic.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
