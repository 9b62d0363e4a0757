"""The production shape: proxies, request ids and JSON logs, database URLs and one-line
errors, Redis rate limits, and gunicorn started with ``gunicorn.conf.py``."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from assessment.app import create_app
from assessment.config import ConfigError, database_url
from assessment.services import invitations
from assessment.web import logs
from tests.conftest import TEST_SECRET_KEY, AssessmentCliRunner
from tests.factories import make_invitation

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_URL = "redis://127.0.0.1:6379/13"
FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https",
             "X-Forwarded-Host": "assessment.example.com"}


def request_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == logs.REQUEST_LOGGER]


# --- proxies ------------------------------------------------------------------------------


class TestBehindOneProxy:
    @pytest.fixture
    def app_config(self) -> dict[str, Any]:
        return {"TRUSTED_PROXIES": 1}

    def test_the_client_address_scheme_and_host_come_from_the_proxy(
        self, client: FlaskClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.INFO, logger=logs.REQUEST_LOGGER)
        response = client.get("/login", headers=FORWARDED)
        assert response.status_code == 200
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
        (record,) = request_records(caplog)
        assert record.remote_addr == "203.0.113.7"

    def test_only_the_last_hop_is_trusted(
        self, client: FlaskClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.INFO, logger=logs.REQUEST_LOGGER)
        client.get("/login", headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.7"})
        assert request_records(caplog)[0].remote_addr == "203.0.113.7"


def test_without_trusted_proxies_forwarded_headers_are_ignored(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=logs.REQUEST_LOGGER)
    response = client.get("/login", headers=FORWARDED)
    assert "Strict-Transport-Security" not in response.headers
    assert request_records(caplog)[0].remote_addr == "127.0.0.1"


def test_an_https_base_url_makes_both_cookies_secure(app: Flask) -> None:
    https = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET_KEY,
                        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                        "BASE_URL": "https://assessment.example.com"})
    assert https.config["SESSION_COOKIE_SECURE"] and https.config["REMEMBER_COOKIE_SECURE"]
    assert not app.config["SESSION_COOKIE_SECURE"] and not app.config["REMEMBER_COOKIE_SECURE"]


# --- request ids and logs -------------------------------------------------------------------


def test_a_sane_request_id_is_kept_and_an_odd_one_replaced(client: FlaskClient) -> None:
    kept = client.get("/login", headers={"X-Request-Id": "lb-1234.abc:9"})
    assert kept.headers["X-Request-Id"] == "lb-1234.abc:9"
    for odd in ("has spaces", "x" * 200, "<script>"):
        replaced = client.get("/login", headers={"X-Request-Id": odd})
        assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["X-Request-Id"])
    first, second = client.get("/login"), client.get("/login")
    assert first.headers["X-Request-Id"] != second.headers["X-Request-Id"]


@pytest.fixture
def json_logs(app: Flask) -> Iterator[io.StringIO]:
    """The JSON handler LOG_FORMAT=json installs, writing to a buffer; removed after."""
    written = io.StringIO()
    logs.configure(json_format=True, stream=written)
    yield written
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_assessment", False)]:
        root.removeHandler(handler)


def test_json_logs_give_one_object_per_request_with_the_token_cut_out(
    client: FlaskClient, db_session: Session, json_logs: io.StringIO
) -> None:
    invitation, token = make_invitation(db_session)
    response = client.get(f"/i/{token}", headers={"X-Request-Id": "req-42"})
    assert response.status_code in {302, 303}
    client.get("/password-reset/" + "s3cret-reset-token-value")
    err = json_logs.getvalue()
    assert token not in err and "s3cret-reset-token-value" not in err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    exchange = next(e for e in lines if e.get("request_id") == "req-42")
    assert exchange["path"] == "/i/[redacted]" and exchange["method"] == "GET"
    assert exchange["status"] == response.status_code and exchange["level"] == "info"
    assert exchange["logger"] == logs.REQUEST_LOGGER and exchange["remote_addr"] == "127.0.0.1"
    assert isinstance(exchange["duration_ms"], float) and exchange["time"].endswith("+00:00")
    assert any(e.get("path") == "/password-reset/[redacted]" for e in lines)
    assert invitations.resolve(db_session, token).id == invitation.id


def test_access_lines_of_the_servers_are_redacted_and_json_keeps_exceptions() -> None:
    token = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbA"
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '"%s" %s',
                               (f"GET /password-reset/{token} HTTP/1.1", "200"), None)
    logs.RedactTokens().filter(record)
    assert record.getMessage() == '"GET /password-reset/[redacted] HTTP/1.1" 200'
    try:
        raise ValueError(f"bad /i/{token}")
    except ValueError:
        failed = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    entry = json.loads(logs.JsonFormatter().format(failed))
    assert entry["level"] == "error" and "ValueError" in entry["exception"]
    assert token not in entry["exception"]


def test_log_format_and_trusted_proxies_are_checked(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    with pytest.raises(ConfigError, match="LOG_FORMAT"):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": uri, "LOG_FORMAT": "xml"})
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": uri, "TRUSTED_PROXIES": -1})


# --- database URLs and one-line errors ----------------------------------------------------


def test_postgres_urls_are_read_as_psycopg() -> None:
    assert database_url("postgres://u:p@db/x") == "postgresql+psycopg://u:p@db/x"
    assert database_url("postgresql://u@db:5433/x") == "postgresql+psycopg://u@db:5433/x"
    assert database_url("postgresql+psycopg://u@db/x") == "postgresql+psycopg://u@db/x"
    assert database_url("sqlite:////tmp/x.sqlite") == "sqlite:////tmp/x.sqlite"
    for bad in ("mysql://u@db/x", "not a url", "postgresql+psycopg2://u@db/x"):
        with pytest.raises(ConfigError, match="DATABASE_URL") as raised:
            database_url(bad)
        assert "\n" not in str(raised.value)


def assessment_command(*args: str, stdin: str = "", **env: str
                       ) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DATABASE_URL", "QUESTIONS_DIR", "ASSESSMENT_ENV"}}
    return subprocess.run([str(BIN / "assessment"), *args], env={**clean, **env}, input=stdin,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize(("url", "says"), [
    ("mysql://u@db/x", "DATABASE_URL is mysql://"),
    ("postgresql+psycopg://postgres@127.0.0.1:1/x", "Connection refused"),
    ("sqlite:////no/such/folder/x.sqlite", "unable to open database file"),
])
@pytest.mark.parametrize("command", [["init-db"], ["worker", "--burst"]])
def test_an_unusable_database_is_one_line_and_exit_1(url: str, says: str,
                                                     command: list[str]) -> None:
    # The worker checks the database before it takes a job (Redis db 15: nothing is queued).
    result = assessment_command(*command, DATABASE_URL=url, REDIS_URL="redis://127.0.0.1:6379/15")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if not line.startswith("Development")]
    assert len(errors) == 1 and says in errors[0] and "Traceback" not in result.stderr, errors


def test_a_missing_postgresql_database_is_one_line() -> None:
    server = os.environ.get("TEST_DATABASE_URL")
    if not server or not server.startswith("postgresql"):
        pytest.skip("needs TEST_DATABASE_URL (a PostgreSQL server)")
    missing = make_url(server).set(database=f"missing_{uuid.uuid4().hex[:8]}")
    url = missing.render_as_string(hide_password=False)
    for command in (["init-db"], ["list"], ["create-user", "a@example.com", "--role", "admin",
                                             "--password-stdin"]):
        result = assessment_command(*command, DATABASE_URL=url, stdin="Ko-7rain-Lamp-Quartz-19\n")
        errors = [line for line in result.stderr.splitlines()
                  if not line.startswith("Development")]
        assert result.returncode == 1 and len(errors) == 1, (command, result.stderr)
        assert "does not exist" in errors[0] and "createdb" in errors[0]


def test_init_db_refuses_a_missing_bank(runner: AssessmentCliRunner, app: Flask,
                                        tmp_path: Path) -> None:
    app.config["QUESTIONS_DIR"] = tmp_path / "nothing-here"
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 1
    assert "No question bank at" in result.output and "nothing-here" in result.output


# --- Redis rate limits ----------------------------------------------------------------------


class TestRedisRateLimits:
    prefix = f"deploytest-{uuid.uuid4().hex[:8]}"

    @pytest.fixture
    def app_config(self) -> dict[str, Any]:
        return {"RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": self.prefix,
                "INVITE_RATELIMIT": "3 per minute"}

    def test_link_guessing_is_counted_in_redis(self, client: FlaskClient) -> None:
        store = redis.Redis.from_url(REDIS_URL)
        try:
            statuses = [client.get(f"/i/{'x' * 43}{n}").status_code for n in range(4)]
            assert statuses[-1] == 429 and 429 not in statuses[:3], statuses
            assert list(store.scan_iter(f"*{self.prefix}*"))
        finally:
            for key in store.scan_iter(f"*{self.prefix}*"):
                store.delete(key)


# --- gunicorn -------------------------------------------------------------------------------


def gunicorn_settings(**env: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("GUNICORN_", "WEB_CONCURRENCY", "BIND", "TRUSTED_PROXIES"))}
    result = subprocess.run(
        [str(BIN / "gunicorn"), "--print-config", "-c", str(ROOT / "gunicorn.conf.py"),
         "assessment.wsgi:app"], env={**clean, **env}, capture_output=True, text=True,
        timeout=60, check=True, cwd=ROOT)
    pairs = (line.split(" = ", 1) for line in result.stdout.splitlines() if " = " in line)
    return {name.strip(): value.strip() for name, value in pairs}


def test_gunicorn_conf_reads_the_environment() -> None:
    defaults = gunicorn_settings()
    assert defaults["worker_class"] == "sync" and defaults["timeout"] == "30"
    assert int(defaults["workers"]) == min(2 * (os.cpu_count() or 1) + 1, 8)
    assert defaults["bind"] == "['127.0.0.1:8000']" and defaults["max_requests"] == "2000"
    assert defaults["forwarded_allow_ips"] == "['127.0.0.1']"
    custom = gunicorn_settings(WEB_CONCURRENCY="3", GUNICORN_TIMEOUT="45", BIND="0.0.0.0:9001",
                               GUNICORN_MAX_REQUESTS="0", TRUSTED_PROXIES="1")
    assert custom["workers"] == "3" and custom["timeout"] == "45"
    assert custom["bind"] == "['0.0.0.0:9001']" and custom["max_requests"] == "0"
    assert custom["forwarded_allow_ips"] == "['*']"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_gunicorn_serves_the_app_in_production_with_json_logs(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"QUESTIONS_DIR", "REDIS_URL"}}
    env.update(ASSESSMENT_ENV="production", SECRET_KEY=secrets.token_urlsafe(48),
               DATABASE_URL=f"sqlite:///{tmp_path / 'app.sqlite'}", BIND=f"127.0.0.1:{port}",
               WEB_CONCURRENCY="2", LOG_FORMAT="json", TRUSTED_PROXIES="1",
               INSTANCE_PATH=str(tmp_path / "instance"))
    subprocess.run([str(BIN / "assessment"), "init-db"], env=env, check=True,
                   capture_output=True, timeout=120)
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen([str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
                               "assessment.wsgi:app"], env=env, cwd=tmp_path, stdout=log,
                              stderr=subprocess.STDOUT)
    try:
        response, request_id = None, ""
        for attempt in range(200):  # until the workers are up (a slow, shared machine)
            request_id = f"gunicorn-test-{attempt}"
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/login",
                    headers={"X-Request-Id": request_id, "X-Forwarded-For": "192.0.2.9"})
                response = urllib.request.urlopen(request, timeout=30)
                break
            except OSError:
                time.sleep(0.1)
        assert response is not None and response.status == 200
        assert response.headers["X-Request-Id"] == request_id
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    lines = [json.loads(line) for line in (tmp_path / "gunicorn.log").read_text().splitlines()
             if line.startswith("{")]
    (served,) = [e for e in lines if e.get("request_id") == request_id]  # written once
    assert served["status"] == 200 and served["remote_addr"] == "192.0.2.9"
    assert any(e["logger"] == "gunicorn.error" and "Booting worker" in e["message"]
               for e in lines)  # gunicorn's own lines are JSON as well
    assert not any(e["logger"] == "gunicorn.access" for e in lines)  # off unless ACCESS_LOG
