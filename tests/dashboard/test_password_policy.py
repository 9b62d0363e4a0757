"""The password policy: length, variety, context, and zxcvbn's estimate, each with its reason."""

from __future__ import annotations

import pytest

from assessment.services import users
from assessment.services.password_policy import PasswordRefused, check

WEAK = [
    ("aaaaaaaaaaaa", "", "repeated character or a simple sequence"),
    ("abcdefghijklmn", "", "repeated character or a simple sequence"),
    ("zyxwvutsrqponm", "", "repeated character or a simple sequence"),
    ("123456789012", "", "commonly used password"),
    ("passwordpassword", "", "repeats, sequences or keyboard patterns"),
    ("qwertyuiopasdf", "", "commonly used password"),
    ("iloveyou12345", "", "commonly used password"),
    ("CommerceReadiness2026", "", "must not contain your email address or the product's name"),
    ("commerce-readiness!x", "", "must not contain your email address or the product's name"),
    ("jan.jansen-blue-sky", "jan.jansen@example.com", "must not contain your email address"),
    ("jan.jansen@example.com", "jan.jansen@example.com", "must not be the email address"),
    ("short", "", "at least 12 characters"),
]
STRONG = ["correct horse battery staple", "Tr0ub4dor&3 lemon tree", "vivid-otter-grammar-ounce"]


@pytest.mark.parametrize(("password", "email", "reason"), WEAK)
def test_weak_passwords_are_refused_with_the_reason(password: str, email: str, reason: str) -> None:
    with pytest.raises(PasswordRefused) as refused:
        check(password, email)
    assert reason in str(refused.value)
    assert refused.value.field == "password"


@pytest.mark.parametrize("password", STRONG)
def test_strong_passwords_pass(password: str) -> None:
    check(password, "ann.smith@example.com")


def test_users_check_password_refuses_the_issues_examples() -> None:
    for password in ["aaaaaaaaaaaa", "123456789012", "passwordpassword"]:
        with pytest.raises(users.UserError):
            users.check_password(password, "someone@example.com")


def test_very_long_passwords_are_judged_without_error() -> None:
    check("vivid-otter-grammar-ounce " * 30, "")
    with pytest.raises(PasswordRefused, match="at most 1024"):
        check("vivid-otter-grammar-ounce" * 50, "")
