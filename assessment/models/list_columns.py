"""Columns of ``assessment`` the list searches and shows, kept in step on every flush.

``search_text`` is the organisation's name folded for search (accents dropped, casefolded:
"Fjällsport" → "fjallsport"), so "fjall" finds it on SQLite and PostgreSQL alike with a plain
LIKE and no database extension. ``finding_counts`` counts the stored result's findings by
severity, so the list never re-reads or re-scores a result per row. A ``before_flush`` hook
updates both whenever an assessment is added, moved to another organisation or re-scored,
or an organisation is renamed, so no service needs to know.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from assessment.models.assessment import Assessment
from assessment.models.organisation import Organisation

SEVERITIES = ("high", "medium", "low")


def fold(text: str) -> str:
    """Text without accents, casefolded, spaces collapsed: what search compares."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFKC", bare).split())


def finding_counts(result: Mapping[str, Any] | None) -> dict[str, int] | None:
    """Findings by severity in a stored ``assessment.result``; None when not scored."""
    engine = (result or {}).get("result")
    if not isinstance(engine, Mapping):
        return None
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in engine.get("findings") or []:
        severity = finding.get("severity") if isinstance(finding, Mapping) else None
        if severity in counts:
            counts[severity] += 1
    return counts


@event.listens_for(Session, "before_flush")
def _list_columns_follow(session: Session, _ctx: UOWTransaction, _instances: Any) -> None:
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Assessment):
            _follow_assessment(session, obj)
        elif isinstance(obj, Organisation) and _changed(obj, "name"):
            table = sa.table("assessment", sa.column("organisation_id"), sa.column("search_text"))
            session.connection().execute(
                sa.update(table).where(table.c.organisation_id == obj.id)
                .values(search_text=fold(obj.name or ""))
            )


def _follow_assessment(session: Session, assessment: Assessment) -> None:
    state = inspect(assessment)
    if state.pending or _changed(assessment, "organisation_id", "organisation"):
        organisation = assessment.organisation
        if organisation is None and assessment.organisation_id is not None:
            organisation = session.get(Organisation, assessment.organisation_id)
        assessment.search_text = fold(organisation.name if organisation else "")
    if state.pending or _changed(assessment, "result"):
        assessment.finding_counts = finding_counts(assessment.result)


def _changed(obj: Any, *names: str) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)
