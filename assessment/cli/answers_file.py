"""The answers file that ``assessment score`` and ``assessment report`` read, read once here.

Its shape is ``{questionnaire, language, answers}``. A problem is one ``error: …`` line on
standard error and exit status 2, naming the file (and the line, for YAML errors).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import click

from assessment.engine.yamlsource import SourceDoc, display_path, parse_yaml_text

EXIT_INPUT = 2


def fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    """Print ``error: message`` on standard error and exit with ``code``."""
    click.echo(f"error: {message}", err=True)
    raise SystemExit(code)


def read_answers(path: Path) -> dict[str, Any]:
    """The answers document at ``path``; exits with a clear message if it cannot be used."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"{display_path(path)}: no such file")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{display_path(path)}: cannot read: {error}")
    doc = parse_yaml_text(text, SourceDoc(path=path, display=display_path(path)))
    if doc.issues:
        fail("\n".join(str(issue) for issue in doc.issues))
    data = doc.data
    if not isinstance(data, dict):
        fail(f"{doc.display}: expected a mapping with questionnaire, language and answers")
    if not isinstance(data.get("questionnaire"), str):
        fail(f"{doc.display}: 'questionnaire' (the questionnaire id) is missing")
    if not isinstance(data.get("answers"), dict):
        fail(f"{doc.display}: 'answers' must be a mapping of question id to value")
    return {str(key): value for key, value in data.items()}
