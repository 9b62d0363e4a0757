"""Configuration: safe defaults, the environment, and a production mode that refuses to start
with a missing or weak SECRET_KEY or with debug on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from assessment.app import create_app
from assessment.config import MIN_SECRET_LENGTH, ConfigError

STRONG_KEY = "q7Vh2LxN9pWc4RtY8mZs3KdJ6fGb1XnA5uEo0TiH"  # random, 40 characters


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start each test from an environment without the settings under test."""
    for name in (
        "ASSESSMENT_ENV",
        "SECRET_KEY",
        "FLASK_DEBUG",
        "DATABASE_URL",
        "BASE_URL",
        "INVITATION_TTL_DAYS",
        "SESSION_COOKIE_SECURE",
    ):
        monkeypatch.delenv(name, raising=False)


def build(tmp_path: Path, **overrides: Any) -> Flask:
    """An app on a throwaway SQLite URL with the given config overrides."""
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    return create_app({"SQLALCHEMY_DATABASE_URI": url, **overrides})


@pytest.mark.parametrize("key", ["", "dev", "secret", "changeme", "test", "short-but-random-Q9"])
def test_production_refuses_a_missing_or_weak_secret_key(tmp_path: Path, key: str) -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY is missing or weak"):
        build(tmp_path, ENV_NAME="production", SECRET_KEY=key)


def test_production_refuses_a_key_one_character_too_short(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=f"at least {MIN_SECRET_LENGTH} characters"):
        build(tmp_path, ENV_NAME="production", SECRET_KEY="x" * (MIN_SECRET_LENGTH - 2) + "!")


def test_production_refuses_debug_mode(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="debug mode is on in production"):
        build(tmp_path, ENV_NAME="production", SECRET_KEY=STRONG_KEY, DEBUG=True)


def test_production_refuses_debug_set_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSESSMENT_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigError, match="FLASK_DEBUG"):
        build(tmp_path)


def test_production_starts_with_a_strong_key_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSESSMENT_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    app = build(tmp_path)
    assert app.config["SECRET_KEY"] == STRONG_KEY
    assert app.config["DEBUG"] is False


def test_development_generates_a_key_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = build(tmp_path)
    second = build(tmp_path)
    key = first.config["SECRET_KEY"]
    assert len(key) >= MIN_SECRET_LENGTH
    assert key != second.config["SECRET_KEY"]
    assert "generated a temporary one" in capsys.readouterr().err


def test_testing_mode_generates_a_key_quietly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = build(tmp_path, TESTING=True)
    assert len(app.config["SECRET_KEY"]) >= MIN_SECRET_LENGTH
    assert capsys.readouterr().err == ""


def test_development_keeps_a_key_that_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRET_KEY", "dev")  # weak keys are tolerated outside production
    assert build(tmp_path).config["SECRET_KEY"] == "dev"


def test_database_url_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'from-env.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == url


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path: Path) -> None:
    app = create_app({"TESTING": True})
    expected = Path(app.instance_path) / "assessment.sqlite"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{expected}"


def test_safe_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INVITATION_TTL_DAYS", "14")
    config = build(tmp_path, TESTING=True).config
    assert config["DEBUG"] is False
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["SESSION_COOKIE_SECURE"] is False
    assert config["INVITATION_TTL_DAYS"] == 14
    assert config["BASE_URL"] == "http://127.0.0.1:5000"
    assert config["LANGUAGES"] == ["en", "nl", "fr", "sv"]


def test_secure_cookies_can_be_switched_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "true")
    assert build(tmp_path, TESTING=True).config["SESSION_COOKIE_SECURE"] is True


def test_the_command_line_says_what_to_fix_without_a_traceback(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    environment = {
        **os.environ,
        "ASSESSMENT_ENV": "production",
        "SECRET_KEY": "short",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'c.sqlite'}",
    }
    done = subprocess.run(
        [str(Path(sys.executable).parent / "assessment"), "init-db"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Error: Refusing to start: SECRET_KEY is missing or weak")
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "c.sqlite").exists()  # nothing was created
