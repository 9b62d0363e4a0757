"""A request body over MAX_CONTENT_LENGTH is refused with 413 and the product's page, before
anything reads it (issue 14, finding 2): no anonymous upload is spooled to disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.app import create_app
from assessment.config import DEFAULT_MAX_CONTENT_LENGTH, ConfigError

MB = 1024 * 1024


BOUNDARY = "b0undary"
FILE_PART = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"upload\"; "
             f"filename=\"notes.txt\"\r\nContent-Type: text/plain\r\n\r\n").encode()


class CountingBody:
    """A multipart body with one file part, ``size`` bytes in all, made as it is read.

    A file part is what used to be spooled to disk whole (form fields stop at Flask's
    MAX_FORM_MEMORY_SIZE anyway); ``read_bytes`` counts what the server read of it.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.read_bytes = 0

    def read(self, n: int | None = -1) -> bytes:
        left = self.size - self.read_bytes
        n = left if n is None or n < 0 else min(n, left)
        start, self.read_bytes = self.read_bytes, self.read_bytes + n
        head = FILE_PART[start:start + n]
        return head + b"x" * (n - len(head))

    def readline(self, limit: int | None = -1) -> bytes:
        return self.read(limit if limit and limit > 0 else 64 * 1024)


def post_declared(client: FlaskClient, path: str, size: int, **headers: str) -> tuple:
    """POST a multipart body of ``size`` declared bytes; returns (response, body)."""
    body = CountingBody(size)
    response = client.post(path, headers=headers, environ_overrides={
        # As a server hands it over: the declared length and a stream nobody has read yet.
        "wsgi.input": body, "CONTENT_LENGTH": str(size),
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
    })
    return response, body


def multipart_file(size: int) -> bytes:
    """A whole multipart body with one file part of ``size`` bytes (and no CSRF token)."""
    return FILE_PART + b"x" * size + f"\r\n--{BOUNDARY}--\r\n".encode()


def test_the_default_limit_is_a_few_megabytes(app: Flask) -> None:
    assert DEFAULT_MAX_CONTENT_LENGTH == 2 * MB
    assert app.config["MAX_CONTENT_LENGTH"] == DEFAULT_MAX_CONTENT_LENGTH


def test_an_oversized_login_post_gets_413_without_being_read(client: FlaskClient) -> None:
    response, body = post_declared(client, "/login", 64 * MB)
    assert response.status_code == 413
    assert body.read_bytes < MB, "the body was read before the refusal"
    page = response.get_data(as_text=True)
    assert "What you sent is too large" in page
    assert "Error code: 413" in page
    assert response.headers["X-Frame-Options"] == "DENY"


def test_just_over_the_limit_is_refused_and_just_under_is_not(client: FlaskClient) -> None:
    over, _ = post_declared(client, "/login", DEFAULT_MAX_CONTENT_LENGTH + 1)
    assert over.status_code == 413
    under = client.post("/login", data=multipart_file(DEFAULT_MAX_CONTENT_LENGTH - 4096),
                        content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert under.status_code == 400  # read, then refused for what it says (no CSRF token)


def test_an_oversized_answer_page_gets_413(client: FlaskClient) -> None:
    response, body = post_declared(client, "/a/s/profile", 10 * MB)
    assert response.status_code == 413
    assert body.read_bytes < MB


@pytest.mark.parametrize(
    ("language", "title", "advice"),
    [
        ("nl", "Wat u hebt verstuurd, is te groot", "Maak uw antwoorden korter"),
        ("fr", "Votre envoi est trop volumineux", "Raccourcissez vos réponses"),
        ("sv", "Det du skickade är för stort", "Korta ner dina svar"),
    ],
)
def test_the_413_page_is_in_the_browsers_language(
    client: FlaskClient, language: str, title: str, advice: str
) -> None:
    response, _ = post_declared(client, "/login", 5 * MB, **{"Accept-Language": language})
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert f'lang="{language}"' in page
    assert title in page and advice in page


def test_json_clients_get_json(client: FlaskClient) -> None:
    response, _ = post_declared(client, "/login", 5 * MB, Accept="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"] == "Request Entity Too Large"


def test_the_limit_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAX_CONTENT_LENGTH", str(5 * MB))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/l.db"})
    assert app.config["MAX_CONTENT_LENGTH"] == 5 * MB


def test_a_limit_that_is_not_a_number_stops_start_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAX_CONTENT_LENGTH", "2MB")
    with pytest.raises(ConfigError, match="MAX_CONTENT_LENGTH must be a whole number"):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/l.db"})
