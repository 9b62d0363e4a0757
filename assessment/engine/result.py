"""The outcome of scoring: plain, immutable data with a JSON view and a dict round trip."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assessment.engine.precision import shown_score
from assessment.engine.text import pick

RESULT_FORMAT = 1


@dataclass(frozen=True, slots=True)
class Overall:
    """The readiness index: area-weighted mean of area scores, its band and maturity level."""

    score: float | None
    band: str | None
    level: int | None = None


@dataclass(frozen=True, slots=True)
class AreaResult:
    """One area's score (0-100 or None), level, band and how much of it rests on answers.

    ``applicable``: scored questions on the route not answered "not_applicable";
    ``answered``: those with a real answer; ``dont_know``/``not_applicable``/``unanswered``:
    counts of each; ``confidence``: answered / applicable (None when nothing applies);
    ``uncapped_band``: the band before gap rules capped it; ``capped_by``: those rule ids.
    """

    score: float | None
    level: int | None
    band: str | None
    confidence: float | None
    answered: int
    applicable: int
    dont_know: int = 0
    not_applicable: int = 0
    unanswered: int = 0
    capped_by: tuple[str, ...] = ()
    uncapped_band: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """A gap rule that fired; texts are translated mappings."""

    rule: str
    area: str
    areas: tuple[str, ...]
    severity: str
    title: Mapping[str, str]
    explanation: Mapping[str, str]
    recommendation: Mapping[str, str]
    owner: str
    effort: str
    sources: tuple[str, ...]
    owner_name: Mapping[str, str] = field(default_factory=dict)
    caps_band: str | None = None
    values: Mapping[str, float | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    """Scores, bands and findings of one assessment, with the definition versions used."""

    questionnaire_id: str
    version: str
    rules_version: str
    fingerprint: str
    default_language: str
    overall: Overall
    areas: dict[str, AreaResult]
    findings: list[Finding]

    def to_json(self, lang: str) -> dict[str, Any]:
        """The ``assessment score --json`` shape, texts in ``lang`` (default-language fallback).

        Scores are rounded by ``shown_score``, the rounding bands and levels were decided on.
        """
        return {
            "questionnaire": {
                "id": self.questionnaire_id,
                "version": self.version,
                "rules_version": self.rules_version,
                "fingerprint": self.fingerprint,
            },
            "language": lang,
            "overall": {
                "score": shown_score(self.overall.score),
                "band": self.overall.band,
                "level": self.overall.level,
            },
            "areas": {area_id: _area_json(area) for area_id, area in self.areas.items()},
            "findings": [self._finding_json(finding, lang) for finding in self.findings],
        }

    def _finding_json(self, finding: Finding, lang: str) -> dict[str, Any]:
        def text(mapping: Mapping[str, str]) -> str:
            return pick(mapping, lang, self.default_language)

        return {
            "rule": finding.rule,
            "area": finding.area,
            "areas": list(finding.areas),
            "severity": finding.severity,
            "title": text(finding.title),
            "explanation": text(finding.explanation),
            "recommendation": text(finding.recommendation),
            "owner": finding.owner,
            "owner_name": text(finding.owner_name),
            "effort": finding.effort,
            "sources": list(finding.sources),
            "caps_band": finding.caps_band,
            "values": dict(finding.values),
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything, JSON-serialisable, unrounded, with all translations (for storage)."""
        return {
            "format": RESULT_FORMAT,
            "questionnaire_id": self.questionnaire_id,
            "version": self.version,
            "rules_version": self.rules_version,
            "fingerprint": self.fingerprint,
            "default_language": self.default_language,
            "overall": {
                "score": self.overall.score,
                "band": self.overall.band,
                "level": self.overall.level,
            },
            "areas": {key: _area_dict(area) for key, area in self.areas.items()},
            "findings": [_finding_dict(finding) for finding in self.findings],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Result:
        """Rebuild a Result stored with ``to_dict``; raises ValueError on another format."""
        if data.get("format") != RESULT_FORMAT:
            raise ValueError(f"unsupported result format {data.get('format')!r}")
        overall = data["overall"]
        return cls(
            questionnaire_id=data["questionnaire_id"],
            version=data["version"],
            rules_version=data["rules_version"],
            fingerprint=data["fingerprint"],
            default_language=data["default_language"],
            overall=Overall(overall["score"], overall["band"], overall.get("level")),
            areas={key: _area_from(value) for key, value in data["areas"].items()},
            findings=[_finding_from(value) for value in data["findings"]],
        )

    def finding_ids(self) -> list[str]:
        """The rule ids that fired, in rule order."""
        return [finding.rule for finding in self.findings]


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _area_json(area: AreaResult) -> dict[str, Any]:
    found = _area_dict(area)
    found["score"] = shown_score(area.score)
    found["confidence"] = _round(area.confidence, 2)
    return found


def _area_dict(area: AreaResult) -> dict[str, Any]:
    return {
        "score": area.score,
        "level": area.level,
        "band": area.band,
        "confidence": area.confidence,
        "answered": area.answered,
        "applicable": area.applicable,
        "dont_know": area.dont_know,
        "not_applicable": area.not_applicable,
        "unanswered": area.unanswered,
        "capped_by": list(area.capped_by),
        "uncapped_band": area.uncapped_band,
    }


def _area_from(data: Mapping[str, Any]) -> AreaResult:
    return AreaResult(
        score=data["score"],
        level=data["level"],
        band=data["band"],
        confidence=data["confidence"],
        answered=data["answered"],
        applicable=data["applicable"],
        dont_know=data.get("dont_know", 0),
        not_applicable=data.get("not_applicable", 0),
        unanswered=data.get("unanswered", 0),
        capped_by=tuple(data.get("capped_by", ())),
        uncapped_band=data.get("uncapped_band"),
    )


def _finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "area": finding.area,
        "areas": list(finding.areas),
        "severity": finding.severity,
        "title": dict(finding.title),
        "explanation": dict(finding.explanation),
        "recommendation": dict(finding.recommendation),
        "owner": finding.owner,
        "owner_name": dict(finding.owner_name),
        "effort": finding.effort,
        "sources": list(finding.sources),
        "caps_band": finding.caps_band,
        "values": dict(finding.values),
    }


def _finding_from(data: Mapping[str, Any]) -> Finding:
    return Finding(
        rule=data["rule"],
        area=data["area"],
        areas=tuple(data["areas"]),
        severity=data["severity"],
        title=dict(data["title"]),
        explanation=dict(data["explanation"]),
        recommendation=dict(data["recommendation"]),
        owner=data["owner"],
        effort=data["effort"],
        sources=tuple(data["sources"]),
        owner_name=dict(data.get("owner_name", {})),
        caps_band=data.get("caps_band"),
        values=dict(data.get("values", {})),
    )
