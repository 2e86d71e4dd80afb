"""Settings for Thông Suốt.

Every setting that differs between the embedded mode and production is read from a
`THONGSUOT_*` environment variable, typed and documented once here. The defaults are
safe for `make run` on a laptop: SQLite, debug off unless asked, demo allowed.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent.parent  # the repository root in a checkout


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


#: Where runtime data lives: the SQLite file, uploaded documents, logs.
VAR_DIR = Path(os.environ.get("THONGSUOT_VAR_DIR", BASE_DIR / "var"))

#: Production mode: forces 2FA for senior roles, refuses the demo seed, secure cookies.
PRODUCTION = env_bool("THONGSUOT_PRODUCTION", False)
DEBUG = env_bool("THONGSUOT_DEBUG", False)

#: Required in production; the embedded mode keeps a generated key in var/.
SECRET_KEY = os.environ.get("THONGSUOT_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("THONGSUOT_SECRET_KEY must be set when THONGSUOT_PRODUCTION is on.")
    SECRET_KEY = "embedded-mode-only-not-for-production-" + str(VAR_DIR)

#: The key every audit event's hash is keyed with, kept outside the database (audit/keys.py): set
#: THONGSUOT_AUDIT_KEY, or keep it in THONGSUOT_AUDIT_KEY_FILE (default <VAR_DIR>/audit.key, generated
#: with mode 0600 outside production; required in production). Back it up apart from the database.
AUDIT_KEY = os.environ.get("THONGSUOT_AUDIT_KEY", "")
AUDIT_KEY_FILE = Path(os.environ.get("THONGSUOT_AUDIT_KEY_FILE", VAR_DIR / "audit.key"))
#: Where `audit-checkpoint` writes the signed heads of the audit chains, and `audit-verify` reads the latest.
AUDIT_CHECKPOINT_DIR = Path(os.environ.get("THONGSUOT_AUDIT_CHECKPOINT_DIR", VAR_DIR / "audit-checkpoints"))
#: Addresses, off this server, that `audit-checkpoint` mails each checkpoint to (comma-separated).
AUDIT_CHECKPOINT_MAIL = env_list("THONGSUOT_AUDIT_CHECKPOINT_MAIL", "")

ALLOWED_HOSTS = env_list("THONGSUOT_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("THONGSUOT_CSRF_TRUSTED_ORIGINS", "")

#: Whether requests arrive over HTTPS (behind a TLS-terminating proxy in production).
HTTPS = env_bool("THONGSUOT_HTTPS", PRODUCTION)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "thongsuot.core",
    "thongsuot.geo",
    "thongsuot.accounts",
    "thongsuot.audit",
    "thongsuot.api",
    "thongsuot.notifications",
    "thongsuot.jobs",
    "thongsuot.imports",
    "django_tasks",
    "django_tasks_db",
    "thongsuot.obstacles",
    "thongsuot.decentralisation",
    "thongsuot.directives",
    "thongsuot.staffing",
    "thongsuot.procedures",
    "thongsuot.facilities",
    "thongsuot.reports",
    "thongsuot.campaign",
    "thongsuot.ops",
    "thongsuot.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "thongsuot.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thongsuot.core.middleware.SessionTouchMiddleware",
    "thongsuot.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "thongsuot.core.middleware.PrivateAnswersMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "thongsuot.core.middleware.RequestContextMiddleware",
    "thongsuot.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "thongsuot.config.urls"
WSGI_APPLICATION = "thongsuot.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thongsuot.portal.context_processors.platform",
                "thongsuot.notifications.context_processors.notifications",
            ],
        },
    }
]

#: THONGSUOT_DATABASE_URL=postgres://user:pass@host:5432/thongsuot for PostgreSQL;
#: the default is an SQLite file in var/ (WAL mode, see core.apps).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("THONGSUOT_DATABASE_URL", f"sqlite:///{VAR_DIR / 'thongsuot.sqlite3'}"),
        conn_max_age=env_int("THONGSUOT_DB_CONN_MAX_AGE", 60),
        conn_health_checks=env_bool("THONGSUOT_DB_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # synchronous=FULL: in WAL mode a commit then returns only once the log is on disk, so a power
    # cut loses no saved work (NORMAL can lose the last commits before a checkpoint). It costs one
    # fsync per commit, about 0.3 ms on the project's machines; filing stays near its old time
    # (docs/benchmarks.md, 2026-12-05).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("THONGSUOT_TEST_SQLITE", None)}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    #: Django turns psycopg's prepared statements off (for transaction-pooling PgBouncer before
    #: 1.21). Its own cursors bind client-side and never prepare, whatever this says; the few hot
    #: reads that ask for a prepared statement with a server-binding cursor (the public dossier
    #: lookup) need it on. THONGSUOT_DB_PREPARED_STATEMENTS=0 behind such a pooler.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        5 if env_bool("THONGSUOT_DB_PREPARED_STATEMENTS", True) else None)
    #: THONGSUOT_DB_SERVER_SIDE_CURSORS=0 behind a transaction-pooling PgBouncer too: `.iterator()`
    #: (exports) would otherwise open a named cursor that outlives the pooled transaction
    #: (docs/deploy.md, "PgBouncer").
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = not env_bool("THONGSUOT_DB_SERVER_SIDE_CURSORS", True)

#: THONGSUOT_REPLICA_URLS: PostgreSQL streaming replicas of the primary (comma-separated URLs), as
#: DATABASES "replica_1", "replica_2"… The heavy reads go there (core/db.py, decisions record 47);
#: empty (the default): everything on the primary, no router, no extra query.
REPLICA_DATABASES: list[str] = []
for _number, _url in enumerate(env_list("THONGSUOT_REPLICA_URLS", ""), start=1):
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise RuntimeError("THONGSUOT_REPLICA_URLS needs PostgreSQL as THONGSUOT_DATABASE_URL.")
    _replica = dj_database_url.parse(_url, conn_max_age=env_int("THONGSUOT_DB_CONN_MAX_AGE", 60),
                                     conn_health_checks=env_bool("THONGSUOT_DB_HEALTH_CHECKS", True))
    # A replica that does not answer is skipped after 2 s, not the 130 s of TCP's default.
    _replica["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), "connect_timeout": 2,
                           "application_name": f"thongsuot-replica-{_number}"}
    # Tests: the replica serves the primary's test database (it replicates the whole cluster).
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{_number}"] = _replica
    REPLICA_DATABASES.append(f"replica_{_number}")
#: A replica whose replay is further behind than this is skipped until it catches up.
REPLICA_MAX_LAG_SECONDS = env_int("THONGSUOT_REPLICA_MAX_LAG_SECONDS", 10)
#: How often each process asks a replica for its lag (seconds).
REPLICA_CHECK_SECONDS = env_int("THONGSUOT_REPLICA_CHECK_SECONDS", 5)
#: How long a browser that has written reads only from the primary (seconds).
REPLICA_PIN_SECONDS = env_int("THONGSUOT_REPLICA_PIN_SECONDS", 15)
DATABASE_ROUTERS = ["thongsuot.core.db.ReplicaRouter"] if REPLICA_DATABASES else []
if REPLICA_DATABASES:
    MIDDLEWARE.insert(1, "thongsuot.core.db.ReplicaPinMiddleware")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
#: The first reads each request's user with its scope and unread count in one query (portal.backends);
#: ModelBackend stays listed so sessions opened before it keep working until they end.
AUTHENTICATION_BACKENDS = ["thongsuot.portal.backends.PageUserBackend", "django.contrib.auth.backends.ModelBackend"]

#: THONGSUOT_REDIS_URL shares cache and rate limits between web processes; without it the
#: database cache table keeps sign-in throttling consistent across gunicorn workers.
if os.environ.get("THONGSUOT_REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["THONGSUOT_REDIS_URL"]}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "thongsuot_cache"},
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions expire after a working day of inactivity, and when the browser closes. The expiry is
# pushed forward at most every SESSION_TOUCH_SECONDS (core.middleware.SessionTouchMiddleware), not
# by a write on every request (SESSION_SAVE_EVERY_REQUEST).
SESSION_COOKIE_AGE = env_int("THONGSUOT_SESSION_SECONDS", 8 * 3600)
SESSION_TOUCH_SECONDS = 300
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("THONGSUOT_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
#: Consent to the browsers' built-in HTTPS-only list (THONGSUOT_HSTS_PRELOAD=1). Off by default:
#: the list takes whole registrable domains (example.gov.vn with every subdomain, other agencies'
#: sites included) and leaving it takes months, so it is the domain owner's decision, not this
#: site's. docs/decisions.md says more.
SECURE_HSTS_PRELOAD = HTTPS and env_bool("THONGSUOT_HSTS_PRELOAD", False)
#: A load balancer probes /healthz over plain HTTP; a redirect to HTTPS would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# check --deploy warns (security.W021) whenever HSTS is on without preload. Leaving preload off is
# the operator's decision above, not an oversight, so that one warning is silenced then, and only then.
SILENCED_SYSTEM_CHECKS = ["security.W021"] if SECURE_HSTS_SECONDS and not SECURE_HSTS_PRELOAD else []

#: Our own reverse proxies (nginx on this server, a load balancer): comma-separated addresses or
#: networks (CIDR). Only a request whose socket peer is one of them has its X-Forwarded-For read,
#: right to left past these, to find the client (core.context.client_ip); default none — every
#: peer is the client. Behind deploy/nginx on the same server: 127.0.0.1,::1.
TRUSTED_PROXIES = [str(ipaddress.ip_network(entry, strict=False))
                   for entry in env_list("THONGSUOT_TRUSTED_PROXIES", "")]

#: Sign-in throttling: failures allowed per account and per address within the window.
SIGNIN_MAX_FAILURES_PER_ACCOUNT = env_int("THONGSUOT_SIGNIN_MAX_FAILURES_PER_ACCOUNT", 5)
SIGNIN_MAX_FAILURES_PER_IP = env_int("THONGSUOT_SIGNIN_MAX_FAILURES_PER_IP", 20)
SIGNIN_WINDOW_SECONDS = env_int("THONGSUOT_SIGNIN_WINDOW_SECONDS", 15 * 60)

#: Two-factor sign-in is required for leaders and admins at national, ministry and province
#: level when this is on (default: on in production).
REQUIRE_2FA = env_bool("THONGSUOT_REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = "Thông Suốt"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
#: Only following the footer's language link itself can set the language (core.views.set_language).
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("THONGSUOT_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if not DEBUG else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
#: Uploaded documents live outside the web root and are served only through permission checks.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("THONGSUOT_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
UPLOAD_MAX_BYTES = env_int("THONGSUOT_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
#: An uploaded ZIP container (docx, xlsx, pptx, odt, ods…) may declare at most this much content
#: once unpacked, at most this many members, and no member over 1 MB compressed more than this
#: ratio: more is a "zip bomb" (core/uploads.py).
UPLOAD_ZIP_MAX_UNPACKED_BYTES = env_int("THONGSUOT_UPLOAD_ZIP_MAX_UNPACKED_BYTES", 100 * 1024 * 1024)
UPLOAD_ZIP_MAX_MEMBERS = env_int("THONGSUOT_UPLOAD_ZIP_MAX_MEMBERS", 10_000)
UPLOAD_ZIP_MAX_RATIO = env_int("THONGSUOT_UPLOAD_ZIP_MAX_RATIO", 100)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("THONGSUOT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("THONGSUOT_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("THONGSUOT_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("THONGSUOT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("THONGSUOT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("THONGSUOT_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("THONGSUOT_EMAIL_FROM", "thongsuot@localhost")
#: "queue": queued mail is sent by a task on the task queue's "mail" queue, enqueued after the
#: request commits (see notifications/outbox.py); "inline": sent at commit in the caller's thread (tests).
EMAIL_DELIVERY = os.environ.get("THONGSUOT_EMAIL_DELIVERY", "queue")

#: Background work (imports, reports, exports, mail) goes through django-tasks with its database
#: backend: the queue is a table in the platform's own database (SQLite or PostgreSQL), no broker.
#: `thongsuot worker` runs it (`make run` starts one; docs/deploy.md has the service). Queues:
#: "default", "mail", "imports", "reports", "exports". Tests keep this backend and run the ready
#: tasks when they choose (`thongsuot.jobs.worker.run_ready`, the `run_tasks` fixture).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail", "imports", "reports", "exports"],
    }
}
#: The public address of the platform, for links in emails (e.g. https://thongsuot.example.gov.vn).
SITE_URL = os.environ.get("THONGSUOT_SITE_URL", "http://127.0.0.1:8000")

#: /healthz (ops/health.py) warns — answering 200 "degraded", never 503 — when the last successful
#: backup is older than this many hours (a daily backup plus two hours' slack), when more e-mails than
#: THONGSUOT_HEALTH_MAX_OUTBOX_BACKLOG are due and unsent, or when the oldest of them has waited
#: longer than THONGSUOT_HEALTH_MAX_OUTBOX_AGE_MINUTES.
HEALTH_MAX_BACKUP_AGE_HOURS = env_int("THONGSUOT_HEALTH_MAX_BACKUP_AGE_HOURS", 26)
HEALTH_MAX_OUTBOX_BACKLOG = env_int("THONGSUOT_HEALTH_MAX_OUTBOX_BACKLOG", 200)
HEALTH_MAX_OUTBOX_AGE_MINUTES = env_int("THONGSUOT_HEALTH_MAX_OUTBOX_AGE_MINUTES", 30)

#: Whether `seed-demo` may run (never in production).
DEMO_ALLOWED = not PRODUCTION
DEMO_PASSWORD = os.environ.get("THONGSUOT_DEMO_PASSWORD", "thongsuot-demo")

# The API: REST framework and the OpenAPI schema (its enum names grow with every app).
from thongsuot.config.api_settings import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: E402,F401

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("THONGSUOT_LOG_LEVEL", "WARNING")},
}

#: Where the Django admin is mounted (kept off the obvious path).
ADMIN_URL = os.environ.get("THONGSUOT_ADMIN_URL", "quan-tri-he-thong/")
CSRF_FAILURE_VIEW = "thongsuot.core.views.csrf_failure"
FORMAT_MODULE_PATH = ["thongsuot.formats"]
