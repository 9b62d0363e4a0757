"""``assessment report``: the PDF gap report of an answers file (plain click, no app)."""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import click

from assessment import branding
from assessment.cli.answers_file import fail, read_answers
from assessment.engine import DefinitionError
from assessment.engine.bank import load_all
from assessment.engine.yamlsource import display_path
from assessment.paths import questions_dir

EXIT_RENDER = 3


def _write(path: Path, content: bytes) -> None:
    """Write atomically: a failed run never leaves half a file where the last one was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "wb") as file:
        file.write(content)
    os.replace(temp, path)


@click.command("report")
@click.argument("answers_file", metavar="ANSWERS", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the PDF.")
@click.option("--lang", "language", type=click.Choice(["en", "nl", "fr", "sv"]),
              help="Report language (default: the file's language).")
@click.option("--edition", type=click.Choice(["executive", "full"]), default="full",
              show_default=True,
              help="executive: at most 8 pages for the board; full: with area pages, "
              "answers and sources.")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the exact HTML given to WeasyPrint.")
@click.option("--organisation", help="Organisation name (default: the file's organisation).")
@click.option("--date", "report_date", type=click.DateTime(["%Y-%m-%d"]),
              help="Report date, YYYY-MM-DD (default: the file's date, else today).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True,
              help="Time limit of the render, in seconds.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Questionnaires folder (default: QUESTIONS_DIR, else the bundled bank).")
def report_command(answers_file: Path, out: Path, language: str | None, edition: str,
                   html_out: Path | None, organisation: str | None, report_date: Any,
                   timeout: float, root: Path | None) -> None:
    """Write the PDF gap report of ANSWERS (the same file as `assessment score`)."""
    # Only this command loads the report stack (WeasyPrint); the others start without it.
    from reports import RenderTimeout, ReportRenderError, build_report, render_html, render_pdf
    from reports.inputs import ReportInputError, report_input

    document = read_answers(answers_file)
    root = root or questions_dir()
    try:
        questionnaire = load_all(root).get(document["questionnaire"])
    except DefinitionError as error:
        fail(f"the bank has errors (run `assessment validate`):\n{error}")
    except KeyError:
        fail(f"unknown questionnaire {document['questionnaire']!r} "
             f"(not in the question bank at {display_path(root)}; see QUESTIONS_DIR)")
    day: date | None = report_date.date() if report_date else None
    try:
        data = report_input(questionnaire, document, language=language,
                            organisation=organisation, report_date=day)
    except ReportInputError as error:
        fail(f"{display_path(answers_file)}: {error}")
    try:
        # The consultancy's name, logo and call to action from the environment (BRAND_*).
        data = replace(data, edition=edition, branding=branding.from_config(os.environ))
    except branding.BrandingError as error:
        fail(str(error))
    report = build_report(data)
    html = render_html(report)
    if html_out:
        _write(html_out, html.encode("utf-8"))
    try:
        pdf = render_pdf(html, identifier=report.id, timeout=timeout)
    except RenderTimeout as error:
        click.echo(f"error: {error}", err=True)
        sys.stderr.flush()
        # The worker thread stops at its next page; do not wait for it at exit.
        os._exit(EXIT_RENDER)
    except ReportRenderError as error:
        fail(str(error), EXIT_RENDER)
    _write(out, pdf)
    click.echo(f"wrote {display_path(out)}: report {report.id}, {report.language}, {edition}, "
               f"{len(pdf) // 1024} KiB")


COMMANDS = [report_command]
