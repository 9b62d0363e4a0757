"""The question bank as the web app sees it: the newest version to start with, the pinned
version of an existing assessment to continue and score with.

An assessment records the questionnaire id, version, rules version and fingerprint it
started with. ``questionnaire_for`` returns exactly that version or raises
``PinnedVersionError``: a bank change never silently re-scores an assessment.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.engine import Bank, Questionnaire, load_bank
from assessment.models.assessment import Assessment
from assessment.paths import questions_dir as default_questions_dir

DEFAULT_QUESTIONNAIRE_ID = "commerce-readiness"
# The settings the bank reads (QUESTIONS_DIR, QUESTIONNAIRE_ID): the web app binds its
# configuration while one of its contexts is active (``assessment.config``); without it,
# the project's questions/ folder and the default questionnaire.
_settings: ContextVar[Mapping[str, Any] | None] = ContextVar("bank_settings", default=None)


class PinnedVersionError(LookupError):
    """The bank no longer holds the questionnaire version an assessment is pinned to."""

    def __init__(self, assessment: Assessment, detail: str) -> None:
        super().__init__(
            f"Assessment {assessment.id} is pinned to questionnaire "
            f"{assessment.questionnaire_id} {assessment.questionnaire_version} "
            f"(rules {assessment.rules_version}), but {detail}. Restore that version in the "
            "question bank; the assessment is not re-scored against another one."
        )
        self.assessment_id = assessment.id


def use_settings(settings: Mapping[str, Any] | None) -> None:
    """Read QUESTIONS_DIR and QUESTIONNAIRE_ID from ``settings`` from now on (None: defaults).

    The mapping is read at every call, so a setting changed later applies at once.
    """
    _settings.set(settings)


def _setting(name: str) -> Any:
    settings = _settings.get()
    return settings.get(name) if settings is not None else None


def questions_dir() -> Path:
    """The bank folder: the QUESTIONS_DIR setting, else the environment's or the bundled one."""
    return Path(_setting("QUESTIONS_DIR") or default_questions_dir())


def default_questionnaire_id() -> str:
    """The questionnaire new assessments use (the QUESTIONNAIRE_ID setting)."""
    return str(_setting("QUESTIONNAIRE_ID") or DEFAULT_QUESTIONNAIRE_ID)


def current_bank(root: Path | None = None) -> Bank:
    """Every questionnaire under the bank folder (the engine caches the load)."""
    return load_bank(root or questions_dir())


def available(root: Path | None = None) -> list[Questionnaire]:
    """Every questionnaire version in the bank, by id and version (raises DefinitionError)."""
    return list(current_bank(root))


def latest(questionnaire_id: str | None = None, *, bank: Bank | None = None) -> Questionnaire:
    """The newest version of a questionnaire, for starting a new assessment."""
    chosen = questionnaire_id or default_questionnaire_id()
    try:
        return (bank or current_bank()).get(chosen)
    except KeyError:
        raise LookupError(
            f"The question bank at {questions_dir()} has no questionnaire {chosen!r}."
        ) from None


def questionnaire_for(assessment: Assessment, *, bank: Bank | None = None) -> Questionnaire:
    """The exact questionnaire version the assessment is pinned to, or PinnedVersionError."""
    try:
        questionnaire = (bank or current_bank()).get(
            assessment.questionnaire_id, assessment.questionnaire_version
        )
    except KeyError:
        raise PinnedVersionError(assessment, "the question bank has no such version") from None
    if questionnaire.rules_version != assessment.rules_version:
        raise PinnedVersionError(
            assessment,
            f"that version in the bank now carries rules {questionnaire.rules_version}",
        )
    return questionnaire


def pinned_or_none(assessment: Assessment, *, bank: Bank | None = None) -> Questionnaire | None:
    """The pinned questionnaire, or None when the bank no longer has it (names fall back)."""
    try:
        return questionnaire_for(assessment, bank=bank)
    except PinnedVersionError:
        return None


@dataclass(frozen=True)
class MissingPin:
    """A questionnaire version some assessments are pinned to that the bank lacks."""

    questionnaire_id: str
    version: str
    rules_version: str
    assessments: int

    def __str__(self) -> str:
        return (
            f"{self.questionnaire_id} {self.version} (rules {self.rules_version}): "
            f"{self.assessments} assessment(s)"
        )


def missing_pins(session: Session, *, bank: Bank | None = None) -> list[MissingPin]:
    """Pinned versions (with rules) the bank no longer holds, and how many assessments use each."""
    loaded = bank or current_bank()
    rows = session.execute(
        sa.select(Assessment.questionnaire_id, Assessment.questionnaire_version,
                  Assessment.rules_version, sa.func.count(Assessment.id))
        .group_by(Assessment.questionnaire_id, Assessment.questionnaire_version,
                  Assessment.rules_version)
        .order_by(Assessment.questionnaire_id, Assessment.questionnaire_version)
    )
    return [
        MissingPin(qid, version, rules, count)
        for qid, version, rules, count in rows
        if not _holds(loaded, qid, version, rules)
    ]


def _holds(loaded: Bank, questionnaire_id: str, version: str, rules_version: str) -> bool:
    try:
        return loaded.get(questionnaire_id, version).rules_version == rules_version
    except KeyError:
        return False


def is_available(assessment: Assessment) -> bool:
    """True when the bank still holds the assessment's pinned version."""
    return _holds(current_bank(), assessment.questionnaire_id, assessment.questionnaire_version,
                  assessment.rules_version)


def pin(assessment: Assessment, questionnaire: Questionnaire) -> None:
    """Record on the assessment the questionnaire version it is answered and scored with."""
    assessment.questionnaire_id = questionnaire.id
    assessment.questionnaire_version = questionnaire.version
    assessment.rules_version = questionnaire.rules_version
    assessment.questionnaire_fingerprint = questionnaire.fingerprint


def area_ids(questionnaire: Questionnaire) -> list[str]:
    """The scored area ids of a questionnaire, in definition order."""
    return [area.id for area in questionnaire.areas]
