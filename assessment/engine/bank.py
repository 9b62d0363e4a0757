"""The bank: every questionnaire under ``questions/``, loaded once and cached."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path

from assessment.engine.build import load_questionnaire
from assessment.engine.errors import DefinitionError, Issue
from assessment.engine.loader import QUESTIONNAIRE_FILE
from assessment.engine.model import Questionnaire
from assessment.paths import bundled

# The checkout's questions/, or the copy an installed package carries (assessment/paths.py).
DEFAULT_ROOT = bundled("questions")


def _semver(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


class Bank:
    """Questionnaires by id and version."""

    def __init__(self, questionnaires: list[Questionnaire]) -> None:
        self._by_key = {(q.id, q.version): q for q in questionnaires}

    def get(self, questionnaire_id: str, version: str | None = None) -> Questionnaire:
        """The questionnaire (the highest version when ``version`` is None); raises KeyError."""
        if version is not None:
            return self._by_key[(questionnaire_id, version)]
        versions = [q for (qid, _), q in self._by_key.items() if qid == questionnaire_id]
        if not versions:
            raise KeyError(questionnaire_id)
        return max(versions, key=lambda q: _semver(q.version))

    @property
    def ids(self) -> list[str]:
        """The questionnaire ids, sorted."""
        return sorted({qid for qid, _ in self._by_key})

    def __iter__(self) -> Iterator[Questionnaire]:
        return iter(sorted(self._by_key.values(), key=lambda q: (q.id, _semver(q.version))))

    def __len__(self) -> int:
        return len(self._by_key)


def questionnaire_folders(root: Path) -> list[Path]:
    """Every folder under ``root`` that holds a questionnaire.yaml (``root`` itself included)."""
    if (root / QUESTIONNAIRE_FILE).is_file():
        return [root]
    return sorted(path.parent for path in root.glob(f"*/{QUESTIONNAIRE_FILE}"))


def load_all(root: Path) -> Bank:
    """Load every questionnaire under ``root``, uncached; raises DefinitionError for all."""
    issues: list[Issue] = []
    loaded: list[Questionnaire] = []
    seen: dict[tuple[str, str], Path] = {}
    for folder in questionnaire_folders(root):
        try:
            questionnaire = load_questionnaire(folder)
        except DefinitionError as exc:
            issues.extend(exc.issues)
            continue
        key = (questionnaire.id, questionnaire.version)
        if key in seen:
            issues.append(
                Issue(
                    str(folder / QUESTIONNAIRE_FILE),
                    1,
                    f"{key[0]} {key[1]} is also defined in {seen[key]}",
                )
            )
            continue
        seen[key] = folder
        loaded.append(questionnaire)
    if issues:
        raise DefinitionError(issues)
    return Bank(loaded)


@functools.lru_cache(maxsize=8)
def _cached(root: Path) -> Bank:
    return load_all(root)


def load_bank(root: Path | str | None = None) -> Bank:
    """Every questionnaire under ``root`` (default: the project's ``questions/``), cached."""
    text = str(root or DEFAULT_ROOT)
    return _cached(_resolved(text, "" if os.path.isabs(text) else os.getcwd()))


@functools.lru_cache(maxsize=64)
def _resolved(root: str, cwd: str) -> Path:
    # Every request asks for the bank (often several times): resolving the path each time
    # cost a realpath's system calls, 2% of a question page. ``cwd`` for relative paths.
    return Path(cwd, root).resolve()


def clear_cache() -> None:
    """Forget loaded banks (after definition files change)."""
    _cached.cache_clear()
    _resolved.cache_clear()
