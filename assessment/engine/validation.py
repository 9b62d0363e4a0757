"""Cross-reference checks over a whole questionnaire folder: ids, areas, roles, sources,
levels and bands. Every problem is collected; nothing stops at the first."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from assessment.engine.definition import BAND_ORDER, Rule
from assessment.engine.errors import Issue
from assessment.engine.loader import Parts
from assessment.engine.pages import page_issues
from assessment.engine.prerequisites import prerequisite_issues
from assessment.engine.question_types import PROFILE
from assessment.engine.yamlsource import PathKey, SourceDoc


@dataclass(frozen=True)
class Located:
    """An id and where it is defined."""

    id: str
    doc: SourceDoc
    path: PathKey

    def issue(self, message: str, *sub: str | int) -> Issue:
        """An issue at this entry (or a key below it)."""
        return self.doc.issue((*self.path, *sub), message)

    @property
    def where(self) -> str:
        """``file:line`` of the entry."""
        return f"{self.doc.display}:{self.doc.line(self.path)}"


def cross_check(parts: Parts) -> list[Issue]:
    """Every cross-reference problem of ``parts``."""
    issues: list[Issue] = []
    issues += _questionnaire(parts)
    issues += _sections(parts)
    issues += _rules(parts)
    issues += _catalogue(parts)
    return issues


def duplicates(entries: Iterable[Located], kind: str) -> list[Issue]:
    """One issue per repeated id, pointing at the first definition."""
    first: dict[str, Located] = {}
    issues: list[Issue] = []
    for entry in entries:
        if entry.id in first:
            issues.append(
                entry.issue(
                    f"duplicate {kind} id {entry.id!r} (first at {first[entry.id].where})", "id"
                )
            )
        else:
            first[entry.id] = entry
    return issues


def source_ids(parts: Parts) -> set[str]:
    """The ids of the source catalogue."""
    return {source.id for source in parts.sources}


def _unknown_sources(cited: Iterable[str], known: set[str], at: Located) -> list[Issue]:
    if not known:
        return []  # the catalogue itself is broken; that is reported there
    return [
        at.issue(
            f"unknown source {source!r} (not in sources.yaml)",
            "sources",
            i,
        )
        for i, source in enumerate(cited)
        if source not in known
    ]


def _questionnaire(parts: Parts) -> list[Issue]:
    qfile, doc = parts.qfile, parts.qdoc
    if qfile is None:
        return []
    issues = duplicates(
        (Located(a.id, doc, ("areas", i)) for i, a in enumerate(qfile.areas)), "area"
    )
    issues += [
        doc.issue(("areas", i, "id"), "'profile' is reserved for the unscored profile section")
        for i, area in enumerate(qfile.areas)
        if area.id == PROFILE
    ]
    if len(set(qfile.languages)) != len(qfile.languages):
        issues.append(doc.issue(("languages",), "a language is listed twice"))
    levels = [level.level for level in qfile.levels]
    if sorted(levels) != [1, 2, 3, 4, 5]:
        issues.append(doc.issue(("levels",), "levels must be 1, 2, 3, 4 and 5, each once"))
    issues += _thresholds(doc, "levels", [(lv.level, lv.min) for lv in qfile.levels])
    band_ids = [band.id for band in qfile.bands]
    if sorted(band_ids, key=BAND_ORDER.index) != list(BAND_ORDER) or band_ids != list(BAND_ORDER):
        issues.append(doc.issue(("bands",), "bands must be red, amber and green, in that order"))
    else:
        issues += _thresholds(doc, "bands", [(i, band.min) for i, band in enumerate(qfile.bands)])
    issues += duplicates(
        (Located(n, doc, ("sections", i)) for i, n in enumerate(qfile.sections)), "section file"
    )
    return issues


def _thresholds(doc: SourceDoc, key: str, entries: list[tuple[int, float]]) -> list[Issue]:
    ordered = sorted(entries)
    issues: list[Issue] = []
    if ordered and ordered[0][1] != 0:
        issues.append(doc.issue((key,), f"the lowest of the {key} must start at min 0"))
    mins = [minimum for _, minimum in ordered]
    if any(b <= a for a, b in itertools.pairwise(mins)):
        issues.append(doc.issue((key,), f"the {key} min must increase strictly from low to high"))
    return issues


def _area_ids(parts: Parts) -> set[str] | None:
    return {a.id for a in parts.qfile.areas} if parts.qfile else None


def _sections(parts: Parts) -> list[Issue]:
    areas = _area_ids(parts)
    headers = [(s, s.header) for s in parts.sections if s.header is not None]
    issues = duplicates((Located(h.id, s.doc, ()) for s, h in headers), "section")
    for section, header in headers:
        if areas is not None and header.area not in areas | {PROFILE}:
            known = ", ".join(sorted(areas))
            message = f"unknown area {header.area!r} (areas: {known}, profile)"
            issues.append(section.doc.issue(("area",), message))
        issues += page_issues(section.doc, header.id, header.pages)
    issues += _questions(parts)
    if areas is not None and parts.complete and not issues:
        issues += _area_coverage(parts)
    return issues


def _questions(parts: Parts) -> list[Issue]:
    """Duplicate ids, unknown sources, scored questions in the profile or without dont_know."""
    found = [
        (Located(q.id, s.doc, ("questions", i)), q, s.area)
        for s in parts.sections
        for i, q in s.questions
    ]
    issues = duplicates((located for located, _, _ in found), "question")
    known_sources = source_ids(parts)
    for located, question, area in found:
        issues += _unknown_sources(question.sources, known_sources, located)
        if area == PROFILE and question.scored:
            message = f"question {question.id!r}: profile questions are never scored"
            issues.append(located.issue(message, "scored"))
        if question.scored and not question.allow_dont_know:
            message = f"question {question.id!r}: a scored question always offers dont_know"
            issues.append(located.issue(message, "allow_dont_know"))
    return issues


def _area_coverage(parts: Parts) -> list[Issue]:
    """Every area needs a scored question, or its score could never exist."""
    assert parts.qfile is not None
    scored = {s.area for s in parts.sections for _, q in s.questions if q.scored}
    return [
        parts.qdoc.issue(("areas", i), f"area {area.id!r} has no scored questions")
        for i, area in enumerate(parts.qfile.areas)
        if area.id not in scored
    ]


def _rules(parts: Parts) -> list[Issue]:
    if parts.rules_doc is None:
        return []
    doc = parts.rules_doc
    located = [Located(rule.id, doc, ("rules", i)) for i, rule in enumerate(parts.rules)]
    issues = duplicates(located, "rule")
    roles = {role.id for role in parts.roles}
    for at, rule in zip(located, parts.rules, strict=True):
        issues += _unknown_sources(rule.sources, source_ids(parts), at)
        issues += [
            at.issue(f"rule {rule.id}: {message}", key)
            for key, message in _rule_problems(rule, _area_ids(parts), roles)
        ]
    issues += prerequisite_issues(doc, parts.rules)
    return issues


def _rule_problems(rule: Rule, areas: set[str] | None, roles: set[str]) -> list[tuple[str, str]]:
    """(key, message) for each problem with a rule's areas, owner and cap."""
    problems: list[tuple[str, str]] = []
    for key, area in [("area", rule.area), *(("also_areas", a) for a in rule.also_areas)]:
        if areas is not None and area not in areas:
            problems.append((key, f"unknown area {area!r} (areas: {', '.join(sorted(areas))})"))
    if rule.area in rule.also_areas:
        problems.append(("also_areas", f"also_areas repeats its own area {rule.area!r}"))
    if roles and rule.owner not in roles:
        problems.append(("owner", f"unknown owner role {rule.owner!r} (not in roles.yaml)"))
    severities = {rule.severity, *(entry.severity for entry in rule.severity_if)}
    if rule.caps_band is not None and "high" not in severities:
        message = "only a high-severity rule may cap a band (severity or a severity_if high)"
        problems.append(("caps_band", message))
    return problems


def _catalogue(parts: Parts) -> list[Issue]:
    known = source_ids(parts)
    roles = [Located(role.id, parts.roles_doc, ("roles", i)) for i, role in enumerate(parts.roles)]
    issues = duplicates(roles, "role")
    for at, role in zip(roles, parts.roles, strict=True):
        issues += _unknown_sources(role.sources, known, at)
    doc = parts.sources_doc
    issues += duplicates(
        (Located(s.id, doc, ("sources", i)) for i, s in enumerate(parts.sources)), "source"
    )
    if parts.sources_file is not None:
        documents = {d.id for d in parts.sources_file.documents}
        issues += duplicates(
            (
                Located(d.id, doc, ("documents", i))
                for i, d in enumerate(parts.sources_file.documents)
            ),
            "document",
        )
        issues += [
            doc.issue(("sources", i, "document"), f"source {s.id}: unknown document {s.document!r}")
            for i, s in enumerate(parts.sources)
            if s.document not in documents
        ]
    return issues
