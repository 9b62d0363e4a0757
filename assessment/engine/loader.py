"""Loading a questionnaire folder: read YAML with lines, validate every file, collect every
problem, then compile conditions into a ready ``Questionnaire``."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from assessment.engine.definition import (
    QuestionnaireFile,
    Role,
    RolesFile,
    Rule,
    RulesFile,
    SectionFile,
    Source,
    SourcesFile,
)
from assessment.engine.errors import Issue
from assessment.engine.question_types import QuestionBase, UnknownQuestionType, question_class
from assessment.engine.yamlsource import PathKey, SourceDoc, load_yaml

QUESTIONNAIRE_FILE = "questionnaire.yaml"
RULES_FILE = "rules.yaml"
ROLES_FILE = "roles.yaml"
SOURCES_FILE = "sources.yaml"
SECTIONS_DIR = "sections"
_SECTION_NAME = re.compile(r"^[A-Za-z0-9_.-]+\.ya?ml$")

M = TypeVar("M", bound=BaseModel)


@dataclass
class LoadedSection:
    """A section file: its document, its validated keys (if valid) and its valid questions."""

    doc: SourceDoc
    header: SectionFile | None
    area: Any = None
    questions: list[tuple[int, QuestionBase]] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)


@dataclass
class Parts:
    """Everything read from a questionnaire folder, before cross-checks and compilation."""

    folder: Path
    qdoc: SourceDoc
    qfile: QuestionnaireFile | None
    sections: list[LoadedSection]
    rules_doc: SourceDoc | None
    rules: list[Rule]
    roles_doc: SourceDoc
    roles: list[Role]
    sources_doc: SourceDoc
    sources: list[Source]
    sources_file: SourcesFile | None
    files: list[SourceDoc]
    complete: bool = True
    conditions: dict[str, str] = field(default_factory=dict)

    @property
    def unreadable(self) -> bool:
        """Whether a file could not be read or parsed: later checks would only add noise."""
        return any(doc.data is None for doc in self.files)

    @property
    def broken_questions(self) -> set[str]:
        """Ids of questions that failed validation (conditions naming them are not checked)."""
        return {qid for section in self.sections for qid in section.broken}


def read_parts(folder: Path) -> tuple[Parts, list[Issue]]:
    """Read and validate each file of a questionnaire folder on its own."""
    reader = _Reader(folder)
    return reader.read(), reader.issues


class _Reader:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.issues: list[Issue] = []
        self.files: list[SourceDoc] = []

    def read(self) -> Parts:
        qdoc = self.doc(self.folder / QUESTIONNAIRE_FILE)
        context: dict[str, Any] = {"languages": _languages(qdoc.data)}
        qfile = self.validate(QuestionnaireFile, qdoc, context)
        sources_doc = self.doc(self.folder / SOURCES_FILE)
        sources_file = self.validate(SourcesFile, sources_doc, context)
        roles_doc = self.doc(self.folder / ROLES_FILE)
        roles_file = self.validate(RolesFile, roles_doc, context)
        rules_doc = None
        rules: list[Rule] = []
        conditions: dict[str, str] = {}
        if (self.folder / RULES_FILE).exists():
            rules_doc = self.doc(self.folder / RULES_FILE)
            rules_file = self.validate(RulesFile, rules_doc, context)
            rules = list(rules_file.rules) if rules_file else []
            conditions = dict(rules_file.conditions) if rules_file else {}
        names = _names(qdoc)
        sections = [self.section(name, i, qdoc, context) for i, name in enumerate(names)]
        loaded = [s for s in sections if s is not None]
        complete = (
            qfile is not None
            and len(loaded) == len(names)
            and all(s.header is not None and not s.broken for s in loaded)
        )
        return Parts(
            folder=self.folder,
            qdoc=qdoc,
            qfile=qfile,
            sections=loaded,
            rules_doc=rules_doc,
            rules=rules,
            roles_doc=roles_doc,
            roles=list(roles_file.roles) if roles_file else [],
            sources_doc=sources_doc,
            sources=list(sources_file.sources) if sources_file else [],
            sources_file=sources_file,
            files=self.files,
            complete=complete,
            conditions=conditions,
        )

    def doc(self, path: Path) -> SourceDoc:
        doc = load_yaml(path)
        if not path.exists():
            doc.issues[:] = [Issue(doc.display, 1, "file not found")]
        self.files.append(doc)
        self.issues.extend(doc.issues)
        return doc

    def validate(
        self,
        model: type[M],
        doc: SourceDoc,
        context: dict[str, Any],
        data: Any = None,
        prefix: PathKey = (),
    ) -> M | None:
        """Validate ``data`` (default: the whole file) against ``model``; errors become issues."""
        if doc.data is None and not prefix:
            return None
        try:
            return model.model_validate(doc.data if data is None else data, context=context)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                path = (*prefix, *error["loc"])
                self.issues.append(doc.issue(path, describe_error(path, error)))
            return None

    def section(
        self, name: str, index: int, qdoc: SourceDoc, context: dict[str, Any]
    ) -> LoadedSection | None:
        if not _SECTION_NAME.match(name):
            self.issues.append(
                qdoc.issue(
                    ("sections", index), f"section file name {name!r} must be a plain *.yaml name"
                )
            )
            return None
        doc = self.doc(self.folder / SECTIONS_DIR / name)
        if doc.data is None:
            return None
        header = self.validate(SectionFile, doc, context)
        area = doc.data.get("area") if isinstance(doc.data, dict) else None
        loaded = LoadedSection(doc, header, area)
        raw = doc.data.get("questions") if isinstance(doc.data, dict) else None
        for i, item in enumerate(raw if isinstance(raw, list) else []):
            question = self.question(doc, i, item, {**context, "area": area})
            if question is not None:
                loaded.questions.append((i, question))
            elif isinstance(item, dict):
                loaded.broken.add(str(item.get("id")))
        return loaded

    def question(
        self, doc: SourceDoc, index: int, item: Any, context: dict[str, Any]
    ) -> QuestionBase | None:
        prefix: PathKey = ("questions", index)
        if not isinstance(item, dict):
            return None  # the section model already reported it
        try:
            cls = question_class(item.get("type"))
        except UnknownQuestionType as exc:
            self.issues.append(doc.issue((*prefix, "type"), str(exc)))
            return None
        question = self.validate(cls, doc, context, data=item, prefix=prefix)
        if question is not None:
            for path, message in question.definition_problems():
                self.issues.append(
                    doc.issue((*prefix, *path), f"question {question.id!r}: {message}")
                )
        return question


def _languages(data: Any) -> list[str]:
    found = data.get("languages") if isinstance(data, dict) else None
    if isinstance(found, list) and found and all(isinstance(lang, str) for lang in found):
        return found
    return []


def _names(qdoc: SourceDoc) -> list[str]:
    found = qdoc.data.get("sections") if isinstance(qdoc.data, dict) else None
    return [n for n in found if isinstance(n, str)] if isinstance(found, list) else []


def describe_error(path: PathKey, error: Any) -> str:
    """A pydantic error as a sentence naming the key path."""
    where = format_path(path)
    kind = error["type"]
    if kind == "missing":
        if path and path[-1] == "sources":
            return (
                f"{format_path(path[:-1]) or 'this entry'}: no sources; cite at least one source id"
            )
        return f"{format_path(path[:-1]) or 'the file'}: missing required key {path[-1]!r}"
    if kind == "extra_forbidden":
        return f"{format_path(path[:-1]) or 'the file'}: unknown key {path[-1]!r}"
    message = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "too_short" and path and path[-1] == "sources":
        message = "no sources; cite at least one source id"
    return f"{where}: {message}" if where else message


def format_path(path: PathKey) -> str:
    """``("questions", 2, "text")`` → ``questions[2].text``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def fingerprint(files: list[SourceDoc], folder: Path) -> str:
    """A sha256 over the definition files' names and bytes, in a stable order."""
    digest = hashlib.sha256()
    for doc in sorted(files, key=lambda d: str(d.path)):
        digest.update(str(doc.path.relative_to(folder)).encode())
        digest.update(b"\0")
        digest.update(doc.path.read_bytes() if doc.path.exists() else b"")
        digest.update(b"\0")
    return digest.hexdigest()
