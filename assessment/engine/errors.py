"""Errors the engine raises or reports: definition issues, expression errors, answer errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in a definition file: ``str(issue) == "file:line: message"``."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class DefinitionError(Exception):
    """A questionnaire definition is invalid; ``issues`` lists every problem found."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues: list[Issue] = sorted(issues, key=lambda i: (i.file, i.line, i.message))
        super().__init__("\n".join(str(issue) for issue in self.issues))


class ExpressionError(Exception):
    """An expression is malformed or wrong for where it is used; ``column`` is 1-based."""

    def __init__(self, message: str, column: int) -> None:
        self.message = message
        self.column = column
        super().__init__(f"{message} (column {column})")


class ParseError(ExpressionError):
    """The expression text does not follow the grammar."""


class CheckError(ExpressionError):
    """The expression parses but names something unknown or misuses a function or type."""


@dataclass(frozen=True, slots=True)
class AnswerError:
    """One invalid answer: the question id (or the unknown key), a stable code and a message."""

    question_id: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.question_id}: {self.message}"
