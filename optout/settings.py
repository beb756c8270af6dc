"""The one settings file. Every environment variable optout reads is read here.

Local use needs no configuration: data (SQLite database, secret key, uploads) lives
in a per-user data folder. Servers set OPTOUT_* variables and DATABASE_URL.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path

import dj_database_url
import platformdirs

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# A test run (pytest names its version in PYTEST_VERSION for the session, before it imports these settings) gets a data
# folder of its own unless it is given one, with its data cache in it, for itself and the commands its tests start: it
# never reads or writes those of the person running the tests (their secret key and database, the address `optout
# serve` recorded, their compiled catalog). The root conftest removes the folder made here when the run ends.
test_run_folders: list[str] = []
if env_str("PYTEST_VERSION"):
    if not env_str("OPTOUT_DATA_DIR"):
        os.environ["OPTOUT_DATA_DIR"] = tempfile.mkdtemp(prefix="optout-test-data-")
        test_run_folders.append(os.environ["OPTOUT_DATA_DIR"])
    if not env_str("OPTOUT_CACHE_DIR"):
        os.environ["OPTOUT_CACHE_DIR"] = os.path.join(os.environ["OPTOUT_DATA_DIR"], "cache")
DATA_DIR = Path(env_str("OPTOUT_DATA_DIR") or platformdirs.user_data_dir("optout", appauthor=False)).expanduser()
DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
# The data folder holds people's evidence and the database: only the account running optout may read it.
if DATA_DIR.stat().st_uid == os.getuid() and DATA_DIR.stat().st_mode & 0o077:
    DATA_DIR.chmod(0o700)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700


def _secret_key() -> str:
    """Use OPTOUT_SECRET_KEY, or a key made once and kept (owner-only) in the data folder."""
    if key := env_str("OPTOUT_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
        os.replace(tmp, path)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("OPTOUT_DEBUG")
ALLOWED_HOSTS = env_list("OPTOUT_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("OPTOUT_CSRF_TRUSTED_ORIGINS", "")
# Where `optout serve` last served (it writes this file in the data folder when it starts; ops/serve.py).
SERVED_AT_FILE = "served-at"


def _served_at() -> str:
    """The address `optout serve` recorded, so that a command run in another terminal (`optout watch run`) links
    e-mails to the port people open, not to the default one. The file outlives serve: stopped, it is still the best
    guess of where the person opens optout. A file that is unreadable or holds anything but such an address is
    ignored."""
    try:
        text = (DATA_DIR / SERVED_AT_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return text if re.fullmatch(r"http://(?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,253}):[0-9]{1,5}", text) else ""


# OPTOUT_SITE_URL, when set, always wins.
SITE_URL = (env_str("OPTOUT_SITE_URL") or _served_at() or "http://127.0.0.1:8000").rstrip("/")
# How e-mails and pages name this installation ("Hello from optout", not "from 127.0.0.1:8000").
OPTOUT_SITE_NAME = env_str("OPTOUT_SITE_NAME", "optout")
# Whether the internet can reach SITE_URL (calendar subscriptions need that); unset: judged from its host.
OPTOUT_SITE_PUBLIC = env_bool("OPTOUT_SITE_PUBLIC") if env_str("OPTOUT_SITE_PUBLIC") else None

INSTALLED_APPS = [
    "optout.web",
    "optout.accounts",
    "optout.catalog",
    "optout.plans",
    "optout.letters",
    "optout.watch",
    "optout.site",
    "optout.media",
    "optout.notify",
    "optout.ops",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_countries",  # its list of ISO 3166-1 codes checks a country given (names: lib.countries, from CLDR)
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

# "pages" holds rendered fragments built only from shipped data (the catalog); each process keeps its own.
CACHES = {
    # Shared by every web and worker process (rate limits must count across processes). Its table is
    # made by a migration (ops/migrations/0002), so `make run`, `optout serve` and deploys all get it.
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "optout_cache",
                "OPTIONS": {"MAX_ENTRIES": 20_000}},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "optout-pages",
              "OPTIONS": {"MAX_ENTRIES": 2000}},
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "optout.web.middleware.ElisionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "optout.web.middleware.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "optout.urls"
WSGI_APPLICATION = "optout.wsgi.application"

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
                "django.template.context_processors.csp",
                "optout.notify.context_processors.unread_news",
                "optout.web.context.site",
            ],
            # local_date, local_datetime, local_time: every date shown in the person's zone and language.
            "builtins": ["optout.web.templatetags.dates", "optout.web.templatetags.words"],
        },
    },
]

FORM_RENDERER = "optout.web.forms.FormRenderer"

_DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'optout.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        # A new PostgreSQL connection costs more than most pages; keep it a minute (checked before reuse).
        conn_max_age=env_int("OPTOUT_DB_CONN_MAX_AGE", 0 if _DATABASE_URL.startswith("sqlite") else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite makes its -wal and -shm files with the database file's mode: create it owner-only.
    _db_file = Path(DATABASES["default"]["NAME"])
    if str(_db_file) != ":memory:" and _db_file.parent.is_dir():
        os.close(os.open(_db_file, os.O_CREAT | os.O_WRONLY, 0o600))
        if _db_file.stat().st_mode & 0o077:
            _db_file.chmod(0o600)
    # WAL lets the web server read while the task worker writes.
    # secure_delete: a deleted account's rows are overwritten, not left readable in free pages until a VACUUM (SQLite
    # builds differ in their default)
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA secure_delete=ON;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# The interface's languages, each named in itself for the switcher. LocaleMiddleware picks one from the
# switcher's cookie, else the browser's Accept-Language. Catalogs: optout/locale (make messages).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("fr", "Français"), ("es", "Español"), ("it", "Italiano"),
             ("nl", "Nederlands"), ("pl", "Polski"), ("pt", "Português")]
# Our own catalogs, then our wording of django-allauth's and Django's strings where theirs speaks otherwise than we do
# (German "du", Dutch "je" and Spanish "usted" beside optout's forms of address, Polish forms that assume a man,
# Brazilian words in European Portuguese): LOCALE_PATHS outrank the apps' own catalogs. makemessages writes only to
# the first.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("OPTOUT_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
# A pasted e-mail may be up to 5 MB (plans/evidence.py); above Django's 2.5 MB default people got a bare
# "Bad Request" instead of optout's own message about what is wrong with the e-mail.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
# Above the image page's own limit (media.forms.MAX_FILES, 50), so that a person who picks 120 images reads that
# page's "At most 50 images at a time" rather than Django's bare "Bad Request (400)" (its default stops at 100).
DATA_UPLOAD_MAX_NUMBER_FILES = 1000
MEDIA_ROOT = DATA_DIR / "media"  # private uploads; never served as static files
# The proof files (screenshots, e-mails) one person may keep, so that one account cannot fill the disk. Imports accept
# whatever an export under it holds (plans/transfer.py Limits). Above about 280 MB the largest exports no longer fit
# through the web server's request limit (ops/serve.py) and must be imported with `optout plan import`.
OPTOUT_PROOF_QUOTA_BYTES = env_int("OPTOUT_PROOF_QUOTA_BYTES", 250 * 1024 * 1024)

# E-mail: the console locally; SMTP once OPTOUT_SMTP_HOST is set.
if smtp_host := env_str("OPTOUT_SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": smtp_host,
                "port": env_int("OPTOUT_SMTP_PORT", 465 if env_bool("OPTOUT_SMTP_SSL") else 587),
                "username": env_str("OPTOUT_SMTP_USER"),
                "password": env_str("OPTOUT_SMTP_PASSWORD"),
                # STARTTLS on 587 by default; OPTOUT_SMTP_SSL=1 for TLS from the first byte (port 465).
                "use_tls": env_bool("OPTOUT_SMTP_TLS", True) and not env_bool("OPTOUT_SMTP_SSL"),
                "use_ssl": env_bool("OPTOUT_SMTP_SSL"),
                "timeout": 20,
            },
        }
    }
    OPTOUT_MAIL_TO_CONSOLE = False
else:
    # Printed where `optout serve` runs, readably; pages then show confirmation links themselves.
    MAILERS = {"default": {"BACKEND": "optout.lib.mail.ConsoleBackend"}}
    OPTOUT_MAIL_TO_CONSOLE = True
DEFAULT_FROM_EMAIL = env_str("OPTOUT_FROM_EMAIL", "optout <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The periodic tick holds a lease this long (renewed while it runs); a dead tick is taken over after it.
OPTOUT_TICK_LEASE_SECONDS = env_int("OPTOUT_TICK_LEASE_SECONDS", 180)
# How long the tick keeps rows that have served their purpose (optout/ops/prune.py); 0 keeps them forever.
OPTOUT_KEEP_FETCH_LOGS_DAYS = env_int("OPTOUT_KEEP_FETCH_LOGS_DAYS", 90)
OPTOUT_KEEP_READ_NOTIFICATIONS_DAYS = env_int("OPTOUT_KEEP_READ_NOTIFICATIONS_DAYS", 180)
OPTOUT_KEEP_TASK_RESULTS_DAYS = env_int("OPTOUT_KEEP_TASK_RESULTS_DAYS", 30)
OPTOUT_KEEP_SNAPSHOTS_DAYS = env_int("OPTOUT_KEEP_SNAPSHOTS_DAYS", 30)  # raw watcher pages nothing refers to
# How often each worker checks that the clock is ticking.
OPTOUT_CLOCK_CHECK_SECONDS = float(env_int("OPTOUT_CLOCK_CHECK_SECONDS", 60))

# Accounts (django-allauth): e-mail + password, verified e-mail, optional TOTP.
LOGIN_REDIRECT_URL = "plans:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True  # a password or address changed: tell the account's owner (accounts/templates/account/email)
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{OPTOUT_SITE_NAME}] "
ACCOUNT_ADAPTER = "optout.accounts.adapter.AccountAdapter"
# People sign in with their e-mail address and never choose a user name: messages name them by the address.
ACCOUNT_USER_DISPLAY = "optout.accounts.adapter.shown_name"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
# allauth applies its default limits (sign-up, login, failed logins, password reset) per client address;
# optout's own costly doors are limited too, in the same shared cache.
OPTOUT_SITE_AUDIT_RATE = env_str("OPTOUT_SITE_AUDIT_RATE", "10/m")
# Each image batch may carry up to 300 MB that the server reads and rewrites.
OPTOUT_MEDIA_RATE = env_str("OPTOUT_MEDIA_RATE", "30/h")
# Tries of the password that deleting an account asks for, per person (a signed-in session is not proof enough of who
# is at the keyboard; allauth's own password checks have their limits)
OPTOUT_PASSWORD_CHECK_RATE = env_str("OPTOUT_PASSWORD_CHECK_RATE", "5/900s")
if env_bool("OPTOUT_DISABLE_RATE_LIMITS"):
    ACCOUNT_RATE_LIMITS = False
    OPTOUT_SITE_AUDIT_RATE = ""
    OPTOUT_MEDIA_RATE = ""
    OPTOUT_PASSWORD_CHECK_RATE = ""
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "optout.accounts.adapter.MFAAdapter"
MFA_TOTP_ISSUER = "optout"

# Security headers. Pages use no inline script, so the policy can be strict.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
}
# Production: a site whose OPTOUT_SITE_URL starts with https:// gets secure cookies, a redirect from
# http to https, and HSTS (a year unless OPTOUT_HSTS_SECONDS says otherwise; 0 turns it off).
# Behind a reverse proxy that ends TLS, set OPTOUT_BEHIND_TLS_PROXY=1 so Django trusts the proxy's
# X-Forwarded-Proto (only then: otherwise anyone could claim https) and the client address it adds.
if env_bool("OPTOUT_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    ALLAUTH_TRUSTED_PROXY_COUNT = env_int("OPTOUT_TRUSTED_PROXY_COUNT", 1)
if SITE_URL.startswith("https://"):
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("OPTOUT_HTTPS_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("OPTOUT_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("OPTOUT_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("OPTOUT_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a promise to browsers' built-in lists that is slow to take back: the operator's
        # call (OPTOUT_HSTS_PRELOAD=1), not a default, so its reminder is silenced.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Server-side fetches (policy watcher etc.) refuse private addresses unless allowed; tests allow loopback.
OPTOUT_ALLOW_PRIVATE_FETCH = env_bool("OPTOUT_ALLOW_PRIVATE_FETCH")
# Notification services (Apprise schemes) people may add; an operator can narrow or widen the list.
OPTOUT_NOTIFY_SCHEMES = frozenset(env_list(
    "OPTOUT_NOTIFY_SCHEMES",
    "ntfy,ntfys,json,jsons,xml,xmls,form,forms,mailto,mailtos,matrix,matrixs,gotify,gotifys,discord,slack,"
    "tgram,signal,signals,mmost,mmosts,rocket,rockets,pover,msteams,zulip",
))
# A catalog entry not verified for this many days shows a "may be outdated" badge.
OPTOUT_STALE_DAYS = env_int("OPTOUT_STALE_DAYS", 120)
# Seconds between two requests to the same host when watching documents (be polite).
OPTOUT_WATCH_HOST_DELAY = float(env_str("OPTOUT_WATCH_HOST_DELAY", "1.0"))
# Minutes the watcher waits before checking a drastically changed page again (an error page, a wall, a
# stub?); the change is recorded only if the second check sees it too.
OPTOUT_WATCH_CONFIRM_MINUTES = env_int("OPTOUT_WATCH_CONFIRM_MINUTES", 60)
# Days a watched page may fail to be read before the people who use its platform are told: optout's
# silence must not pass for "no change", but a short outage is not news.
OPTOUT_WATCH_TELL_FAILING_DAYS = env_int("OPTOUT_WATCH_TELL_FAILING_DAYS", 3)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("OPTOUT_LOG_LEVEL", "INFO")},
    # httpx logs every request at INFO; the watcher records its own outcomes in FetchLog.
    # WeasyPrint reports every stylesheet it parses ("Fetching and parsing CSS") and fontTools every subset.
    "loggers": {"django.server": {"level": "WARNING"}, "httpx": {"level": "WARNING"}, "httpcore": {"level": "WARNING"},
                **({} if env_str("OPTOUT_LOG_LEVEL") == "DEBUG" else
                   {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "trafilatura", "htmldate")})},
}
