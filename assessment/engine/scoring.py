"""Scoring and gap rules: ``evaluate(questionnaire, answers) -> Result``.

Per area, over the scored questions that apply (see ``routing``):

- a real answer earns ``question.score(value)`` points (0..100) at the question's weight;
- ``"dont_know"`` earns 0 points at full weight: not knowing is a risk;
- ``"not_applicable"`` removes the question: it counts neither in the score nor in
  ``applicable``, so the remaining weights renormalise;
- an unanswered question is left out of the score (half-answered areas are scored on what
  was answered) but stays in ``applicable``, lowering ``confidence``.

``score`` = Σ(weight × points) / Σ(weight) over real and dont_know answers, or None when
there are none (all not applicable, or nothing answered yet); ``confidence`` = real answers /
applicable (None when nothing applies). The maturity level and band are the highest whose
``min`` ≤ the score *as shown* (``precision.shown_score``: a whole number, half up), so a
score shown as 75 is never amber; None when the score is None. The overall index is the
area-weight-weighted mean of the area scores that are not None. Stored scores keep 4
decimals, which also keeps float noise out of the shown value.

Gap rules then run in file order over the same answers plus the area scores as shown
(``area_score``), their bands before any cap (``area_band``) and the rules fired so far
(``finding``). A fired rule's severity is that of its first ``severity_if`` entry whose
``when`` definitely holds, else its ``severity``. A fired rule with ``caps_band`` whose
severity is high lowers its own area's band to at most that band (never raises it, never
touches an area without a score or the overall band); ``capped_by`` lists the rules that
lowered it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assessment.engine.definition import BAND_ORDER
from assessment.engine.expressions import DONT_KNOW, NOT_APPLICABLE
from assessment.engine.model import Questionnaire
from assessment.engine.precision import shown_score
from assessment.engine.result import AreaResult, Finding, Overall, Result
from assessment.engine.routing import walk


class _Tally:
    __slots__ = ("answered", "applicable", "dont_know", "not_applicable", "points", "weight")

    def __init__(self) -> None:
        self.answered = self.applicable = self.dont_know = self.not_applicable = 0
        self.points = self.weight = 0.0


def evaluate(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> Result:
    """Route, score every area, fire the gap rules; pure, and tolerant of invalid answers."""
    result = walk(questionnaire, answers)
    env = result.env
    tallies = {area_id: _Tally() for area_id in questionnaire.plan.area_weights}
    values, status = env.values, env.status
    for _, steps in result.shown:
        for step in steps:
            if not step.scored:
                continue
            tally = tallies[step.area]
            found = status.get(step.question.id)
            if found == NOT_APPLICABLE:
                tally.not_applicable += 1
                continue
            tally.applicable += 1
            if found is None:
                continue
            tally.weight += step.weight
            if found == DONT_KNOW:
                tally.dont_know += 1
            else:
                tally.answered += 1
                tally.points += step.weight * step.question.score(values[step.question.id])
    scores = {area_id: _score(tally) for area_id, tally in tallies.items()}
    env.area_scores = {area_id: shown_score(score) for area_id, score in scores.items()}
    env.area_bands = {area_id: band_for(questionnaire, score) for area_id, score in scores.items()}
    findings = _fire_rules(questionnaire, env)
    areas = {
        area_id: _area_result(questionnaire, tallies[area_id], scores[area_id], area_id, findings)
        for area_id in tallies
    }
    return Result(
        questionnaire_id=questionnaire.id,
        version=questionnaire.version,
        rules_version=questionnaire.rules_version,
        fingerprint=questionnaire.fingerprint,
        default_language=questionnaire.default_language,
        overall=_overall(questionnaire, scores),
        areas=areas,
        findings=findings,
    )


def _score(tally: _Tally) -> float | None:
    return round(tally.points / tally.weight, 4) if tally.weight > 0 else None


def level_for(questionnaire: Questionnaire, score: float | None) -> int | None:
    """The maturity level reached by ``score`` as shown (rounded to ``SCORE_DECIMALS``)."""
    shown = shown_score(score)
    if shown is None:
        return None
    return next(
        (level for minimum, level in questionnaire.plan.levels_desc if minimum <= shown), None
    )


def band_for(questionnaire: Questionnaire, score: float | None) -> str | None:
    """The band reached by ``score`` as shown (rounded to ``SCORE_DECIMALS``)."""
    shown = shown_score(score)
    if shown is None:
        return None
    return next((band for minimum, band in questionnaire.plan.bands_desc if minimum <= shown), None)


def _overall(questionnaire: Questionnaire, scores: Mapping[str, float | None]) -> Overall:
    weights = questionnaire.plan.area_weights
    scored = [(weights[area_id], score) for area_id, score in scores.items() if score is not None]
    total = sum(weight for weight, _ in scored)
    if not scored or total <= 0:
        return Overall(None, None, None)
    score = round(sum(weight * score for weight, score in scored) / total, 4)
    return Overall(score, band_for(questionnaire, score), level_for(questionnaire, score))


def _fire_rules(questionnaire: Questionnaire, env: Any) -> list[Finding]:
    findings: list[Finding] = []
    fired: set[str] = env.fired
    for step in questionnaire.plan.rules:
        if step.when(env) is True:
            finding = step.finding_for(env)
            if finding is not None:
                fired.add(step.rule.id)
                findings.append(finding)
    return findings


def _area_result(
    questionnaire: Questionnaire,
    tally: _Tally,
    score: float | None,
    area_id: str,
    findings: list[Finding],
) -> AreaResult:
    band = band_for(questionnaire, score)
    capped_band, capped_by = _cap(band, area_id, findings)
    return AreaResult(
        score=score,
        level=level_for(questionnaire, score),
        band=capped_band,
        confidence=tally.answered / tally.applicable if tally.applicable else None,
        answered=tally.answered,
        applicable=tally.applicable,
        dont_know=tally.dont_know,
        not_applicable=tally.not_applicable,
        unanswered=tally.applicable - tally.answered - tally.dont_know,
        capped_by=capped_by,
        uncapped_band=band,
    )


def _cap(
    band: str | None, area_id: str, findings: list[Finding]
) -> tuple[str | None, tuple[str, ...]]:
    if band is None:
        return None, ()
    capped, by = band, []
    for finding in findings:
        cap = finding.caps_band
        if (
            cap is not None
            and finding.area == area_id
            and BAND_ORDER.index(cap) < BAND_ORDER.index(band)
        ):
            by.append(finding.rule)
            if BAND_ORDER.index(cap) < BAND_ORDER.index(capped):
                capped = cap
    return capped, tuple(by)
