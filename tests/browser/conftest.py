"""Playwright fixtures shared by every browser test (client flow and dashboard).

- ``live_server``: the test ``app`` (a real, migrated database of the current backend)
  served by werkzeug in a thread on a free port; ``live_server.url(path)``.
- ``browser``: Debian's chromium through Playwright, once per test session. Never a
  downloaded browser: ``playwright install`` is not used anywhere.
- ``page``: a fresh browser context and page per test (1280x900, English); make other
  contexts with ``new_page(**context_options)`` (e.g. a phone viewport, a second tab's
  cookie jar, another language).
- ``axe_check(page)``: run axe-core on the current page and fail with a readable list of
  every violation.
- ``screenshot(page, name)``: a full-page PNG under ``artefacts/screenshots/`` for a
  person to look at.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTEFACTS = Path(__file__).resolve().parents[2] / "artefacts" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives the browser: mark it so ``-m 'not browser'`` works."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    """A running server for the test app."""

    app: Flask
    host: str
    port: int

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        """An absolute URL on the server."""
        return self.base_url + path


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    """Serve the test app on 127.0.0.1:<free port> in a thread for the length of a test."""
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, "127.0.0.1", server.server_port)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Any]:
    """The Playwright driver for the test session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Any) -> Iterator[Any]:
    """Debian's chromium, headless, launched once per test session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/bootstrap does)")
    launched = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """A factory of pages, each in its own context (own cookies); all closed after the test."""
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        settings = {"viewport": {"width": 1280, "height": 900}, "locale": "en-GB", **options}
        context = browser.new_context(**settings)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    """A page in a fresh browser context (1280x900, en-GB)."""
    return new_page()


def _format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        for node in violation.get("nodes", [])[:5]:
            lines.append(f"    at {node.get('target')}: {node.get('failureSummary', '')[:300]}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def _axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def axe_check(_axe: Any) -> Callable[[Any], None]:
    """``axe_check(page)``: fail if axe-core finds any violation on the page as it is now."""

    def check(page: Any) -> None:
        results = _axe.run(page)
        violations = results.response.get("violations", [])
        assert not violations, (
            f"axe found {len(violations)} violation(s) on {page.url}:\n"
            + _format_violations(violations)
        )

    return check


@pytest.fixture
def screenshot() -> Callable[[Any, str], Path]:
    """``screenshot(page, name)``: save a full-page PNG under artefacts/screenshots/."""

    def take(page: Any, name: str) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
