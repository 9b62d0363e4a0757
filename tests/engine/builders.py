"""Build small questionnaire folders from Python data, for tests that need their own."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini"


def t(text: str) -> dict[str, str]:
    """A translated text in the builder's single language."""
    return {"en": text}


def yes_no(qid: str, **extra: Any) -> dict[str, Any]:
    """A scored yes/no question (yes 100, no 0)."""
    return {
        "id": qid,
        "type": "yes_no",
        "text": t(qid),
        "sources": ["KS-1"],
        "points": {"yes": 100, "no": 0},
        **extra,
    }


def choice(qid: str, options: dict[str, float | None], **extra: Any) -> dict[str, Any]:
    """A single-choice question with {value: points}."""
    choices = [
        {"value": v, "label": t(v), **({} if p is None else {"points": p})}
        for v, p in options.items()
    ]
    return {
        "id": qid,
        "type": "single_choice",
        "text": t(qid),
        "sources": ["KS-1"],
        "choices": choices,
        **extra,
    }


def section(sid: str, area: str, questions: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """A section file's data."""
    return {"id": sid, "area": area, "title": t(sid), "questions": questions, **extra}


def rule(rid: str, area: str, when: str, **extra: Any) -> dict[str, Any]:
    """A rule with placeholder texts, owned by ``owner``."""
    return {
        "id": rid,
        "area": area,
        "severity": "medium",
        "when": when,
        "title": t(rid),
        "explanation": t("why"),
        "recommendation": t("do"),
        "owner": "owner",
        "effort": "S",
        "sources": ["KS-1"],
        **extra,
    }


def build(
    folder: Path,
    sections: list[dict[str, Any]],
    rules: list[dict[str, Any]] | None = None,
    areas: list[dict[str, Any]] | None = None,
    conditions: dict[str, str] | None = None,
    **top: Any,
) -> Path:
    """Write a one-language questionnaire folder and return it (``conditions``: the named
    conditions of rules.yaml)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sections").mkdir(exist_ok=True)
    questionnaire = {
        "id": "built",
        "version": "0.1.0",
        "rules_version": "0.1.0",
        "languages": ["en"],
        "title": t("Built"),
        "description": t("Built for a test"),
        "areas": areas or [{"id": "a", "weight": 1, "title": t("A")}],
        "levels": [
            {"level": n, "min": m, "name": t(f"L{n}")}
            for n, m in zip(range(1, 6), (0, 20, 40, 60, 80), strict=True)
        ],
        "bands": [
            {"id": "red", "min": 0, "label": t("Red")},
            {"id": "amber", "min": 50, "label": t("Amber")},
            {"id": "green", "min": 75, "label": t("Green")},
        ],
        "sections": [f"{s['id']}.yaml" for s in sections],
        **top,
    }
    _dump(folder / "questionnaire.yaml", questionnaire)
    for data in sections:
        _dump(folder / "sections" / f"{data['id']}.yaml", data)
    _dump(
        folder / "rules.yaml",
        {"rules": rules or []}
        if conditions is None
        else {"conditions": conditions, "rules": rules or []},
    )
    _dump(folder / "roles.yaml", {"roles": [{"id": "owner", "name": t("Owner")}]})
    _dump(
        folder / "sources.yaml",
        {
            "documents": [{"id": "KS", "title": t("Key Stakeholders")}],
            "sources": [{"id": "KS-1", "document": "KS", "section": t("Intro"), "passage": t("P")}],
        },
    )
    return folder


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def copy_mini(folder: Path) -> Path:
    """A private copy of the mini questionnaire to break."""
    shutil.copytree(MINI, folder)
    return folder


def edit(path: Path, old: str, new: str) -> str:
    """Replace ``old`` (which must occur exactly once) by ``new`` in a file; return the text."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, snippet: str) -> int:
    """The 1-based line on which ``snippet`` first occurs."""
    index = text.index(snippet)
    return text.count("\n", 0, index) + 1
