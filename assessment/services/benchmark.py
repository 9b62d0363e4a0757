"""Peer benchmark: each area's score as a percentile among comparable assessments.

Comparable means approved assessments of the same questionnaire by OTHER organisations,
the latest approved one per organisation (so no organisation weighs twice and the group
counts organisations). An area is compared only when at least ``MIN_GROUP`` of them scored
it: a smaller group could give a peer's score away. Nothing names a peer; the result holds
counts and percentages only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from math import floor
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.assessment import Assessment, Status

MIN_GROUP = 5  # never fewer comparable assessments than this in a comparison group


@dataclass(frozen=True)
class PeerRank:
    """One area's standing: better than ``percentile`` % of ``group`` comparable assessments."""

    percentile: int
    group: int


def peer_benchmark(session: Session, assessment: Assessment) -> dict[str, PeerRank]:
    """Area id -> rank among peers, for the areas with at least ``MIN_GROUP`` peer scores.

    Empty when the assessment has no scores or too few comparable assessments exist. One
    query.
    """
    own = _scores(assessment.area_summary)
    if not own:
        return {}
    latest = (
        sa.select(sa.func.max(Assessment.id))
        .where(
            Assessment.questionnaire_id == assessment.questionnaire_id,
            Assessment.status == Status.APPROVED.value,
            Assessment.organisation_id != assessment.organisation_id,
            Assessment.area_summary.is_not(None),
        )
        .group_by(Assessment.organisation_id)
    )
    summaries = session.scalars(
        sa.select(Assessment.area_summary).where(Assessment.id.in_(latest))
    ).all()
    return ranks(own, (_scores(summary) for summary in summaries))


def ranks(own: Mapping[str, float], peers: Iterable[Mapping[str, float]]) -> dict[str, PeerRank]:
    """Each of ``own``'s areas ranked among the ``peers`` that scored it (>= MIN_GROUP)."""
    by_area: dict[str, list[float]] = {area: [] for area in own}
    for peer in peers:
        for area, score in peer.items():
            if area in by_area:
                by_area[area].append(score)
    result = {}
    for area, scores in by_area.items():
        if len(scores) >= MIN_GROUP:
            lower = sum(1 for score in scores if score < own[area])
            result[area] = PeerRank(floor(100 * lower / len(scores)), len(scores))
    return result


def _scores(summary: Mapping[str, Any] | None) -> dict[str, float]:
    """The numeric area scores of a stored area summary (unscored areas left out)."""
    scores = {}
    for area, entry in (summary or {}).items():
        score = entry.get("score") if isinstance(entry, Mapping) else None
        if isinstance(score, int | float) and not isinstance(score, bool):
            scores[area] = float(score)
    return scores
