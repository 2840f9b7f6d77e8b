"""Jalons settings: one module, every deployment value read from the environment.

Every variable is documented in docs/configuration.md.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.env import (
    EnvError,
    derive_secret_bytes,
    env_bool,
    env_cache,
    env_choice,
    env_database,
    env_email,
    env_email_address,
    env_int,
    env_list,
    env_rates,
    env_secret_bytes,
    env_secret_bytes_list,
    env_storage,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# Development is the default: `make run` works with no configuration at all.
# Production sets DJANGO_DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, SITE_URL, DATABASE_URL.
DEBUG = env_bool("DJANGO_DEBUG", True)
# Django's technical 404/500 pages instead of the site's own (development; config/errors.py).
DEBUG_PAGES = env_bool("DJANGO_DEBUG_PAGES", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise EnvError("SECRET_KEY", "is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-key-not-for-production"  # noqa: S105
elif len(SECRET_KEY) < 50 and not DEBUG:
    raise EnvError("SECRET_KEY", "must be at least 50 characters long in production.")

# The key (32 bytes, AES-256-GCM) that encrypts issuers' private signing keys at rest.
# In development it is derived from SECRET_KEY when unset, so that `make run` needs no setup.
_signing_key_encryption_key = env_secret_bytes("SIGNING_KEY_ENCRYPTION_KEY")
if _signing_key_encryption_key is None:
    if not DEBUG:
        raise EnvError(
            "SIGNING_KEY_ENCRYPTION_KEY",
            "is required when DJANGO_DEBUG is off (32 random bytes in base64 or hex; see "
            "docs/configuration.md).",
        )
    _signing_key_encryption_key = derive_secret_bytes(
        SECRET_KEY, purpose="signing-key-encryption (development)"
    )
SIGNING_KEY_ENCRYPTION_KEY: bytes = _signing_key_encryption_key
# Previous keys, still accepted for decryption while stored keys are re-encrypted.
SIGNING_KEY_ENCRYPTION_KEY_FALLBACKS: list[bytes] = env_secret_bytes_list(
    "SIGNING_KEY_ENCRYPTION_KEY_FALLBACKS"
)

SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
if SITE_URL.startswith("https://") and SITE_URL not in CSRF_TRUSTED_ORIGINS:
    CSRF_TRUSTED_ORIGINS.append(SITE_URL)
# Let the badge verifier fetch private and loopback addresses (intranet; badges/fetch.py).
BADGE_FETCH_ALLOW_PRIVATE = env_bool("BADGE_FETCH_ALLOW_PRIVATE", False)

INSTALLED_APPS = [
    "accounts",
    "competences",
    "community",
    "badges",
    "portfolios",
    "config",  # project-wide management commands: backup, restore (config/management/)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # intcomma: thousands separators in the reader's language
    "django.forms",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "taggit",
    "oauth2_provider",  # the OAuth 2.0 server of the OB 3.0 API for wallets (badges/ob3_api/)
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Request latency, counts and sizes for /metrics (config/metrics.py): first and last.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # X-Request-ID on the response and on every log line of the request (config/request_id.py).
    "config.request_id.RequestIdMiddleware",
    # /health/live, /health/ready and /metrics, answered before the rest (config/health.py).
    "config.health.OperationsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.headers.SecurityHeadersMiddleware",  # CSP, Permissions-Policy, Cache-Control
    # Public documents (credentials, status lists…) answered here, without the session,
    # language, CSRF, sign-in and message layers below (config/public_documents.py).
    "config.public_documents.PublicDocumentsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.PreferredLanguageMiddleware",
    # French pages get non-breaking spaces, « » and elision (config/typography.py).
    "config.typography.FrenchTypographyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Under DEBUG, the French 404/500 pages instead of Django's (config/errors.py).
    "config.errors.DevelopmentErrorPagesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
# The addresses PublicDocumentsMiddleware serves (also part of ROOT_URLCONF, same views).
PUBLIC_DOCUMENTS_URLCONF = "badges.public_urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "config.context_processors.site",
                "community.context_processors.community",
                "badges.context_processors.badges",
            ],
        },
    },
]

FORM_RENDERER = "config.forms.JalonsFormRenderer"

# --- Database ---------------------------------------------------------------
# The embedded SQLite database lives in var/ (ignored by git), created on first use.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        str(BASE_DIR / "var" / "jalons.sqlite3"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600, minimum=0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
# Rate-limit counters, login locks and the signed trust list live here, so every app process
# must share it: the database cache by default (no setup; `migrate` creates its table), Redis
# in production at scale (CACHE_URL=redis://host:6379/0). docs/configuration.md#cache.
CACHES = {
    "default": {**env_cache("CACHE_URL"), "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "jalons")}
}

# --- Rate limits (docs/security.md#rate-limits) ------------------------------
# "count/period" (s, m, h, d; "30/10m"): beyond it, a clear message and Retry-After.
RATE_LIMITS = env_rates(
    "RATE_LIMITS",
    {
        "login_address": "50/15m",  # failed logins from one address, whatever the account
        "signup_address": "10/h",
        "reset_email": "3/h",  # password reset emails to one address
        "reset_address": "10/h",
        "resend_email": "3/h",  # confirmation emails sent again to one address
        "resend_address": "10/h",
        "referent_address": "30/h",  # answers of outside referents (no account)
        "referent_token": "10/h",  # attempts on one referent's link
        "verify_address": "30/10m",  # badges checked on /verify/ (files and addresses)
        "badges_elsewhere": "30/10m",  # badges from elsewhere added or checked again, per person
        "api_user": "1200/h",  # API requests of one signed-in person
        "api_address": "3000/h",  # API requests from one address (people behind one NAT)
        "data_export": "3/d",  # exports of one person's data ("Mes données"), pages and API
        "wallet_register_address": "20/h",  # OB 3.0 API: wallets registered from one address
        "ob3_api_token": "1200/h",  # OB 3.0 API: requests with one access token
    },
)
# Failed logins on one account: after LOGIN_SLOWDOWN_AFTER failures each attempt must wait
# (1 s, 2 s, 4 s… up to a minute); after LOGIN_LOCK_AFTER the account is locked for
# LOGIN_LOCK_MINUTES and its owner gets an email. Failures are forgotten after the lock time.
LOGIN_SLOWDOWN_AFTER = env_int("LOGIN_SLOWDOWN_AFTER", 3, minimum=1)
LOGIN_LOCK_AFTER = env_int("LOGIN_LOCK_AFTER", 10, minimum=2)
LOGIN_LOCK_MINUTES = env_int("LOGIN_LOCK_MINUTES", 15, minimum=1)
# How many reverse proxies put the client's address in X-Forwarded-For (0: none, use the
# connection's address). Behind one proxy (nginx, Caddy…), set 1.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"  # "What is waiting for you" (portfolios/views/home.py)
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Email verification and password reset links stay valid for three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------
STATIC_URL = "/static/"
# Where `collectstatic` gathers the static files that WhiteNoise serves (each app server).
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "var" / "media")
# Uploaded and generated files (evidence, images, exports, PDFs): the local folder MEDIA_ROOT
# by default; an S3-compatible bucket, private, when S3_BUCKET is set (several app servers).
# Every file is read through the storage API and served by a view that checks who asks
# (docs/configuration.md#files). Static files stay with WhiteNoise.
STORAGES = {
    "default": env_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Not compressed by collectstatic (Brotli at its best is slow): what is compressed already, the
# source maps of the API documentation's bundles (6 MB, read by developer tools only) and the
# TrueType fonts that the PDF renderer reads from disk. Two thirds less time to deploy.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    *("jpg", "jpeg", "png", "gif", "webp", "avif", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("woff", "woff2", "mp4", "webm", "pdf", "map", "ttf", "otf"),
]

# --- Email ------------------------------------------------------------------
# Unset in development: files in var/mail/, one line on stderr each (config/outbox.py).
_email = env_email("EMAIL_URL", development=DEBUG)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = _email.get("EMAIL_TIMEOUT", 10)
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Jalons <noreply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Background tasks -------------------------------------------------------
# Never inside a web request: "thread" (development, no other process) runs tasks in worker
# threads of the server process (config/task_backend.py); "database" (production) stores them
# for `manage.py db_worker`. "immediate" runs them inline, where they are queued: for tests
# and one-off commands that need it, refused in production (a bulk award would run inside
# its upload request).
TASKS_BACKEND = env_choice("TASKS_BACKEND", "thread", ("thread", "database", "immediate"))
if TASKS_BACKEND == "immediate" and not DEBUG:
    raise EnvError(
        "TASKS_BACKEND",
        "immediate runs tasks inside web requests (tests only): use thread or database.",
    )
TASKS = {
    "default": {
        "BACKEND": {
            "thread": "config.task_backend.ThreadBackend",
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
        "QUEUES": ["default", "emails"],
    }
}
# Long runs (bulk awards, exports, deletions; config/runs.py): a worker holds its run for this
# long and renews it with each step; a run whose lease expired is resumed (docs/configuration.md).
RUN_LEASE_SECONDS = env_int("RUN_LEASE_SECONDS", 60, minimum=1)
# Processes that sign a bulk award's credentials (badges/signing.py): 0 = one per CPU core
# (4 at most), 1 = signed in the worker's own process.
SIGNING_PROCESSES = env_int("SIGNING_PROCESSES", 0, minimum=0)

# --- Personal data ----------------------------------------------------------
# How long the platform keeps what it purges (``manage.py apply_retention``, run daily), in
# days; the privacy notice reads them from here (docs/privacy.md).
RETENTION_DAYS = {
    # accounts whose address was never confirmed, from sign-up
    "unverified_accounts": env_int("RETENTION_UNVERIFIED_ACCOUNTS_DAYS", 30, minimum=1),
    # share links, and their access log, from the day they expired or were withdrawn
    "closed_share_links": env_int("RETENTION_CLOSED_SHARE_LINKS_DAYS", 365, minimum=0),
    # export files, from the day they were ready
    "exports": env_int("RETENTION_EXPORTS_DAYS", 7, minimum=1),
    # outside referents' links (the token), from the day they were answered or expired
    "referent_tokens": env_int("RETENTION_REFERENT_TOKENS_DAYS", 0, minimum=0),
    # records of finished background tasks (emails sent, with their links), from their end
    "task_records": env_int("RETENTION_TASK_RECORDS_DAYS", 3, minimum=1),
}
# How long the operator keeps backup archives (manage.py backup; docs/operations.md): an
# erased account disappears from the backups when the last archive holding it is deleted.
# The privacy notice says it; deleting old archives is the operator's job (cron).
BACKUP_RETENTION_DAYS = env_int("BACKUP_RETENTION_DAYS", 30, minimum=1)
# Days between asking to close an account and its erasure (the person can cancel meanwhile).
ACCOUNT_DELETION_GRACE_DAYS = env_int("ACCOUNT_DELETION_GRACE_DAYS", 7, minimum=0)
# Who answers for the personal data of this instance: the privacy notice (/privacy/) names
# them. The development defaults say "to configure"; `check --deploy` warns while they stay.
PRIVACY_CONTROLLER_NAME = env_str(
    "PRIVACY_CONTROLLER_NAME", "[PRIVACY_CONTROLLER_NAME: to configure / à configurer]"
)
PRIVACY_CONTROLLER_ADDRESS = env_str(
    "PRIVACY_CONTROLLER_ADDRESS", "[PRIVACY_CONTROLLER_ADDRESS: to configure / à configurer]"
)
PRIVACY_CONTACT_EMAIL = env_email_address(
    "PRIVACY_CONTACT_EMAIL", "privacy-contact-to-configure@example.invalid"
)
PRIVACY_DPO_CONTACT = env_str("PRIVACY_DPO_CONTACT")  # optional: the data protection officer
PRIVACY_HOSTING = env_str("PRIVACY_HOSTING")  # optional: who hosts the instance, and where

# --- Maps (the directory of initiatives; docs/configuration.md#maps) ----------
# The tile server of the maps ({z}/{x}/{y}, and {s} for its subdomains) and the attribution
# its licence asks for. The pages' CSP allows images from its host only on map pages.
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)

# --- Territorial indicators (docs/indicators.md) -------------------------------
# A figure about fewer people than this is shown as "fewer than N" (and others are hidden
# so that it cannot be computed back). The figures are computed in the background and stored
# (manage.py indicators_publish, from a timer); the list of years is cached this long.
INDICATORS_MIN_COUNT = env_int("INDICATORS_MIN_COUNT", 5, minimum=2)
INDICATORS_CACHE_SECONDS = env_int("INDICATORS_CACHE_SECONDS", 900, minimum=0)
# The name of the territory in the indicators, the open data and the annual report.
TERRITORY_NAME = env_str("TERRITORY_NAME", "Dijon métropole")

# --- Security ---------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- API --------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "config.openapi.JalonsAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["config.rest.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "config.rest.Pagination",
    "DEFAULT_METADATA_CLASS": "config.rest_metadata.Metadata",
    # JSON only: the documentation is /api/docs/ (DRF's browsable pages need inline styles and
    # scripts, which the Content-Security-Policy refuses).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": ["config.rest.UserThrottle", "config.rest.AddressThrottle"],
    "EXCEPTION_HANDLER": "config.rest.exception_handler",
    "PAGE_SIZE": 50,
}
# --- OB 3.0 API for wallets (badges/ob3_api/, docs/ob3-api.md) -------------------------------
# django-oauth-toolkit as the authorization server: authorization code with PKCE (S256 only,
# checked by badges.ob3_api.authorize), refresh tokens rotated at each use, the spec's scopes,
# each client limited to the scopes it registered (badges.ob3_api.scopes).
OB3_SCOPE = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
# DOT's own models (swappable: migrations that point to them need the settings named).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"  # noqa: S105
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"  # noqa: S105
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"  # noqa: S105
OAUTH2_PROVIDER = {
    "SCOPES": {
        OB3_SCOPE + "credential.readonly": "Read the person's badges",
        OB3_SCOPE + "credential.upsert": "Add badges to the person's badges",
        OB3_SCOPE + "profile.readonly": "Read the person's profile",
        OB3_SCOPE + "profile.update": "Update the person's profile",
    },
    "DEFAULT_SCOPES": [OB3_SCOPE + "credential.readonly"],
    "SCOPES_BACKEND_CLASS": "badges.ob3_api.scopes.RegisteredScopes",
    "PKCE_REQUIRED": True,
    "ACCESS_TOKEN_EXPIRE_SECONDS": env_int("OB3_ACCESS_TOKEN_SECONDS", 3600, minimum=60),
    "REFRESH_TOKEN_EXPIRE_SECONDS": env_int("OB3_REFRESH_TOKEN_DAYS", 90, minimum=1) * 86400,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "ROTATE_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "REQUEST_APPROVAL_PROMPT": "force",  # the consent page every time: no silent re-grant
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "ERROR_RESPONSE_WITH_SCOPES": True,
    # RFC 9700 (OAuth 2.0 security best current practice), all enforced: no implicit or
    # password grant, no "plain" PKCE, tokens only in the Authorization header, `iss` in
    # the authorization response, tokens hashed at rest, refresh token replay detected.
    **{
        f"COMPLIANT_BCP_RFC9700_{gate}": True
        for gate in (
            "IMPLICIT_GRANT",
            "PASSWORD_GRANT",
            "PKCE_METHOD",
            "ACCESS_TOKEN_TRANSPORT",
            "AUTHZ_RESPONSE_ISS",
            "TOKEN_STORAGE",
            "REFRESH_TOKEN",
            "REDIRECT_URI_SCHEME",
            "REDIRECT_URI_MATCHING",
            "PKCE_REQUIRED",
        )
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Jalons API",
    "DESCRIPTION": "Competences, portfolios and Open Badges of collaborative projects.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # "status" and "kind" name several choice sets (framework versions, contributions…).
    "ENUM_NAME_OVERRIDES": {
        "VersionStatusEnum": "competences.models.Status",
        "ContributionStatusEnum": "community.models.ContributionStatus",
        "EvidenceKindEnum": "community.models.EvidenceKind",
        "EndorserKindEnum": "community.models.EndorserKind",
        "InitiativeKindEnum": "community.models.InitiativeKind",
        "NotificationKindEnum": "accounts.models.NotificationKind",
        "RoleEnum": "community.models.Role",
        "AwardStatusEnum": ["valid", "expired", "revoked"],  # badges/rest/serializers/awards.py
        "ProposalStatusEnum": "badges.models.ProposalStatus",
        # portfolios/rest/serializers/portfolios.py and shares.py
        "PortfolioLanguageEnum": "portfolios.models.PortfolioLanguage",
        "PortfolioItemKindEnum": "portfolios.models.ItemKind",
        "ShareStateEnum": ["open", "expired", "revoked"],
        "ExternalBadgeStatusEnum": ["valid", "invalid", "not_checked"],
        "ShareAccessWhatEnum": "portfolios.models.AccessWhat",
        "OrientationStatusEnum": "portfolios.models.OrientationStatus",  # #16 orientations
    },
}

# --- Operations (docs/deployment.md) -------------------------------------------
# /metrics answers only "Authorization: Bearer <METRICS_TOKEN>"; unset, it does not exist.
METRICS_TOKEN = env_str("METRICS_TOKEN")
if METRICS_TOKEN and len(METRICS_TOKEN) < 32:
    raise EnvError("METRICS_TOKEN", "must be at least 32 characters long (a random token).")
# /health/ready gives up on a storage that does not answer within this many seconds.
HEALTH_CHECK_TIMEOUT = env_int("HEALTH_CHECK_TIMEOUT", 3, minimum=1)
# Request latency buckets (seconds), around the pages' target of 100 ms.
PROMETHEUS_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

# --- Logging ----------------------------------------------------------------
LOG_LEVEL = env_choice("LOG_LEVEL", "info", ("debug", "info", "warning", "error")).upper()
LOG_FORMAT = env_choice("LOG_FORMAT", "text" if DEBUG else "json", ("text", "json"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    # Every record logged while a request is served carries its id (config/request_id.py).
    "filters": {"request_id": {"()": "config.request_id.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.server": {"level": LOG_LEVEL},
        # WeasyPrint logs every step of every PDF at INFO; only its warnings matter here.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
