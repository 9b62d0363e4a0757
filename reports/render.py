"""Report model → HTML (Jinja, autoescaped, translated) → PDF (WeasyPrint, with a time limit).

Time limit: every PDF is rendered on one long-lived worker thread. The caller waits
for it with a deadline and gets :class:`RenderTimeout` when the deadline passes; the
worker itself stops at WeasyPrint's next progress step (it logs one per phase and
per laid-out page), where a logging filter installed here raises once the deadline
has passed. So a runaway render neither blocks its caller nor keeps burning CPU.
One worker also means one FontConfiguration that stays warm across renders (the
bundled fonts are loaded once per process) and at most one render's memory at a time.
"""

from __future__ import annotations

import atexit
import gc
import logging
import threading
import time
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from functools import lru_cache
from typing import Any

from babel.numbers import format_decimal, format_percent
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint import HTML
from weasyprint.logger import PROGRESS_LOGGER
from weasyprint.text.fonts import FontConfiguration

from assessment.engine.precision import shown_score
from reports.fetcher import BundledAssetFetcher, asset_url
from reports.i18n import translations
from reports.identity import TEMPLATES_DIR
from reports.model import Report

STYLESHEET = "css/report.css"
DEFAULT_TIMEOUT = 60.0
PDF_OPTIONS: Mapping[str, Any] = {
    "pdf_variant": "pdf/ua-1",  # tagged PDF with the PDF/UA identification
    "custom_metadata": True,  # <meta name=report-id> etc. into the document info
    "optimize_images": False,
}


class ReportRenderError(RuntimeError):
    """The PDF could not be rendered."""


class RenderTimeout(ReportRenderError):
    """The render took longer than its time limit and was stopped."""


@lru_cache(maxsize=8)
def environment(language: str) -> Environment:
    """The Jinja environment of the report templates in ``language`` (autoescaped)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters["number"] = lambda value: format_decimal(shown_score(value), locale=language)
    env.filters["percent"] = lambda value: format_percent(value, locale=language)
    return env


def render_html(report: Report) -> str:
    """The report's HTML: exactly what WeasyPrint is given."""
    template = environment(report.language).get_template("report.html")
    return template.render(
        report=report,
        stylesheet_url=asset_url(STYLESHEET),
        band_minimums=dict(report.band_minimums),
    )


def render_pdf(html: str, *, identifier: str, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The PDF of ``html``; raises RenderTimeout after ``timeout`` seconds."""
    return _renderer().render(html, identifier=identifier, timeout=timeout)


def render_report(report: Report, *, timeout: float = DEFAULT_TIMEOUT) -> tuple[str, bytes]:
    """HTML and PDF of a report model."""
    html = render_html(report)
    return html, render_pdf(html, identifier=report.id, timeout=timeout)


class _Deadline(logging.Filter):
    """Raises in the rendering thread at WeasyPrint's next progress step once time is up."""

    def __init__(self) -> None:
        super().__init__()
        self.local = threading.local()

    def filter(self, record: logging.LogRecord) -> bool:
        deadline = getattr(self.local, "deadline", None)
        if deadline is not None and time.monotonic() > deadline:
            raise RenderTimeout(f"render stopped after its time limit ({record.getMessage()})")
        return False  # progress messages are for us, not for the log


class _Renderer:
    """One worker thread with a warm font configuration; renders run one at a time."""

    def __init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-pdf")
        self.deadline = _Deadline()
        self.font_config: FontConfiguration | None = None
        PROGRESS_LOGGER.addFilter(self.deadline)
        if not PROGRESS_LOGGER.isEnabledFor(logging.INFO):
            PROGRESS_LOGGER.setLevel(logging.INFO)

    def render(self, html: str, *, identifier: str, timeout: float) -> bytes:
        started = time.monotonic()
        future: Future[bytes] = self.executor.submit(self._run, html, identifier, started + timeout)
        try:
            return future.result(timeout=timeout + 1.0)
        except FutureTimeout:
            future.cancel()
            raise RenderTimeout(f"the report did not render within {timeout:g} s") from None

    def _run(self, html: str, identifier: str, deadline: float) -> bytes:
        self.deadline.local.deadline = deadline
        try:
            if time.monotonic() > deadline:
                raise RenderTimeout("the render waited in the queue past its time limit")
            return _write_pdf(html, identifier, self._fonts())
        finally:
            self.deadline.local.deadline = None

    def _fonts(self) -> FontConfiguration:
        if self.font_config is None:
            self.font_config = FontConfiguration()
        return self.font_config


def _write_pdf(html: str, identifier: str, font_config: FontConfiguration) -> bytes:
    fetcher = BundledAssetFetcher()
    try:
        document = HTML(string=html, url_fetcher=fetcher).render(
            font_config=font_config, **PDF_OPTIONS
        )
        # Defence in depth: no <link rel=attachment> can reach the template, but a PDF
        # from this renderer never carries embedded files whatever the HTML says.
        document.metadata.attachments = []
        pdf = document.write_pdf(pdf_identifier=identifier.encode(), **PDF_OPTIONS)
    except RenderTimeout:
        raise
    except BaseException as error:  # FatalURLFetchingError is a BaseException
        if fetcher.refused:
            raise ReportRenderError(f"refused to fetch {fetcher.refused[0][:200]!r}") from error
        if isinstance(error, KeyboardInterrupt | SystemExit):
            raise
        raise ReportRenderError(f"the report could not be rendered: {error}") from error
    assert isinstance(pdf, bytes)
    return pdf


_lock = threading.Lock()
_instance: _Renderer | None = None


def _renderer() -> _Renderer:
    global _instance
    with _lock:
        if _instance is None:
            _instance = _Renderer()
            atexit.register(_release_fonts)
        return _instance


def _release_fonts() -> None:
    """Free the font configuration while Pango is still intact.

    Left to the interpreter's final garbage collection, the Pango font map can be
    unreferenced after the libraries it needs are gone, which crashes the process
    on exit. Atexit handlers run after the worker thread has been joined.
    """
    if _instance is not None:
        _instance.executor.shutdown(wait=True)
        _instance.font_config = None
        gc.collect()
