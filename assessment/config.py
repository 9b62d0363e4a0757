"""Configuration from the environment, with safe defaults and a strict production mode."""

from __future__ import annotations

import math
import os
import secrets
import string
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, appcontext_popped, appcontext_pushed, current_app, has_app_context
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from assessment import branding, paths
from assessment.services import bank

QUESTIONS_DIR = paths.bundled("questions")  # the checkout's, or the installed package's copy
WEAK_SECRETS = {"", "dev", "secret", "changeme", "change-me", "development", "test"}
MIN_SECRET_LENGTH = 32
MIN_SECRET_BITS = 128
# Fewer bits per character than this means few distinct characters (``aaaa…``, ``abab…``);
# a random hex key of 32 characters has never measured below 2.8.
MIN_SECRET_BITS_PER_CHARACTER = 2.5
ENVIRONMENTS = ("development", "production", "testing")
DEFAULT_INVITATION_TTL_DAYS = 30
DEFAULT_MAX_CONTENT_LENGTH = 2 * 1024 * 1024  # bytes: far above any form, far below a disk


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete; start-up stops with this message."""


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        message = f"Refusing to start: {name} must be a whole number, not {value!r}."
        raise ConfigError(message) from None


def defaults(app: Flask) -> dict[str, Any]:
    """Settings every environment starts from; each can be set from the environment."""
    sqlite_path = Path(app.instance_path) / "assessment.sqlite"
    return {
        "ENV_NAME": os.environ.get("ASSESSMENT_ENV", "development"),
        "SECRET_KEY": os.environ.get("SECRET_KEY", ""),
        "DEBUG": _env_bool("FLASK_DEBUG"),
        "SQLALCHEMY_DATABASE_URI": database_url(
            os.environ.get("DATABASE_URL") or f"sqlite:///{sqlite_path}"),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "QUESTIONS_DIR": paths.questions_dir(),
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000"),
        # Proxies in front that set X-Forwarded-For/-Proto/-Host (assessment/web/proxy.py).
        "TRUSTED_PROXIES": _env_int("TRUSTED_PROXIES", 0),
        "LOG_FORMAT": os.environ.get("LOG_FORMAT", "text"),  # or json (assessment/web/logs.py)
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Background jobs (assessment/jobs): RQ on this Redis; empty runs them in-process.
        "REDIS_URL": os.environ.get("REDIS_URL", "").strip(),
        "REPORT_JOB_TIMEOUT": _env_int("REPORT_JOB_TIMEOUT", 120),  # seconds per render job
        "REPORT_MEMORY_LIMIT_MB": _env_int("REPORT_MEMORY_LIMIT_MB", 1024),  # a job's address space
        "REPORT_CACHE_MAX_MB": _env_int("REPORT_CACHE_MAX_MB", 512),  # PDFs kept in the database
        "REPORT_PRERENDER": _env_bool("REPORT_PRERENDER", True),  # render at scoring and review
        "INVITATION_TTL_DAYS": _env_int("INVITATION_TTL_DAYS", DEFAULT_INVITATION_TTL_DAYS),
        "ATTENTION_UNOPENED_DAYS": _env_int("ATTENTION_UNOPENED_DAYS", 5),  # attention queue
        # Werkzeug answers 413 past this, before a view or the CSRF check reads the body.
        "MAX_CONTENT_LENGTH": _env_int("MAX_CONTENT_LENGTH", DEFAULT_MAX_CONTENT_LENGTH),
        # SMTP with Flask-Mail's names; without MAIL_SERVER nothing is e-mailed.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _env_int("MAIL_PORT", 25),
        "MAIL_USE_TLS": _env_bool("MAIL_USE_TLS"),
        "MAIL_USE_SSL": _env_bool("MAIL_USE_SSL"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", ""),
        # Hosts webhooks may be sent to (host or host:port, comma-separated); empty: none.
        "WEBHOOK_ALLOWED_HOSTS": os.environ.get("WEBHOOK_ALLOWED_HOSTS", ""),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE"),
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": _env_int("WTF_CSRF_TIME_LIMIT", 7200),
        "PERMANENT_SESSION_LIFETIME": _env_int("SESSION_LIFETIME_SECONDS", 28800),
        "IDLE_TIMEOUT_SECONDS": _env_int("IDLE_TIMEOUT_SECONDS", 1800),
        # Failed sign-ins per (account, address) pair, and per account from anywhere before
        # the account is locked for the rest of the window (auth/throttle.py).
        "LOGIN_RATELIMIT_PAIR": os.environ.get("LOGIN_RATELIMIT_PAIR", "5 per 15 minutes"),
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "300 per minute"),
        "RATELIMIT_HEADERS_ENABLED": True,  # X-RateLimit-* and Retry-After (API clients pace)
        "LOGIN_LOCKOUT_ACCOUNT": os.environ.get("LOGIN_LOCKOUT_ACCOUNT", "50 per hour"),
        # The consultancy running the tool (assessment/branding.py): report and client pages.
        **{key: os.environ[key] for key in os.environ if key.startswith("BRAND_")},
        "BABEL_DEFAULT_LOCALE": "en",
        "LANGUAGES": ["en", "nl", "fr", "sv"],
    }


def load(app: Flask, overrides: dict[str, Any] | None = None) -> None:
    """Fill app.config from defaults, the environment and overrides, then check it is safe.

    While one of this app's contexts is active (every request and CLI command), the
    question bank reads its settings (QUESTIONS_DIR, QUESTIONNAIRE_ID) from this config.
    """
    app.config.from_mapping(defaults(app))
    if overrides:
        app.config.from_mapping(overrides)
    _check_environment_name(app)
    _check_secret_key(app)
    _check_proxies_and_logs(app)
    if served_over_https(app.config):
        # Served over HTTPS: the session and remember cookies never travel in clear text.
        app.config["SESSION_COOKIE_SECURE"] = app.config["REMEMBER_COOKIE_SECURE"] = True
    try:
        app.config["BRANDING"] = branding.from_config(app.config)
    except branding.BrandingError as error:
        raise ConfigError(f"Refusing to start: {error}") from None
    appcontext_pushed.connect(_bind_bank_settings, app)
    appcontext_popped.connect(_restore_bank_settings, app)


def served_over_https(config: Mapping[str, Any]) -> bool:
    """Whether the site is meant to be reached only over HTTPS (an ``https://`` BASE_URL)."""
    return str(config.get("BASE_URL") or "").lower().startswith("https://")


def database_url(url: str) -> str:
    """DATABASE_URL as SQLAlchemy takes it; ``postgres://`` and a driverless
    ``postgresql://`` (Heroku's and libpq's spelling) mean psycopg 3, the installed driver.

    Raises ConfigError in one line for a URL SQLAlchemy cannot use.
    """
    scheme, separator, rest = url.partition("://")
    if separator and scheme in {"postgres", "postgresql"}:
        url = f"postgresql+psycopg://{rest}"
    try:
        make_url(url).get_dialect().import_dbapi()  # the driver is installed
    except (ArgumentError, NoSuchModuleError, ValueError, ImportError):
        shown = f"{scheme}://…" if separator else "a value that is not a URL"
        raise ConfigError(
            f"Refusing to start: DATABASE_URL is {shown}, which is not a database URL this "
            "application can use; write postgresql+psycopg://USER:PASSWORD@HOST/DATABASE "
            "or sqlite:////absolute/path.sqlite."
        ) from None
    return url


def _check_proxies_and_logs(app: Flask) -> None:
    if int(app.config.get("TRUSTED_PROXIES") or 0) < 0:
        raise ConfigError("Refusing to start: TRUSTED_PROXIES must be 0 or more.")
    if app.config.get("LOG_FORMAT") not in {"text", "json"}:
        raise ConfigError(
            f"Refusing to start: LOG_FORMAT is {app.config.get('LOG_FORMAT')!r}; "
            "use text or json."
        )


def invitation_ttl_days(config: Mapping[str, Any]) -> int:
    """How many days a new invitation link stays valid (INVITATION_TTL_DAYS)."""
    return int(config.get("INVITATION_TTL_DAYS") or DEFAULT_INVITATION_TTL_DAYS)


def _bind_bank_settings(app: Flask, **_extra: Any) -> None:
    bank.use_settings(app.config)


def _restore_bank_settings(app: Flask, **_extra: Any) -> None:
    # The context is already popped: an outer one (another app's, in tests) applies again.
    bank.use_settings(current_app.config if has_app_context() else None)


def _check_environment_name(app: Flask) -> None:
    # Exact names only: "Production" or "prod" must not quietly start without production checks.
    name = app.config["ENV_NAME"]
    if name not in ENVIRONMENTS:
        raise ConfigError(
            f"Refusing to start: ASSESSMENT_ENV is {name!r}; "
            f"use one of {', '.join(ENVIRONMENTS)} (lowercase)."
        )


def secret_key_is_strong(key: str) -> bool:
    """Whether a key is long and varied enough to sign sessions in production.

    The estimate is the length times the bits of the character classes used (16 for a hex
    key, 26 per letter case, 10 digits, 33 others), refused when the key repeats a block
    or uses few distinct characters (``aaaa…``, ``abcabc…``), which that estimate misses.
    """
    if key.lower() in WEAK_SECRETS or len(key) < MIN_SECRET_LENGTH:
        return False
    if _repeats_a_block(key) or _bits_per_character(key) < MIN_SECRET_BITS_PER_CHARACTER:
        return False
    return len(key) * math.log2(_alphabet_size(key)) >= MIN_SECRET_BITS


def _repeats_a_block(key: str) -> bool:
    # "abcabcab" is "abc" repeated (the last copy cut short).
    return any(key.startswith(key[size:]) for size in range(1, len(key) // 2 + 1))


def _bits_per_character(key: str) -> float:
    """The Shannon entropy of the key's own characters, in bits per character."""
    counts = Counter(key)
    return -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())


def _alphabet_size(key: str) -> int:
    characters = set(key)
    hex_key = characters <= set(string.hexdigits.lower()) or characters <= set(
        string.hexdigits.upper())
    if hex_key and not characters <= set(string.digits):
        return 16
    classes = (string.ascii_lowercase, string.ascii_uppercase, string.digits)
    size = sum(len(c) for c in classes if characters & set(c))
    return size + (33 if characters - set("".join(classes)) else 0)


def _check_secret_key(app: Flask) -> None:
    production = app.config["ENV_NAME"] == "production"
    key = app.config.get("SECRET_KEY") or ""
    if production:
        if app.config.get("DEBUG"):
            raise ConfigError(
                "Refusing to start: debug mode is on in production (unset FLASK_DEBUG)."
            )
        if not secret_key_is_strong(key):
            raise ConfigError(
                "Refusing to start: SECRET_KEY is missing or weak in production; "
                f"set it to a random value of at least {MIN_SECRET_LENGTH} characters "
                f"(about {MIN_SECRET_BITS} bits, no repeated pattern), "
                'e.g. python -c "import secrets; print(secrets.token_urlsafe(48))".'
            )
        return
    if not key:
        app.config["SECRET_KEY"] = secrets.token_urlsafe(48)
        if not app.config.get("TESTING"):
            print(
                "Development mode: no SECRET_KEY set, generated a temporary one "
                "(sessions end when the server restarts).",
                file=sys.stderr,
            )
