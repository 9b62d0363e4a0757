"""Suite-wide rules. In CI a skipped test is a failure: nothing may go green by skipping."""

from __future__ import annotations

import os

import pytest

from assessment.i18n import compile_catalogues

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_sessionstart(session: pytest.Session) -> None:
    """Catalogues are build products (.mo are not committed): compile the ones that changed."""
    compile_catalogues()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must run every test: {report.longrepr}"
