"""Settings for civic, read from the environment (django-environ).

Every variable is documented in README.md. A malformed value stops start-up with
an ``ImproperlyConfigured`` message naming the variable (see ``civic.env``).
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from civic.env import (
    env,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_match,
    env_timezone,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# "development" (the default: make run, make test) or "production" (docker-compose, deploys).
DJANGO_ENV = env_choice("DJANGO_ENV", ("development", "production"), default="development")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and not env("SECRET_KEY", default=""):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production.")
# The development key is public by design: it only signs sessions of a local demo.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env_url("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "treebeard",
    "csp",
    "civic",
    "civic.audit",
    "civic.competences",
    "jurisdictions",
    "proposals",
    "proposals.discussions",
    "proposals.consultations",
    "proposals.dashboard",
    "proposals.accountability",
    "notifications",
    "chapters",
    "challenges",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "civic.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "civic.middleware.CitizenLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "civic.urls"
WSGI_APPLICATION = "civic.wsgi.application"
ASGI_APPLICATION = "civic.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "civic.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", 60 if PRODUCTION else 0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server and an eager task write while a page reads.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery ---------------------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", default="")
CELERY_BROKER_URL = env_url("CELERY_BROKER_URL", default=REDIS_URL)

if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, served from this process's memory while Redis is down.
            "BACKEND": "civic.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="civic"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    # A real (per-process) cache, never the dummy one: allauth's rate limits need it.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Without a broker, tasks run eagerly in-process (make run); with one, a real worker runs them.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # Nothing is ever published when eager; the in-memory transport keeps kombu from
    # looking for a broker on localhost.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_DEFAULT_QUEUE = "civic"
# Enqueuing must never hang a web request when the broker is down: fail fast instead, the
# outbox relay re-dispatches later (see notifications).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    # A message not acknowledged (its worker was killed) comes back after this: a few times
    # the longest task's hard limit (a data export archive, 300 s).
    "visibility_timeout": 900,
}
CELERY_TASK_PUBLISH_RETRY = False

# --- Auth, allauth ---------------------------------------------------------------------------
AUTH_USER_MODEL = "civic.Citizen"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "civic.backends.CitizenModelBackend",
    "civic.backends.CitizenEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "profile"
ACCOUNT_ADAPTER = "civic.adapters.CitizenAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "civic.forms.CitizenSignupForm"}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env_choice(
    "ACCOUNT_EMAIL_VERIFICATION",
    ("mandatory", "optional", "none"),
    default="optional" if DEBUG else "mandatory",
)
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[civic] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_RATE_LIMITS = {
    # Per (account, address) pair: civic.adapters makes allauth's "key" the pair, and adds a
    # per-account limit over every address (LOGIN_FAILED_PER_ACCOUNT).
    "login_failed": "5/5m/key",
    "signup": "20/h/ip",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
}

# --- Email -----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="civic <no-reply@civic.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds to wait on the mail server; a reply later than this is an ambiguous timeout (the
# email is sent again later: the only duplicate civic allows).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=10)

# --- Languages -------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "civic" / "locale"]
USE_I18N = True
TIME_ZONE = env_timezone("TIME_ZONE", default="Europe/Paris")
USE_TZ = True
LANGUAGE_COOKIE_NAME = "civic_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# --- Static files ----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Citizens' data export archives: private, never served by URL (a signed link streams them).
EXPORTS_ROOT = env.str("EXPORTS_ROOT", default=str(BASE_DIR / "var" / "exports"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": EXPORTS_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- API -------------------------------------------------------------------------------------
# DRF's rate syntax: a count, a slash, then a period whose first letter is s, m, h or d.
_RATE = r"[0-9]+/[smhd][a-z]*"
_RATE_FORM = "a rate such as 120/min or 1000/day"
REST_FRAMEWORK = {
    # Token first: an anonymous call is then a 401 with ``WWW-Authenticate: Token`` (the
    # first class names the challenge); the session still signs in the browser's calls.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PARSER_CLASSES": [
        "civic.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "civic.api.pagination.PageNumberPagination",
    "DEFAULT_METADATA_CLASS": "civic.api.metadata.Metadata",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Every write of every endpoint counts in the write budget (WRITE_RATE_LIMIT), as on the
    # web pages: no API view can forget it.
    "DEFAULT_THROTTLE_CLASSES": [
        "civic.api.throttling.AnonRateThrottle",
        "civic.api.throttling.UserRateThrottle",
        "civic.api.throttling.WriteRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_match("API_THROTTLE_ANON", _RATE, default="120/min", expected=_RATE_FORM),
        "user": env_match("API_THROTTLE_USER", _RATE, default="600/min", expected=_RATE_FORM),
    },
    "EXCEPTION_HANDLER": "civic.api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "civic API",
    "DESCRIPTION": "Jurisdictions, proposals, consultations and notifications of civic.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Every status an endpoint can answer, documented (civic/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "civic.api.schema.document_errors",
    ],
    # Swagger UI from the sidecar package: served by us, no CDN, CSP-friendly.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind": name each choice set once (else schema warnings).
    "ENUM_NAME_OVERRIDES": {
        "JurisdictionKindEnum": "jurisdictions.models.Jurisdiction.Kind",
        "BodyKindEnum": "jurisdictions.models.Body.Kind",
        "ProposalStatusEnum": "proposals.models.Proposal.Status",
        "ImpactEnum": "proposals.models.IMPACT_CHOICES",
        "ChapterKindEnum": "chapters.models.Chapter.Kind",
        # Membership.Role shares the field name "role" with Mandate.Role: name both.
        "MandateRoleEnum": "jurisdictions.models.Mandate.Role",
        "MembershipRoleEnum": "chapters.models.Membership.Role",
        "MembershipStatusEnum": "chapters.models.Membership.Status",
        "ChallengeKindEnum": "challenges.models.Challenge.Kind",
        "CompetenceAreaKindEnum": "civic.competences.models.CompetenceArea.Kind",
    },
}

# --- Security --------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # The health check is probed over plain HTTP inside the compose network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Domain settings -------------------------------------------------------------------------
# How long a citizen may still edit a comment after posting it.
COMMENT_EDIT_WINDOW = timedelta(minutes=15)
# Assessments a practice needs before it can be a best practice (challenges.services).
BEST_PRACTICE_MIN_ASSESSMENTS = env_int("BEST_PRACTICE_MIN_ASSESSMENTS", default=10)
# A local chapter is for a city of more than this many people (the founding texts: "urban
# areas of more than 250 000 citizens"); national chapters have no minimum (chapters.selectors).
CHAPTER_MIN_POPULATION = env_int("CHAPTER_MIN_POPULATION", default=250_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"), default="INFO"
        ),
    },
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Writes per citizen (or IP) and per kind of action: proposals, comments, supports, flags,
# follows. django-ratelimit syntax ("30/m", "200/h").
WRITE_RATE_LIMIT = env("WRITE_RATE_LIMIT", default="30/m")
# Reverse proxies in front of civic that append to X-Forwarded-For (0: none, the connection's
# address is the client's). Every rate limit reads the client through civic.net.client_ip.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0)
# Seconds a citizen waits between two attempts at one quiz (guessing costs time).
QUIZ_RETRY_SECONDS = env_int("QUIZ_RETRY_SECONDS", default=30)
# How long the link to a citizen's data export archive works once it is ready (hours).
DATA_EXPORT_HOURS = env_int("DATA_EXPORT_HOURS", default=48)
RATELIMIT_IP_META_KEY = "civic.net.client_ip"
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
RATELIMIT_VIEW = "civic.views.ratelimited"

# --- Notifications ---------------------------------------------------------------------------
# Events still undispatched after this many seconds are re-enqueued by the relay (beat).
NOTIFICATIONS_RELAY_DELAY = env_int("NOTIFICATIONS_RELAY_DELAY", default=30)
# Emails (notifications.models.EmailState): how many one mail task sends over one connection,
# how long a queued email may wait before the relay queues it again, how long a sender's
# claim lasts (a killed worker's emails are sent after it), and how many attempts (backing
# off 1, 2, 4 … 60 times NOTIFICATIONS_EMAIL_BACKOFF seconds: with the default minute, more
# than an hour of mail server outage) before giving up.
NOTIFICATIONS_EMAIL_CHUNK = env_int("NOTIFICATIONS_EMAIL_CHUNK", default=200)
# Personal recipients one dispatch task takes (the rest goes to the next task).
NOTIFICATIONS_DISPATCH_CHUNK = env_int("NOTIFICATIONS_DISPATCH_CHUNK", default=5000)
NOTIFICATIONS_EMAIL_GRACE = env_int("NOTIFICATIONS_EMAIL_GRACE", default=600)
NOTIFICATIONS_EMAIL_LEASE = env_int("NOTIFICATIONS_EMAIL_LEASE", default=60)
NOTIFICATIONS_EMAIL_ATTEMPTS = env_int("NOTIFICATIONS_EMAIL_ATTEMPTS", default=10)
NOTIFICATIONS_EMAIL_BACKOFF = env_int("NOTIFICATIONS_EMAIL_BACKOFF", default=60)
from celery.schedules import crontab  # noqa: E402 - beat schedule needs it here only

CELERY_BEAT_SCHEDULE = {
    # A run older than the next one is dropped (a worker down for a while does not meet
    # every run the beat queued meanwhile at restart).
    "relay-undispatched-events": {
        "task": "notifications.relay_undispatched",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "remind-closing-consultations": {
        "task": "consultations.remind_closing",
        "schedule": 15 * 60.0,
    },
    "daily-digest": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=0),
        "args": ("daily",),
    },
    "data-exports": {"task": "civic.data_exports_tick", "schedule": 10 * 60.0},
    "supports-of-the-day": {
        "task": "proposals.supports_of_the_day",
        "schedule": crontab(hour=18, minute=0),
    },
    "agreements-of-the-day": {
        "task": "consultations.agreements_of_the_day",
        "schedule": crontab(hour=18, minute=5),
    },
    "weekly-digest": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
        "args": ("weekly",),
    },
}
if CELERY_TASK_ALWAYS_EAGER:
    # One "Task … succeeded" line per task is noise when tasks run inside `make run`; a real
    # worker keeps logging them (operators and the benchmark read them).
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}
