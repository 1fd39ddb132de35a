"""Settings for the Briefings API: one module, driven by environment variables.

Every variable is optional for local use; see README.md for the table.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# Security

DEBUG = env_bool("DJANGO_DEBUG", False)
SECURE_HTTPS = env_bool("DJANGO_SECURE_HTTPS", False)


def _secret_key() -> str:
    """Production must supply the key; a local checkout gets one generated once, outside git."""
    key = os.environ.get("DJANGO_SECRET_KEY", "")
    if key:
        return key
    if SECURE_HTTPS:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_SECURE_HTTPS is on.")
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

if SECURE_HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Applications

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "simple_history",
    "briefings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database

DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; IMMEDIATE takes the write lock at BEGIN so concurrent
    # gunicorn writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's pool requires persistent connections to be off.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": 8, "timeout": 10}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# dumpdata/loaddata JSON with full-precision date-times (Django's own keeps milliseconds only).
SERIALIZATION_MODULES = {"json": "briefings.dumpformat"}

# Cache: throttle counters must be shared by every server worker, so never the per-process LocMem.

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "briefings_cache"}}

# Authentication

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalization

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Tests and `manage.py runserver` run without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG

# CORS: closed unless origins are listed.

CORS_ALLOWED_ORIGINS = env_list("DJANGO_CORS_ALLOWED_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_EXPOSE_HEADERS = ["ETag"]

# Request limits

BRIEFINGS_MAX_BODY_BYTES = int(os.environ.get("BRIEFINGS_MAX_BODY_BYTES", 2 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = BRIEFINGS_MAX_BODY_BYTES
BRIEFINGS_MAX_JSON_DEPTH = 32

# Briefings API

BRIEFINGS_ANONYMOUS_READ = env_bool("BRIEFINGS_ANONYMOUS_READ", True)
BRIEFINGS_THROTTLE_ANON = os.environ.get("BRIEFINGS_THROTTLE_ANON", "120/min")
BRIEFINGS_THROTTLE_USER = os.environ.get("BRIEFINGS_THROTTLE_USER", "1200/min")
# A list `count` of at least this many rows may be up to this many seconds old (0: always exact).
BRIEFINGS_COUNT_CACHE_SECONDS = int(os.environ.get("BRIEFINGS_COUNT_CACHE_SECONDS", 30))
BRIEFINGS_COUNT_CACHE_MIN_ROWS = 10_000

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous API caller gets 401 with WWW-Authenticate rather than 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["briefings.api.permissions.ModelPermissionsOrAnonymousRead"],
    "DEFAULT_PARSER_CLASSES": ["briefings.api.parsers.SafeJSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "briefings.api.renderers.FastJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "briefings.api.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "briefings.api.throttling.AnonymousRateThrottle",
        "briefings.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "briefings.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

DRF_STANDARDIZED_ERRORS = {
    "EXCEPTION_HANDLER_CLASS": "briefings.api.error_handlers.ExceptionHandler",
    "ALLOWED_ERROR_STATUS_CODES": ["400", "401", "403", "404", "405", "406", "409", "412", "413", "415", "429", "500"],
    "ERROR_SCHEMAS": {
        "409": "briefings.api.schema.ErrorResponse409Serializer",
        "412": "briefings.api.schema.ErrorResponse412Serializer",
        "413": "briefings.api.schema.ErrorResponse413Serializer",
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Briefings API",
    "DESCRIPTION": (
        "System of record for analytic briefs on conflicts and politics: briefs, analyst comments, "
        "attributed claims, actors and locations."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "briefings.choices.ActorKind",
        "ActorRelationKindEnum": "briefings.choices.ActorRelationKind",
        "LocationKindEnum": "briefings.choices.LocationKind",
        "CoordinatePrecisionEnum": "briefings.choices.CoordinatePrecision",
        "BriefStatusEnum": "briefings.choices.BriefStatus",
        "ClaimKindEnum": "briefings.choices.ClaimKind",
        "ClaimActorRoleEnum": "briefings.choices.ClaimActorRole",
        "SourceReliabilityEnum": "briefings.choices.SourceReliability",
        "CredibilityEnum": "briefings.choices.Credibility",
        "AssessmentEnum": "briefings.choices.Assessment",
        "ClaimLinkKindEnum": "briefings.choices.ClaimLinkKind",
        "CommentKindEnum": "briefings.choices.CommentKind",
        "CountryEnum": "briefings.choices.COUNTRY_CHOICES",
        "ValidationErrorEnum": "drf_standardized_errors.openapi_serializers.ValidationErrorEnum.choices",
        "ClientErrorEnum": "drf_standardized_errors.openapi_serializers.ClientErrorEnum.choices",
        "ServerErrorEnum": "drf_standardized_errors.openapi_serializers.ServerErrorEnum.choices",
        "ErrorCode401Enum": "drf_standardized_errors.openapi_serializers.ErrorCode401Enum.choices",
        "ErrorCode403Enum": "drf_standardized_errors.openapi_serializers.ErrorCode403Enum.choices",
        "ErrorCode404Enum": "drf_standardized_errors.openapi_serializers.ErrorCode404Enum.choices",
        "ErrorCode405Enum": "drf_standardized_errors.openapi_serializers.ErrorCode405Enum.choices",
        "ErrorCode406Enum": "drf_standardized_errors.openapi_serializers.ErrorCode406Enum.choices",
        "ErrorCode415Enum": "drf_standardized_errors.openapi_serializers.ErrorCode415Enum.choices",
        "ErrorCode429Enum": "drf_standardized_errors.openapi_serializers.ErrorCode429Enum.choices",
        "ErrorCode500Enum": "drf_standardized_errors.openapi_serializers.ErrorCode500Enum.choices",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_standardized_errors.openapi_hooks.postprocess_schema_enums",
        "briefings.api.schema.list_index_attr_patterns",
        "briefings.api.schema.strings_without_nul",
    ],
}

# Logging: errors to stderr so gunicorn and CI show them.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
