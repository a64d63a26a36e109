"""Settings for the memorial archive, read from the environment.

One file for every environment. Defaults are safe for production (DEBUG off, no secret
baked in, hosts derived from SITE_URL) and need nothing installed for a first look: without
DATABASE_URL the archive runs on a SQLite file under var/, media on local disk.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


DEBUG = envbool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (production), "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-key-for-local-development-only"

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME") or _("1988 and Aban 1398: a memorial archive")
_site_host = urlsplit(SITE_URL).hostname
if not _site_host:
    raise ImproperlyConfigured(f"SITE_URL must be an absolute URL, not {SITE_URL!r}")
ALLOWED_HOSTS = [_site_host]
if DEBUG:
    ALLOWED_HOSTS += ["localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = [SITE_URL]
# The same archive as an onion service, for readers on Tor: one of its own hosts, and every HTML page
# says where it is (Onion-Location, archive/middleware.py) so Tor Browser can offer to switch.
ONION_LOCATION = ""
if _onion := os.environ.get("ONION_ADDRESS", ""):
    _onion_parts = urlsplit(_onion)
    if (
        _onion_parts.scheme not in ("http", "https")
        or not (_onion_parts.hostname or "").endswith(".onion")
        or _onion_parts.path.strip("/")
        or _onion_parts.query
    ):
        raise ImproperlyConfigured(f"ONION_ADDRESS must be an address like http://….onion, not {_onion!r}")
    ONION_LOCATION = f"{_onion_parts.scheme}://{_onion_parts.netloc}"
    ALLOWED_HOSTS.append(_onion_parts.hostname)
    CSRF_TRUSTED_ORIGINS.append(ONION_LOCATION)

INSTALLED_APPS = [
    "accounts.apps.ArchiveAdminConfig",  # Django's admin, its site asking staff for a second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "archive",
    "victims",
    "perpetrators",
    "editorial",
    "imports",
    "submissions",
    "api",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "accounts",
]

MIDDLEWARE = [
    "archive.request_log.RequestLogMiddleware",  # outermost: logs every response, 503s and static files too
    # The security headers go on every response: the redirect to https, static files and the outage's 503
    # page too, so these header-only middleware sit above those that answer by themselves.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "archive.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "archive.middleware.DatabaseUnavailableMiddleware",  # above everything that may touch the database
    "archive.page_cache.PageCacheMiddleware",  # kept public pages: below the outage's 503, above the rest
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.IdleSessionMiddleware",  # ends idle staff sessions, before OTP reads the user
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the admin requires it
    "archive.middleware.OnionLocationMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

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
                "archive.context_processors.site",
            ],
        },
    },
]

# Database: PostgreSQL in production and CI (DATABASE_URL), SQLite for a first look.
VAR_DIR = BASE_DIR / "var"
if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'archive.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Test databases are made from template0 in UTF-8, whatever the server's default.
    DATABASES["default"]["TEST"] = {"CHARSET": "UTF8", "TEMPLATE": "template0"}
    # Name search tolerates two typos in long names: a lower word-similarity bar than pg_trgm's 0.6.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c pg_trgm.word_similarity_threshold=0.45"
# A read replica takes the public's page views (archive/routers.py); writes and staff stay on the primary.
if DATABASE_REPLICA_URL := os.environ.get("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0)
    )
    # The same options as the primary's (name search's similarity threshold).
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        **DATABASES["replica"].get("OPTIONS", {}),
    }
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["archive.routers.ReplicaRouter"]
    MIDDLEWARE.insert(1, "archive.routers.ReplicaReadsMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English at unprefixed paths, Persian under /fa/.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fa", _("Persian"))]
LANGUAGES_BIDI = ["fa"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# Static files: whitenoise serves them, hashed names so they can be cached forever.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Media: local disk by default, S3 (or any S3-compatible store) when a bucket is named.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
# Originals have no public address, derivatives do (archive/storage.py; docs/deployment.md, "Media on S3").
if AWS_STORAGE_BUCKET_NAME:
    _media_storage = {
        "BACKEND": "archive.storage.S3MediaStorage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # Pages show derivatives by URL, from the site's own view unless this names a proxy serving them
            # from the bucket on the same origin (e.g. archive.example.org/media), as the CSP requires.
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Names are hashes of the bytes: a name taken is never written over.
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            # Editors download originals through links signed for this many seconds.
            "querystring_expire": envint("AWS_QUERYSTRING_EXPIRE", 300),
            "editor_endpoint_url": os.environ.get("AWS_S3_EDITOR_ENDPOINT_URL") or None,
        },
    }
else:
    _media_storage = {"BACKEND": "archive.storage.LocalMediaStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Seconds a visitor is asked to wait (Retry-After) while the database is unreachable (archive/middleware.py).
DATABASE_RETRY_AFTER = envint("DATABASE_RETRY_AFTER", 30)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000  # the admin's citation inlines post many fields

# Security: these hold everywhere; an https SITE_URL adds the rest (docs/deployment.md, "TLS").
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    # __Host- cookies: Secure, Path=/ and no Domain, so no other host can set or read them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    # One year, subdomains too; the preload directive only allows a submission to browsers' lists.
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    # Plain-http requests are redirected to https, except the probes a container's health check makes.
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Behind a TLS-terminating proxy, the header it sets (e.g. X-Forwarded-Proto: https) says a request came over
# https. Only set it when the proxy always sets or overwrites that header, or a client could claim https.
if _proxy_header := os.environ.get("SECURE_PROXY_SSL_HEADER", ""):
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
# No third-party origin, ever: visitors may be at risk.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
}
# The browser features no page uses, denied to every page (archive/middleware.py writes the header).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Staff accounts (accounts/): a second factor from an authenticator app for every admin page, enrolled with a
# single-use link that expires; failed logins throttled per (username, client) pair and, more loosely, per
# client; sessions ended after SESSION_IDLE_SECONDS without a request and SESSION_COOKIE_AGE after login.
ENROLMENT_LINK_SECONDS = envint("ENROLMENT_LINK_SECONDS", 24 * 60 * 60)
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
LOGIN_CLIENT_FAILURE_LIMIT = envint("LOGIN_CLIENT_FAILURE_LIMIT", 30)
LOGIN_FAILURE_WINDOW = envint("LOGIN_FAILURE_WINDOW", 15 * 60)
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 12 * 60 * 60)
# Behind a proxy every request comes from the proxy's address: name the header it sets to the client's
# (e.g. X-Real-IP; of X-Forwarded-For only the last entry is used), or all clients share one throttle.
TRUSTED_PROXY_HEADER = ""
if _client_header := os.environ.get("TRUSTED_PROXY_HEADER", ""):
    TRUSTED_PROXY_HEADER = "HTTP_" + _client_header.upper().replace("-", "_")
OTP_TOTP_ISSUER = os.environ.get("SITE_NAME") or "Memorial archive"  # the name authenticator apps show

# Sample records are for demonstration only; production refuses to load them.
ALLOW_SAMPLE_DATA = envbool("ALLOW_SAMPLE_DATA", DEBUG)

PAGE_SIZE = envint("PAGE_SIZE", 50)

# Public submissions (submissions/): files kept apart from MEDIA_ROOT and never served by a URL, caps on
# what one submission may carry, the seconds a person takes at least to fill the form, and how many
# submissions the whole site takes a minute (a budget shared by all, since no IP address is kept).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private-media"))
SUBMISSION_MAX_FILE_BYTES = envint("SUBMISSION_MAX_FILE_BYTES", 10 * 1024 * 1024)
SUBMISSION_MAX_FILES = envint("SUBMISSION_MAX_FILES", 10)
SUBMISSION_MIN_SECONDS = envint("SUBMISSION_MIN_SECONDS", 5)
SUBMISSION_FORM_MAX_AGE = envint("SUBMISSION_FORM_MAX_AGE", 24 * 60 * 60)
SUBMISSIONS_PER_MINUTE = envint("SUBMISSIONS_PER_MINUTE", 20)
SUBMISSION_STATUS_CHECKS_PER_HOUR = envint("SUBMISSION_STATUS_CHECKS_PER_HOUR", 30)
# Contact details are encrypted with this Fernet key (submissions/encryption.py). Production refuses to
# start without one; development and tests derive one from SECRET_KEY.
SUBMISSION_KEY = os.environ.get("SUBMISSION_KEY", "")
if not SUBMISSION_KEY and not DEBUG and "PYTEST_VERSION" not in os.environ:
    raise ImproperlyConfigured(
        "SUBMISSION_KEY is not set. It encrypts the contact details of people who submit information. "
        'Generate one with: python -c "from cryptography.fernet import Fernet; '
        'print(Fernet.generate_key().decode())", and keep it safe: without it they cannot be read.'
    )

# The cache counts the submission budget (submissions/limits.py): with REDIS_URL set, one budget for every
# server process and worker; without it, each process counts its own (fine for one process, as in the demo).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    _cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
else:
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {
    "default": _cache,
    # Public pages for anonymous visitors (archive/page_cache.py), apart, so that many pages cannot push
    # the rate limits' counters out.
    "pages": {**_cache, "LOCATION": REDIS_URL or "pages", "KEY_PREFIX": "pages"},
}
# Seconds a public page is kept on the server (0: none kept; off by default with DEBUG, so that an edited
# template shows at once), and seconds browsers and proxies may show it without asking again: short,
# since a withdrawn record must vanish from them too.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 0 if DEBUG else 600)
PAGE_CACHE_MAX_AGE = envint("PAGE_CACHE_MAX_AGE", 60)

# Document text (archive/documents.py): pages read per file, and seconds allowed per OCR or rasterising call.
EXTRACT_MAX_PAGES = envint("EXTRACT_MAX_PAGES", 2000)
EXTRACT_TIMEOUT = envint("EXTRACT_TIMEOUT", 120)

# Logs never hold a visitor's address, user agent, referrer or query string (README "No tracking"): the
# format names none of them, and the handler drops the request Django attaches to a record
# (archive/logging.py). Django's own handlers for "django" are removed (its records go to the root's): one
# of them would mail the whole request, headers and all, to ADMINS.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()  # gunicorn reads it too, in any case
# One JSON object a line in production, for the log collector; plain text for a person reading a terminal.
# Every record logged during a request carries its id (archive/request_log.py logs one line a request).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "") or ("plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}")
# Set it (e.g. X-Request-ID) only when the proxy always sets or overwrites that header: its id is logged then.
REQUEST_ID_HEADER = os.environ.get("REQUEST_ID_HEADER", "")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "forget_the_visitor": {"()": "archive.logging.ForgetTheVisitor"},
        "request_id": {"()": "archive.logging.RequestId"},
    },
    "formatters": {
        "plain": {"format": "{levelname} {name} {request_id}: {message}", "style": "{"},
        "json": {"()": "archive.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["forget_the_visitor", "request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}
