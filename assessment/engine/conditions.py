"""Conditions at load time: parse, check and compile every ``show_if``, ``constraint``, named
condition and ``when``; reject questions and sections that can never be shown, rules that can
never fire and named conditions that can never be true."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from assessment.engine.errors import ExpressionError, Issue
from assessment.engine.expressions import (
    ALL_FUNCTIONS,
    QUESTION_FUNCTIONS,
    Compiled,
    Context,
    NameInfo,
    Node,
    check_condition,
    compile_node,
    names_in,
    parse,
)
from assessment.engine.loader import LoadedSection, Parts
from assessment.engine.named import NamedConditions, read_named
from assessment.engine.question_types import QuestionBase
from assessment.engine.reachability import NEVER_SHOWN, Domain, can_hold, domain_of
from assessment.engine.rule_values import RuleValues, compile_rule_values
from assessment.engine.yamlsource import PathKey, SourceDoc


@dataclass
class CompiledConditions:
    """Compiled conditions by owner id, and the problems found."""

    sections: dict[str, Compiled] = field(default_factory=dict)
    questions: dict[str, Compiled] = field(default_factory=dict)
    constraints: dict[str, Compiled] = field(default_factory=dict)
    rules: dict[str, Compiled] = field(default_factory=dict)
    severities: dict[str, list[tuple[Compiled, str]]] = field(default_factory=dict)
    values: dict[str, RuleValues] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def compile_conditions(parts: Parts) -> CompiledConditions:
    """Parse, check and compile every condition of ``parts``; collect the problems."""
    return _Compiler(parts).run()


class _Compiler:
    def __init__(self, parts: Parts) -> None:
        self.parts = parts
        self.out = CompiledConditions()
        self.order: dict[str, int] = {}
        self.infos: dict[str, NameInfo] = {}
        self.questions: dict[str, QuestionBase] = {}
        self.starts: list[int] = []
        for section in parts.sections:
            self.starts.append(len(self.order))
            for _, question in section.questions:
                if question.id not in self.order:
                    self.order[question.id] = len(self.order)
                    self.infos[question.id] = replace(
                        question.name_info(), dont_know=question.allow_dont_know
                    )
                    self.questions[question.id] = question
        self.areas = frozenset(a.id for a in parts.qfile.areas) if parts.qfile else None
        self.broken = parts.broken_questions
        self.domains: dict[str, Domain] = {}
        self.nodes: dict[tuple[str, str], Node] = {}
        self.named = frozenset(parts.conditions) - frozenset(self.infos)
        self.guards: dict[str, list[tuple[Node, Compiled]]] = {}  # show_ifs of each question

    def run(self) -> CompiledConditions:
        for start, section in zip(self.starts, self.parts.sections, strict=True):
            self.section(section, start)
        self.rules()
        return self.out

    def compile(
        self,
        doc: SourceDoc,
        path: PathKey,
        label: str,
        source: str,
        context: Context,
        named: NamedConditions | None = None,
    ) -> tuple[Node, Compiled] | None:
        """Parse, resolve named conditions (rules only), check and compile one condition."""
        try:
            found: Node | None = parse(source)
            if found is not None and named is not None:
                found = named.resolve(found)
            if found is None:
                return None  # uses a broken named condition: reported at its definition
            if names_in(found) & self.broken:
                return None  # names a question that failed validation: reported there
            check_condition(found, context)
        except ExpressionError as error:
            self.out.issues.append(doc.expression_issue(path, label, source, error))
            return None
        return found, compile_node(found)

    def context(self, where: str, before: int, owner: str, inclusive: bool = False) -> Context:
        def order_error(name: str) -> str | None:
            position = self.order[name]
            if position < before or (inclusive and position == before):
                return None
            if name == owner:
                return "cannot depend on the question itself"
            return (
                f"cannot depend on {name!r}, which comes later in the questionnaire "
                "(a condition may only depend on earlier questions)"
            )

        return Context(
            where, self.infos, QUESTION_FUNCTIONS, order_error, self.areas, named=self.named
        )

    def section(self, loaded: LoadedSection, first: int) -> None:
        doc = loaded.doc
        visible = True
        guard: list[tuple[Node, Compiled]] = []
        header = loaded.header
        if header is not None and header.show_if is not None:
            label = f"show_if of section {header.id!r}"
            context = self.context("show_if", first, "")
            found = self.compile(doc, ("show_if",), label, header.show_if, context)
            if found is not None:
                self.out.sections[header.id] = found[1]
                guard.append(found)
                if not can_hold([found], self.domains, self.guards):
                    visible = False
                    self.out.issues.append(
                        doc.issue(
                            ("show_if",),
                            f"section {header.id!r} can never be shown: its show_if can never "
                            "be true, so none of its questions apply",
                        )
                    )
        for index, question in loaded.questions:
            self.question(doc, index, question, visible, guard)

    def question(
        self,
        doc: SourceDoc,
        index: int,
        question: QuestionBase,
        visible: bool,
        guard: list[tuple[Node, Compiled]],
    ) -> None:
        """Check a question's conditions; ``guard`` holds its section's show_if, if any."""
        position = self.order[question.id]
        if self.questions.get(question.id) is not question:
            return  # a duplicate id, reported by the cross-checks
        own: list[tuple[Node, Compiled]] = []
        if question.show_if is not None:
            label = f"show_if of question {question.id!r}"
            found = self.compile(
                doc,
                ("questions", index, "show_if"),
                label,
                question.show_if,
                self.context("show_if", position, question.id),
            )
            if found is not None:
                self.out.questions[question.id] = found[1]
                own.append(found)
                if visible and not can_hold([*guard, found], self.domains, self.guards):
                    visible = False
                    self.out.issues.append(
                        doc.issue(
                            ("questions", index, "show_if"),
                            f"question {question.id!r} can never be shown: its show_if can "
                            "never be true"
                            + (" together with its section's show_if" if guard else ""),
                        )
                    )
        if question.constraint is not None:
            label = f"constraint of question {question.id!r}"
            context = self.context("constraint", position, question.id, inclusive=True)
            found = self.compile(
                doc, ("questions", index, "constraint"), label, question.constraint, context
            )
            if found is not None:
                self.out.constraints[question.id] = found[1]
        self.domains[question.id] = domain_of(question) if visible else NEVER_SHOWN
        self.guards[question.id] = [*guard, *own]

    def rule_context(self, before: frozenset[str], ids: frozenset[str]) -> Context:
        return Context(
            "when",
            self.infos,
            ALL_FUNCTIONS,
            lambda name: None,
            self.areas,
            before,
            ids,
            named=self.named,
            named_here=True,
        )

    def rules(self) -> None:
        doc = self.parts.rules_doc
        if doc is None:
            return
        ids = frozenset(rule.id for rule in self.parts.rules)
        definition = replace(self.rule_context(ids, ids), where="a named condition")
        named = read_named(doc, self.parts.conditions, definition)
        self.out.issues += named.issues
        self.never_true_conditions(doc, named)
        before: set[str] = set()
        never: set[str] = set()
        for i, rule in enumerate(self.parts.rules):
            label = f"when of rule {rule.id}"
            context = self.rule_context(frozenset(before), ids)
            self.rule_values(doc, i, context)
            found = self.compile(doc, ("rules", i, "when"), label, rule.when, context, named)
            before.add(rule.id)
            if found is None:
                continue
            self.out.rules[rule.id] = found[1]
            if not can_hold([found], self.domains, self.guards, frozenset(never)):
                never.add(rule.id)
                message = f"rule {rule.id} can never fire: its condition can never be true"
                self.out.issues.append(doc.issue(("rules", i, "when"), message))
            elif rule.severity_if:
                self.severities(doc, i, found, context, named, frozenset(never))
        if len(self.out.rules) == len(self.parts.rules):  # one that failed may use them
            self.out.issues += named.unused(doc)

    def rule_values(self, doc: SourceDoc, index: int, context: Context) -> None:
        """Check and compile a rule's ``values`` and the placeholders of its texts."""
        rule = self.parts.rules[index]
        found, issues = compile_rule_values(doc, index, rule, context, self.broken)
        self.out.issues += issues
        if found is not None:
            self.out.values[rule.id] = found

    def severities(
        self,
        doc: SourceDoc,
        index: int,
        when: tuple[Node, Compiled],
        context: Context,
        named: NamedConditions,
        never: frozenset[str],
    ) -> None:
        """Check and compile a rule's ``severity_if`` conditions, each checked like ``when``."""
        rule = self.parts.rules[index]
        compiled: list[tuple[Compiled, str]] = []
        for j, entry in enumerate(rule.severity_if):
            path = ("rules", index, "severity_if", j, "when")
            label = f"severity_if[{j}] of rule {rule.id}"
            found = self.compile(doc, path, label, entry.when, context, named)
            if found is None:
                continue
            compiled.append((found[1], entry.severity))
            if not can_hold([when, found], self.domains, self.guards, never):
                message = (
                    f"{label} never applies: its condition can never be true when the rule fires"
                )
                self.out.issues.append(doc.issue(path, message))
        self.out.severities[rule.id] = compiled

    def never_true_conditions(self, doc: SourceDoc, named: NamedConditions) -> None:
        """Report each named condition that can never be true."""
        for name, body in named.bodies.items():
            if name not in named.broken and not can_hold(
                [(body, compile_node(body))], self.domains, self.guards
            ):
                message = f"condition {name!r} can never be true"
                self.out.issues.append(doc.issue(("conditions", name), message))
