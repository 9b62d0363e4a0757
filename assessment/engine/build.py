"""From validated parts to a ``Questionnaire``: the public ``load_questionnaire``."""

from __future__ import annotations

from pathlib import Path

from assessment.engine.conditions import CompiledConditions, compile_conditions
from assessment.engine.definition import Rule, SectionFile
from assessment.engine.errors import DefinitionError, Issue
from assessment.engine.loader import Parts, fingerprint, read_parts
from assessment.engine.model import (
    Page,
    Plan,
    Questionnaire,
    QuestionStep,
    RuleStep,
    Section,
    SectionStep,
)
from assessment.engine.question_types import QuestionBase
from assessment.engine.result import Finding
from assessment.engine.validation import cross_check


def load_questionnaire(path: Path | str) -> Questionnaire:
    """Load, validate and compile one questionnaire folder (or its questionnaire.yaml).

    Raises DefinitionError listing every problem found, each with file and line.
    """
    folder = Path(path)
    if folder.is_file():
        folder = folder.parent
    parts, issues = read_parts(folder)
    issues = issues + cross_check(parts)
    conditions = compile_conditions(parts)
    if not parts.unreadable:
        issues += conditions.issues
    if issues or parts.qfile is None:
        raise DefinitionError(issues or [Issue(str(folder), 1, "not a questionnaire")])
    return _assemble(parts, conditions)


def _assemble(parts: Parts, conditions: CompiledConditions) -> Questionnaire:
    qfile = parts.qfile
    assert qfile is not None
    sections = tuple(
        Section(
            id=loaded.header.id,
            area=loaded.header.area,
            title=loaded.header.title,
            intro=loaded.header.intro,
            show_if=loaded.header.show_if,
            questions=tuple(question for _, question in loaded.questions),
            file=loaded.doc.display,
            pages=_pages(loaded.header),
        )
        for loaded in parts.sections
        if loaded.header is not None
    )
    questions: dict[str, QuestionBase] = {q.id: q for s in sections for q in s.questions}
    plan = Plan(
        sections=tuple(_section_step(i, s, conditions) for i, s in enumerate(sections)),
        rules=tuple(_rule_step(rule, parts, conditions) for rule in parts.rules),
        constraints=dict(conditions.constraints),
        area_weights={area.id: area.weight for area in qfile.areas},
        levels_desc=tuple(sorted(((lv.min, lv.level) for lv in qfile.levels), reverse=True)),
        bands_desc=tuple(sorted(((b.min, b.id) for b in qfile.bands), reverse=True)),
    )
    documents = parts.sources_file.documents if parts.sources_file else []
    return Questionnaire(
        id=qfile.id,
        version=qfile.version,
        rules_version=qfile.rules_version,
        languages=tuple(qfile.languages),
        title=qfile.title,
        description=qfile.description,
        areas=tuple(qfile.areas),
        levels=tuple(sorted(qfile.levels, key=lambda lv: lv.level)),
        bands=tuple(qfile.bands),
        sections=sections,
        questions=questions,
        rules=tuple(parts.rules),
        roles={role.id: role for role in parts.roles},
        sources={source.id: source for source in parts.sources},
        documents={document.id: document for document in documents},
        fingerprint=fingerprint(parts.files, parts.folder),
        path=parts.folder,
        plan=plan,
        question_areas={q.id: s.area for s in sections for q in s.questions},
        conditions=dict(parts.conditions),
    )


def _pages(header: SectionFile) -> tuple[Page, ...]:
    """The section's pages as written; empty (one implicit page) when it has none."""
    return tuple(Page(page.id, tuple(page.questions), page.title) for page in header.pages or ())


def _section_step(index: int, section: Section, conditions: CompiledConditions) -> SectionStep:
    steps = tuple(
        QuestionStep(
            question=question,
            section_index=index,
            show_if=conditions.questions.get(question.id),
            area=section.area,
            scored=question.scored,
            weight=question.weight,
        )
        for question in section.questions
    )
    return SectionStep(section, conditions.sections.get(section.id), steps)


def _rule_step(rule: Rule, parts: Parts, conditions: CompiledConditions) -> RuleStep:
    """A rule compiled, with one finding per severity it can report."""
    severities = tuple(
        (when, _finding(rule, parts, severity))
        for when, severity in conditions.severities.get(rule.id, [])
    )
    finding = _finding(rule, parts, rule.severity)
    values = conditions.values.get(rule.id)
    return RuleStep(rule, conditions.rules[rule.id], finding, severities, values)


def _finding(rule: Rule, parts: Parts, severity: str) -> Finding:
    """The finding a rule reports at ``severity``; built once, shared by every result.

    ``caps_band`` applies only to a high-severity finding.
    """
    owner = next((role for role in parts.roles if role.id == rule.owner), None)
    return Finding(
        rule=rule.id,
        area=rule.area,
        areas=(rule.area, *rule.also_areas),
        severity=severity,
        title=rule.title,
        explanation=rule.explanation,
        recommendation=rule.recommendation,
        owner=rule.owner,
        effort=rule.effort,
        sources=tuple(rule.sources),
        owner_name=owner.name if owner is not None else {},
        caps_band=rule.caps_band if severity == "high" else None,
    )
