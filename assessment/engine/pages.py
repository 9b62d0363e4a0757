"""Pages inside a section: the checks on a section file's ``pages`` list.

Every question of the section is on exactly one page, pages list their questions in the
section's order, and page ids are unique in the section. Without ``pages`` the section is
one implicit page whose id is the section id.
"""

from __future__ import annotations

from typing import Any

from assessment.engine.definition import PageFile
from assessment.engine.errors import Issue
from assessment.engine.yamlsource import SourceDoc


def page_issues(doc: SourceDoc, section_id: str, pages: list[PageFile] | None) -> list[Issue]:
    """Every problem with the ``pages`` of one section file."""
    if pages is None:
        return []
    order = _question_order(doc.data)
    issues = _duplicate_pages(doc, pages)
    placed: dict[str, str] = {}
    last = -1
    for i, page in enumerate(pages):
        for j, qid in enumerate(page.questions):
            at = ("pages", i, "questions", j)
            if qid not in order:
                message = (
                    f"page {page.id!r}: unknown question {qid!r} (not in section {section_id!r})"
                )
                issues.append(doc.issue(at, message))
            elif qid in placed:
                message = f"question {qid!r} is on page {placed[qid]!r} and on page {page.id!r}"
                issues.append(doc.issue(at, message))
            else:
                placed[qid] = page.id
                if order[qid] < last:
                    message = (
                        f"page {page.id!r}: question {qid!r} is out of order; pages list the "
                        "questions in the order of the section"
                    )
                    issues.append(doc.issue(at, message))
                last = max(last, order[qid])
    for qid, index in order.items():
        if qid not in placed:
            message = f"question {qid!r} is on no page; every question must be on one page"
            issues.append(doc.issue(("questions", index, "id"), message))
    return issues


def _duplicate_pages(doc: SourceDoc, pages: list[PageFile]) -> list[Issue]:
    first: dict[str, int] = {}
    issues: list[Issue] = []
    for i, page in enumerate(pages):
        if page.id in first:
            where = f"{doc.display}:{doc.line(('pages', first[page.id]))}"
            message = f"duplicate page id {page.id!r} (first at {where})"
            issues.append(doc.issue(("pages", i, "id"), message))
        else:
            first[page.id] = i
    return issues


def _question_order(data: Any) -> dict[str, int]:
    """Question id → its index in the section file, for every question with a string id."""
    raw = data.get("questions") if isinstance(data, dict) else None
    order: dict[str, int] = {}
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        qid = item.get("id") if isinstance(item, dict) else None
        if isinstance(qid, str):
            order.setdefault(qid, index)
    return order
