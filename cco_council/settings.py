"""Settings for the CCO Council site, read from the environment.

Development defaults are safe: DEBUG is off unless asked for, and with DEBUG off the
project refuses to start without a real SECRET_KEY and ALLOWED_HOSTS. See the README's
table of environment variables.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (50+ random characters) for production, "
            "or DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-with-debug-off"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set; list the site's host names, comma-separated."
    )

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "CCO Council"

INSTALLED_APPS = [
    "cco_council.apps.CouncilAdminConfig",  # django.contrib.admin, branded
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "cco_council.apps.TagsConfig",  # taggit, named "Tags" in the admin
    "django_filters",
    "django_prose_editor",
    "axes",
    # Before our apps, so that its app is ready when theirs import tasks.
    "cco_council.apps.JobsConfig",  # procrastinate.contrib.django, named for editors
    "allauth",
    "allauth.account",
    # History with compare and restore, and drag-and-drop ordering, in the admin.
    "reversion",
    "reversion_compare",
    "adminsortable2",
    "cco_council.core",
    "cco_council",
    "articles",
    "events",
    "media_relations",
    "members",
]

MIDDLEWARE = [
    # Outermost, so it empties the final response to a HEAD request, whoever made it.
    "cco_council.middleware.head_without_body",
    "cco_council.middleware.reject_nul_bytes",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETags (and 304s) for what the next one marks public; it must see the final headers.
    "django.middleware.http.ConditionalGetMiddleware",
    # Below it, so that it sees the cookies and Vary the session and CSRF middleware add.
    "cco_council.middleware.SharedCacheHeadersMiddleware",
    "cco_council.middleware.security_headers",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in reader's pages are never stored by a shared cache (see the middleware).
    "cco_council.middleware.private_when_signed_in",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cco_council.middleware.DatabaseUnavailableMiddleware",
    # Last, so that a lockout answers before the login view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cco_council.urls"
WSGI_APPLICATION = "cco_council.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cco_council.context_processors.site",
                "media_relations.context_processors.media_inquiries",
            ],
        },
    },
]

# --- Database: PostgreSQL only --------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    if not DEBUG and not env_bool("ALLOW_EMBEDDED_DATABASE"):
        raise ImproperlyConfigured("DATABASE_URL is not set; production needs a PostgreSQL server.")
    from cco_council.embedded_db import database_url

    DATABASE_URL = database_url()
if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")

DATABASES = {
    # Persistent connections, checked before reuse, so a restarted database costs no error
    # once it accepts connections again.
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis for several app servers, else a table in PostgreSQL -------------------------
# Library pages, PDFs, rate-limit counters and the footer's media contact live here, and every
# worker of every app server must see the same values: a per-process cache would serve stale
# pages and keep build_pdfs' work from the workers. One app server needs nothing more than the
# database it already has; several put Redis behind REDIS_URL (see the README).
CACHE_TABLE = "cco_council_cache"
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis keeps one client per server; Django's own backend builds a new one
            # (a dictionary of 170 reply handlers) for every call, which cost more than the
            # round trip on a page served from the cache.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cco"),
            "TIMEOUT": 60 * 60 * 24,
            # redis-py waits for ever by default: a Redis that stops answering would hold every
            # request that touches the cache. Every use of the cache treats an error as a miss,
            # so a hung Redis costs a request a fraction of a second per cache call instead.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.25},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            # Created by cco_council's migration 0003, so `migrate` is the only setup step.
            "LOCATION": CACHE_TABLE,
            "TIMEOUT": 60 * 60 * 24,
            # Room for a few pages and the PDF of every item; past it, expired entries go first.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# --- Auth -----------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Members sign in by an e-mailed code (django-allauth); editors with their password.
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Editors sign in to the admin with a password; members sign in on the site with a code.
LOGIN_URL = "account_login"
# Where the admin's login goes without a ?next= (members land on their page: see the adapter).
LOGIN_REDIRECT_URL = "admin:index"

# Sessions live in PostgreSQL: they survive restarts and every app server shares them.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Members: django-allauth, sign-in by e-mailed code only ----------------------------------
# Codes rather than links, because mail scanners follow links. Nobody signs up: members are
# created when an editor approves their application (members.services.approve_application),
# so the adapter closes sign-up and only sends a code to a current member.
ACCOUNT_ADAPTER = "members.adapter.MemberAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"  # verified when the application is approved
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CCO Council] "
ACCOUNT_RATE_LIMITS = {
    # Asking for a code: per address (the e-mail typed) and per client address.
    "request_login_code": "20/h/ip,5/h/key",
    # Wrong codes: besides the 3 tries per code, per client address.
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
}

# --- Background jobs: Procrastinate, a queue in PostgreSQL --------------------------------
# Every e-mail goes through it, enqueued in the transaction of the data it concerns. Workers
# run `manage.py procrastinate worker` (./dev serve starts one; see the README).
# Pictures' renditions are made by a job too (cco_council.core.pictures), after the admin saves.
PROCRASTINATE_IMPORT_PATHS = ["cco_council.core.mail", "cco_council.core.pictures"]
# An e-mail is tried this many times, the n-th retry after MAIL_RETRY_BASE_SECONDS ** n seconds.
MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "6"))
MAIL_RETRY_BASE_SECONDS = int(os.environ.get("MAIL_RETRY_BASE_SECONDS", "5"))
PROCRASTINATE_WORKER_DEFAULTS = {
    # A sent sign-in code must not stay in the jobs table; failures stay for editors to see.
    "delete_jobs": "successful",
}

# Admin logins: 5 failures from one address or for one user lock both out for 15 minutes.
# Attempts live in PostgreSQL, which every app server shares.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "errors/lockout.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# The same notion of "the client's address" as the press form's rate limit (see NUM_PROXIES).
AXES_CLIENT_IP_CALLABLE = "media_relations.services.client_ip"

# How many trusted proxies append to X-Forwarded-For in front of the app servers. 0: use
# REMOTE_ADDR as it is (the proxy must then pass the client's address through).
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0"))

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
STORAGES = {
    # Uploads live in PostgreSQL (cco_council.models.StoredFile): app servers share no disk.
    "default": {"BACKEND": "cco_council.storage.DatabaseStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365 if not DEBUG else 0

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CCO Council <no-reply@ccocouncil.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where applicants' replies go (an editor's or the membership team's mailbox).
MEMBERSHIP_CONTACT_EMAIL = os.environ.get("MEMBERSHIP_CONTACT_EMAIL", "members@ccocouncil.org")

# --- Security headers -----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}

if not DEBUG:
    # Behind the proxy, which terminates TLS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # /healthz is probed over plain HTTP by the proxy and by orchestrators.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Tags match whatever their case: "CX" and "cx" are one tag, the first spelling wins.
TAGGIT_CASE_INSENSITIVE = True

# --- Content --------------------------------------------------------------------------------
LIBRARY_PAGE_SIZE = 20
# Seconds an anonymous reader's library page may be served from the shared cache (0: never).
# Edits and scheduled publish times cut it short; see articles/caching.py.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "60"))
# Seconds an app server may trust a PDF's version remembered in the cache (0: ask the database
# every time). Edits and scheduled publish times cut it short; see articles/pdf/cache.py.
PDF_VERSION_SECONDS = int(os.environ.get("PDF_VERSION_SECONDS", "60"))
PDF_PAGE_SIZE = os.environ.get("PDF_PAGE_SIZE", "letter")  # "letter" or "A4"
# The DejaVu Serif faces the PDFs are set in also letter the social cards and the demo's
# drawn pictures (cco_council.core.social, cco_council.core.artwork).
BRAND_FONT_DIR = BASE_DIR / "articles" / "pdf" / "fonts"

# --- A shared HTTP cache in front (Varnish, a CDN): see cco_council/core/httpcache.py -------
# Seconds a shared cache may keep a public page (s-maxage; 0: none). Purges and scheduled
# publish times cut it short.
HTTP_CACHE_SECONDS = int(os.environ.get("HTTP_CACHE_SECONDS", "60"))
# Where to send purges (BAN): the shared caches' addresses, comma-separated; none: no purges.
HTTP_CACHE_PURGE_URLS = env_list("HTTP_CACHE_PURGE_URL")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line": {"()": "cco_council.logs.ClientErrorAsOneLine"}},
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # A request with a Host not in ALLOWED_HOSTS: one line each, not a traceback.
        "django.security.DisallowedHost": {"filters": ["one_line"]},
        "pgserver": {"level": "WARNING"},
        "procrastinate": {"level": os.environ.get("PROCRASTINATE_LOG_LEVEL", "WARNING")},
    },
}
