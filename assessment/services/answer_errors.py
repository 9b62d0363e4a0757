"""Why saving or submitting answers was refused: typed errors the web layer and CLI map."""

from __future__ import annotations

from collections.abc import Sequence

from assessment.engine import AnswerError
from assessment.services.errors import N_, ConflictError, DomainError, ForbiddenError, NotFoundError

__all__ = [
    "AnswerValidationError", "IncompleteError", "LockedError", "OutsideAreasError",
    "ReadOnlyAnswerError", "UnknownSectionError",
]


class AnswerValidationError(DomainError, ValueError):
    """Some submitted values are invalid; nothing was stored. ``errors`` has one per problem."""

    def __init__(self, errors: Sequence[AnswerError]) -> None:
        super().__init__(N_("%(problems)s", problems="; ".join(str(e) for e in errors)))
        self.errors = list(errors)

    def by_question(self) -> dict[str, list[AnswerError]]:
        """The errors grouped by question id, for messages next to each field."""
        grouped: dict[str, list[AnswerError]] = {}
        for error in self.errors:
            grouped.setdefault(error.question_id, []).append(error)
        return grouped


class ReadOnlyAnswerError(AnswerValidationError):
    """A posted value would overwrite an answer this respondent may only disagree with.

    Each error has the code ``read_only``; nothing was stored. The standing answer was
    given by a colleague who has submitted, or (profile) by the lead respondent.
    """


class OutsideAreasError(ForbiddenError, PermissionError):
    """The invitation does not cover the area of these questions or this section."""

    def __init__(self, question_ids: Sequence[str], section_id: str | None = None) -> None:
        what = f"section {section_id}" if section_id else ", ".join(question_ids)
        super().__init__(N_("This invitation does not cover %(what)s.", what=what))
        self.question_ids = list(question_ids)
        self.section_id = section_id


class UnknownSectionError(NotFoundError, LookupError):
    """The section id is not in the assessment's questionnaire."""


class LockedError(ConflictError, PermissionError):
    """The respondent has submitted, or the assessment is closed: answers are read-only."""


class IncompleteError(DomainError, ValueError):
    """Required questions on the respondent's route are unanswered; ``missing`` lists them."""

    def __init__(self, missing: Sequence[str]) -> None:
        super().__init__(N_("Unanswered required questions: %(missing)s",
                            missing=", ".join(missing)))
        self.missing = list(missing)
