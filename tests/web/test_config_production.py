"""Production mode fails closed (issue 14, finding 8): only the known environment names
start, and a SECRET_KEY must be long and varied, not merely 32 characters."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from assessment.app import create_app
from assessment.config import ENVIRONMENTS, ConfigError, secret_key_is_strong

STRONG_KEY = "q7Vh2LxN9pWc4RtY8mZs3KdJ6fGb1XnA5uEo0TiH"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ASSESSMENT_ENV", "SECRET_KEY", "FLASK_DEBUG", "DATABASE_URL", "BASE_URL"):
        monkeypatch.delenv(name, raising=False)


def build(tmp_path: Path, **overrides: Any) -> Flask:
    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite'}",
                       **overrides})


@pytest.mark.parametrize("name", ["Production", "PRODUCTION", "prod", "production ", "live",
                                  "Development", "dev", "test", ""])
def test_an_unknown_environment_name_refuses_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("ASSESSMENT_ENV", name)
    monkeypatch.setenv("SECRET_KEY", "weak")
    with pytest.raises(ConfigError) as refused:
        build(tmp_path)
    message = str(refused.value)
    assert "\n" not in message
    assert f"ASSESSMENT_ENV is {name!r}" in message
    assert "development, production, testing" in message


@pytest.mark.parametrize("name", ENVIRONMENTS)
def test_the_known_names_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               name: str) -> None:
    monkeypatch.setenv("ASSESSMENT_ENV", name)
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    assert build(tmp_path).config["ENV_NAME"] == name


@pytest.mark.parametrize(
    "key",
    [
        "a" * 32,
        "a" * 64,
        "abc" * 11,  # abcabc…: three characters
        "Zk3" * 20,
        "abcdef" * 6,  # a repeated block
        "0123456789" * 4,
        "q7Vh2LxN9pWc4RtY" * 3,  # a random-looking block, repeated
        "31415926535897932384626433832795",  # digits only: about 106 bits
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
        "test-secret-key-" + "k" * 48,
    ],
)
def test_production_refuses_a_long_but_low_entropy_key(tmp_path: Path, key: str) -> None:
    assert len(key) >= 32
    with pytest.raises(ConfigError, match="SECRET_KEY is missing or weak") as refused:
        build(tmp_path, ENV_NAME="production", SECRET_KEY=key)
    assert "\n" not in str(refused.value)


GENERATORS: dict[str, Callable[[], str]] = {
    "token_urlsafe(24)": lambda: secrets.token_urlsafe(24),
    "token_urlsafe(48)": lambda: secrets.token_urlsafe(48),
    "token_hex(16)": lambda: secrets.token_hex(16),
    "token_hex(32)": lambda: secrets.token_hex(32),
    "uppercase hex": lambda: secrets.token_hex(16).upper(),
}


@pytest.mark.parametrize("generator", GENERATORS)
def test_random_keys_of_128_bits_or_more_are_accepted(generator: str) -> None:
    keys = [GENERATORS[generator]() for _ in range(2000)]
    assert [k for k in keys if not secret_key_is_strong(k)] == []


def test_production_starts_with_a_generated_key(tmp_path: Path) -> None:
    key = secrets.token_urlsafe(48)
    assert build(tmp_path, ENV_NAME="production", SECRET_KEY=key).config["SECRET_KEY"] == key


def test_a_passphrase_of_many_words_is_accepted() -> None:
    assert secret_key_is_strong("correct horse battery staple under the pale blue lamp")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"ASSESSMENT_ENV": "Production", "SECRET_KEY": STRONG_KEY},
         "Error: Refusing to start: ASSESSMENT_ENV is 'Production'; use one of development, "
         "production, testing (lowercase).\n"),
        ({"ASSESSMENT_ENV": "production", "SECRET_KEY": "a" * 32},
         "Error: Refusing to start: SECRET_KEY is missing or weak in production"),
    ],
)
def test_the_command_line_says_it_in_one_line(
    tmp_path: Path, environment: dict[str, str], expected: str
) -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "assessment"), "init-db"],
        env={**os.environ, **environment,
             "DATABASE_URL": f"sqlite:///{tmp_path / 'c.sqlite'}"},
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(expected)
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "c.sqlite").exists()
