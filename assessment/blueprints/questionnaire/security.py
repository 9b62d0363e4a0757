"""Security for the respondent's pages: headers, signed form context, log redaction, and
the rate limit on invitation links."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from flask import Response, current_app, has_app_context
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeSerializer

from assessment.extensions import limiter

FORM_CONTEXT_SALT = "questionnaire.form-context"
TOKEN_IN_PATH = re.compile(r"/i/[A-Za-z0-9_\-]{8,}")
DEFAULT_EXCHANGE_LIMIT = "20 per minute;100 per hour"

F = TypeVar("F", bound=Callable[..., object])


def apply_headers(response: Response, *, no_store: bool, referrer: str = "same-origin") -> Response:
    """Set what a blueprint's pages add to the app-wide headers: caching and the referrer.

    The baseline (CSP, no framing, no sniffing, HSTS) is set on every response by
    ``assessment.web.headers``, after this. ``same-origin`` (not ``no-referrer``) on
    ordinary pages: Flask-WTF's strict HTTPS CSRF check needs the Referer of our own
    forms, and no URL after the exchange carries a token. The exchange itself answers
    with ``no-referrer``.
    """
    response.headers.setdefault("Referrer-Policy", referrer)
    if no_store:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


@dataclass(frozen=True)
class FormContext:
    """What a section form was rendered for: whose it is, which questions, which conflicts.

    Signed with the app's secret, so a posted form can be rebuilt exactly as it was
    shown (even when the session has gone) and cannot be replayed into another
    respondent's session. It grants nothing by itself: saving still needs a session.
    """

    invitation_id: int
    section_id: str
    question_ids: tuple[str, ...]
    conflicts: tuple[str, ...] = ()

    def dumps(self) -> str:
        """The signed value of the hidden ``form_context`` field."""
        payload = {"i": self.invitation_id, "s": self.section_id,
                   "q": list(self.question_ids), "c": list(self.conflicts)}
        return str(_serializer().dumps(payload))

    @classmethod
    def loads(cls, signed: str | None) -> FormContext | None:
        """The context of a posted form; None when missing, tampered with or malformed."""
        if not signed:
            return None
        try:
            payload = _serializer().loads(signed)
        except BadSignature:
            return None
        return cls._from_payload(payload)

    @classmethod
    def _from_payload(cls, payload: Any) -> FormContext | None:
        if not isinstance(payload, Mapping):
            return None
        try:
            return cls(
                invitation_id=int(payload["i"]),
                section_id=str(payload["s"]),
                question_ids=tuple(str(q) for q in payload["q"]),
                conflicts=tuple(str(q) for q in payload.get("c", ())),
            )
        except (KeyError, TypeError, ValueError):
            return None


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=FORM_CONTEXT_SALT)


class TokenRedactingFilter(logging.Filter):
    """Blank out invitation tokens in access-log lines (werkzeug's and gunicorn's)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message and arguments; never drops a record."""
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, MutableMapping):
            # In place: gunicorn's atoms mapping answers missing keys itself.
            for key, value in list(record.args.items()):
                if isinstance(value, str):
                    record.args[key] = redact(value)
        return True


def redact(text: str) -> str:
    """``text`` with any ``/i/<token>`` path replaced by ``/i/[redacted]``."""
    return TOKEN_IN_PATH.sub("/i/[redacted]", text)


def install_log_redaction() -> None:
    """Attach the redacting filter to the access loggers (once)."""
    for name in ("werkzeug", "gunicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, TokenRedactingFilter) for f in logger.filters):
            logger.addFilter(TokenRedactingFilter())


def exchange_rate_limit() -> str:
    """The Flask-Limiter limit for ``/i/<token>``: config INVITE_RATELIMIT, per address."""
    if has_app_context():
        return str(current_app.config.get("INVITE_RATELIMIT", DEFAULT_EXCHANGE_LIMIT))
    return DEFAULT_EXCHANGE_LIMIT


def rate_limited_exchange(view: F) -> F:
    """Decorate the token exchange view: failed lookups (4xx) count against the address.

    Only unknown, expired or revoked tokens are deducted, so a respondent reopening a
    valid link is never blocked, while guessing hits 429 after a few attempts.
    """
    decorated = limiter.limit(
        exchange_rate_limit,
        key_func=get_remote_address,
        deduct_when=lambda response: response.status_code >= 400,
        scope="invitation-exchange",
    )(view)
    return cast(F, decorated)
