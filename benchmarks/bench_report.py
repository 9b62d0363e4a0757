"""How fast and how big is the PDF gap report? Both editions against Chromium.

Run: ``.venv/bin/python benchmarks/bench_report.py [--runs N] [--answers FILE]``

The standard report is ``tests/reports/data/standard-answers.yaml``: every question of the
commerce-readiness bank answered (ANSWERS format of ``assessment report``). Printed, for the
executive and the full edition each:

- warm in-process render (model + HTML + PDF, fonts already loaded): median of N, and the
  HTML→PDF step alone;
- Debian's Chromium printing the same HTML in the same run, as the command line does it
  (``/usr/bin/chromium --headless --no-sandbox --disable-gpu
  --disable-background-networking --print-to-pdf``; a fresh browser per print, median of N)
  and warm through Playwright (browser already running); the ratios of the warm render to
  both;
- the peak memory (max RSS, from ``os.wait4``) of an ``assessment report --edition``
  process rendering that edition.

And once:
- whole-process ``assessment report`` (a fresh interpreter, as a user runs it): median of 3;
- cached download: ``GET /reports/<id>.pdf`` through the Flask test client on a SQLite
  database, the PDF already in the cache: median and p95 of N×10;
- peak memory (max RSS) of the ``assessment report`` process and of this process;
- the baseline, measured in the same run: Debian's headless Chromium printing the same
  HTML to PDF through Playwright, warm (browser already running; median of N) and cold
  (launch, print, close). Chromium cannot fetch ``report-asset:`` URLs, so its copy of
  the HTML has the stylesheet inlined and the font URLs pointed at the same files.

Targets (issue 11): executive edition warm render no slower than 1.5× Chromium on its
HTML, full edition no slower than 2.5×; peak memory under 250 MB; cached download under
20 ms.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parents[1]
STANDARD = PROJECT / "tests" / "reports" / "data" / "standard-answers.yaml"
ASSETS = PROJECT / "reports" / "assets"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _timed(function: Callable[[], Any], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


EDITIONS = ("executive", "full")
TARGETS = {"executive": 1.5, "full": 2.5}  # warm render / Chromium, at most


def _load(path: Path, edition: str) -> tuple[Any, Any]:
    from dataclasses import replace

    from assessment.engine import load_bank
    from reports.inputs import report_input

    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    questionnaire = load_bank().get(document["questionnaire"])
    data = report_input(questionnaire, document)
    return questionnaire, replace(data, edition=edition) if edition != "full" else data


def warm_render(path: Path, runs: int, edition: str) -> tuple[list[float], list[float], str,
                                                              int]:
    """Times of model+HTML+PDF and of HTML→PDF alone, after one warm-up render."""
    from reports import build_report, render_html, render_pdf

    _, data = _load(path, edition)
    report = build_report(data)
    html = render_html(report)
    pdf = render_pdf(html, identifier=report.id)  # warm-up: fonts, caches

    def full() -> None:
        built = build_report(data)
        render_pdf(render_html(built), identifier=built.id)

    full_times = _timed(full, runs)
    pdf_times = _timed(lambda: render_pdf(html, identifier=report.id), runs)
    return full_times, pdf_times, html, len(pdf)


def whole_process(path: Path, runs: int) -> tuple[list[float], int]:
    """Wall time of `assessment report` in a fresh interpreter, and its peak RSS (KiB)."""
    times, peak = [], 0
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([str(PROJECT / ".venv" / "bin" / "assessment"), "report", str(path),
                            "--out", f"{folder}/report.pdf"], check=True, capture_output=True)
            times.append(time.perf_counter() - started)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return times, peak


def edition_peak(path: Path, edition: str) -> int:
    """Peak RSS (KiB) of one `assessment report --edition` process, from its own rusage."""
    with tempfile.TemporaryDirectory() as folder:
        option = ["--edition", edition] if edition != "full" else []
        child = subprocess.Popen(
            [str(PROJECT / ".venv" / "bin" / "assessment"), "report", str(path), *option,
             "--out", f"{folder}/report.pdf"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            raise RuntimeError(f"assessment report --edition {edition} failed")
        return int(usage.ru_maxrss)


def chromium_cli(html: str, runs: int) -> list[float]:
    """Times of the Chromium command line printing the HTML to PDF (a browser per print)."""
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "report.html"
        page_file.write_text(chromium_html(html), encoding="utf-8")
        out = Path(folder) / "chromium.pdf"
        command = [CHROMIUM, *CHROMIUM_ARGS, "--no-pdf-header-footer",
                   f"--user-data-dir={folder}/profile", f"--print-to-pdf={out}",
                   page_file.as_uri()]

        def print_once() -> None:
            subprocess.run(command, check=True, capture_output=True, timeout=120)
            assert out.read_bytes()[:5] == b"%PDF-"

        print_once()  # warm-up: the profile and the page cache
        return _timed(print_once, runs)


def cached_download(path: Path, runs: int) -> tuple[list[float], float]:
    """Times of cached GETs of the download route, and the first (rendering) GET."""
    from assessment.app import create_app
    from assessment.extensions import db
    from assessment.models import Organisation, User
    from assessment.services import assessments, bank, scoring

    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({
            "TESTING": True, "SECRET_KEY": "b" * 48, "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
            "JOBS_EAGER": True,  # the first GET renders in the request, as it did before the queue
        })
        with app.app_context():
            from assessment.cli.db import init_database

            init_database(echo=False)
            session = db.session()
            organisation = Organisation(name=document["organisation"])
            assessment = assessments.start(session, organisation,
                                           questionnaire=bank.latest(document["questionnaire"]),
                                           language=document["language"])
            _store_answers(session, assessment, document["answers"])
            scoring.score(session, assessment)
            user = User(email="admin@example.com", password_hash="x", role="admin", active=True)
            session.add(user)
            session.commit()
            assessment_id, user_token = assessment.id, f"{user.id}:{user.session_version or 0}"
        client = app.test_client()
        with client.session_transaction() as cookie:
            now = int(time.time())
            cookie.update({"_user_id": user_token, "_fresh": True, "_seen": now,
                           "_login_at": now})
        url = f"/reports/{assessment_id}.pdf"
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        first = time.perf_counter() - started

        def get() -> None:
            response = client.get(url)
            assert response.status_code == 200 and response.data[:5] == b"%PDF-"

        return _timed(get, runs * 10), first


def _store_answers(session: Any, assessment: Any, values: dict[str, Any]) -> None:
    """Store the answers directly: the benchmark is about the download, not the form."""
    from assessment.models import Answer

    for question_id, value in values.items():
        session.add(Answer(assessment_id=assessment.id, question_id=question_id, value=value,
                           version=1))
    session.flush()


def chromium_html(html: str) -> str:
    """The same HTML for Chromium: stylesheet inlined, font URLs pointed at the files."""
    css = (ASSETS / "css" / "report.css").read_text(encoding="utf-8")
    css = css.replace("report-asset:", ASSETS.as_uri() + "/")
    return html.replace('<link rel="stylesheet" href="report-asset:css/report.css">',
                        f"<style>{css}</style>")


def chromium(html: str, runs: int) -> tuple[list[float], float, int]:
    """Warm print times (browser running), one cold launch+print+close, and the PDF size."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "report.html"
        page_file.write_text(chromium_html(html), encoding="utf-8")
        url = page_file.as_uri()
        with sync_playwright() as playwright:
            def print_once(browser: Any) -> bytes:
                page = browser.new_page()
                page.goto(url, wait_until="load")
                pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
                page.close()
                return bytes(pdf)

            started = time.perf_counter()
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            size = len(print_once(browser))
            browser.close()
            cold = time.perf_counter() - started
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            print_once(browser)  # warm-up
            warm = _timed(lambda: print_once(browser), runs)
            browser.close()
    return warm, cold, size


def edition_lines(path: Path, runs: int, edition: str) -> list[str]:
    """Measure one edition and return its lines."""
    full, pdf_only, html, size = warm_render(path, runs, edition)
    cli = chromium_cli(html, runs)
    chrome_warm, _, chrome_size = chromium(html, runs)
    peak = edition_peak(path, edition)
    warm, cli_median = statistics.median(full), statistics.median(cli)
    chrome_median = statistics.median(chrome_warm)
    return [
        f"[{edition} edition] WeasyPrint PDF {size // 1024} KiB, Chromium PDF "
        f"{chrome_size // 1024} KiB",
        f"  warm render (model+HTML+PDF)        median {_ms(warm)}   min {_ms(min(full))}",
        f"  warm HTML→PDF only                  median {_ms(statistics.median(pdf_only))}",
        f"  Chromium --print-to-pdf, same HTML  median {_ms(cli_median)}   min {_ms(min(cli))}",
        f"  Chromium warm (Playwright)          median {_ms(chrome_median)}",
        f"  ratio warm render / Chromium CLI     {warm / cli_median:6.2f}x  "
        f"(target ≤ {TARGETS[edition]:.1f}x)",
        f"  ratio warm render / Chromium warm    {warm / chrome_median:6.2f}x",
        f"  peak memory, `assessment report --edition {edition}` {peak / 1024:6.1f} MB "
        f"(target < 250 MB)",
    ]


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--answers", type=Path, default=STANDARD)
    parser.add_argument("--editions-only", action="store_true",
                        help="skip the whole-process and cached-download measurements")
    args = parser.parse_args()

    print(f"standard report: {args.answers.relative_to(PROJECT)}; {args.runs} runs")
    for edition in editions():
        print("\n".join(edition_lines(args.answers, args.runs, edition)), flush=True)
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"benchmark process after all renders: peak {self_peak / 1024:6.1f} MB")
    if args.editions_only:
        return
    process, _ = whole_process(args.answers, 3)
    cached, first_get = cached_download(args.answers, args.runs)
    _, chrome_cold, _ = chromium(render_full_html(args.answers), 1)
    cached_median = statistics.median(cached)
    cached_p95 = statistics.quantiles(cached, n=20)[-1]
    print(f"whole-process `assessment report` (full)  median {_ms(statistics.median(process))}")
    print(f"Chromium cold launch+print+close (Playwright) {_ms(chrome_cold)}")
    print(f"cached download GET /reports/<id>.pdf  median {_ms(cached_median)}  p95 "
          f"{_ms(cached_p95)}  (first, rendering: {_ms(first_get)}; target < 20 ms)")


def editions() -> tuple[str, ...]:
    """The editions this checkout renders (only the full one before editions existed)."""
    from dataclasses import fields

    from reports import ReportInput

    return EDITIONS if "edition" in {f.name for f in fields(ReportInput)} else ("full",)


def render_full_html(path: Path) -> str:
    """The full edition's HTML (for the cold Chromium measurement)."""
    from reports import build_report, render_html

    return str(render_html(build_report(_load(path, "full")[1])))


if __name__ == "__main__":
    sys.exit(main())
