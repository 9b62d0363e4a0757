"""Whether a new password is strong enough: length, variety, context, and zxcvbn's estimate.

zxcvbn (Dropbox's estimator) knows the common passwords, words, names, keyboard patterns,
dates, repeats and sequences; we refuse its scores below ``MIN_SCORE`` and give it the
user's email, its local part and the product's name as words an attacker would try first.
Cheap checks run before it, so the usual mistakes get a specific message.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from zxcvbn import zxcvbn

from assessment.services.errors import N_, DomainError, Text

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # argon2 hashes anything, but a megabyte "password" is an attack
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable", about 10^8 guesses and more
MIN_DISTINCT_CHARACTERS = 5
PRODUCT_NAME = "commerce readiness"
_ZXCVBN_MAX_LENGTH = 72  # zxcvbn refuses longer input; the prefix is judged (conservative)
_MIN_CONTEXT_LENGTH = 4  # shorter local parts ("jo@…") would refuse too many good passwords
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


class PasswordRefused(DomainError):
    """The new password is too weak; ``text`` says what is wrong with it."""


def check(password: str, email: str = "") -> None:
    """PasswordRefused with a specific reason unless ``password`` is strong enough."""
    if len(password) < MIN_PASSWORD_LENGTH:
        _refuse(N_("The password must have at least %(min)d characters.", min=MIN_PASSWORD_LENGTH))
    if len(password) > MAX_PASSWORD_LENGTH:
        _refuse(N_("The password must have at most %(max)d characters.", max=MAX_PASSWORD_LENGTH))
    if email and password.strip().lower() == email.strip().lower():
        _refuse(N_("The password must not be the email address."))
    if len(set(password.lower())) < MIN_DISTINCT_CHARACTERS or _is_sequence(password):
        _refuse(N_("The password is a repeated character or a simple sequence; "
                   "choose one that is harder to guess."))
    if _contains_context(password, email):
        _refuse(N_("The password must not contain your email address or the product's name."))
    _check_estimate(password, context_words(email))


def context_words(email: str) -> list[str]:
    """The words an attacker tries first for this account: email, its local part, product."""
    words = [PRODUCT_NAME, _squash(PRODUCT_NAME), *PRODUCT_NAME.split()]
    clean = email.strip().lower()
    if clean:
        local = clean.partition("@")[0]
        words += [clean, local, *[p for p in re.split(r"[._+\-]", local) if p]]
    return words


def _check_estimate(password: str, words: Sequence[str]) -> None:
    result = zxcvbn(password[:_ZXCVBN_MAX_LENGTH], user_inputs=list(words))
    if result["score"] >= MIN_SCORE:
        return
    patterns = {(m.get("pattern"), m.get("dictionary_name")) for m in result["sequence"]}
    if ("dictionary", "passwords") in patterns:
        _refuse(N_("The password is too close to a commonly used password; "
                   "choose one that is harder to guess."))
    if ("dictionary", "user_inputs") in patterns:
        _refuse(N_("The password must not contain your email address or the product's name."))
    if any(kind in {"repeat", "sequence", "spatial"} for kind, _name in patterns):
        _refuse(N_("The password is made of repeats, sequences or keyboard patterns; "
                   "choose one that is harder to guess."))
    _refuse(N_("The password is too easy to guess; use a longer phrase of several "
               "uncommon words."))


def _contains_context(password: str, email: str) -> bool:
    squashed = _squash(password)
    candidates = [_squash(PRODUCT_NAME)]
    local = email.strip().lower().partition("@")[0]
    if len(_squash(local)) >= _MIN_CONTEXT_LENGTH:
        candidates.append(_squash(local))
    return any(c and c in squashed for c in candidates)


def _is_sequence(password: str) -> bool:
    """True for a run with one constant step between characters: abcdef…, 13579…, 98765…."""
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(password)}
    return len(steps) == 1


def _squash(text: str) -> str:
    return _NOT_ALNUM.sub("", text.lower())


def _refuse(text: Text) -> None:
    raise PasswordRefused(text, field="password")
