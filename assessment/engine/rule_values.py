"""Rule values: numbers computed from the answers and shown in a finding's texts.

A rule may define ``values``, each ``name: <arithmetic expression>`` over the answers and the
profile (``+ - * /``, parentheses, numbers; see ``expressions``) or ``name: {question: <a
single-choice question>, map: {choice: number}}``. Its title, explanation and recommendation
may then use ``{name}`` (a number: integers with grouping, else one decimal), ``{name:number}``
(the same) or ``{name:percent}`` (a value on 0..100 shown as a percentage), each formatted in
the text's own language with Babel (``1,800`` / ``1.800`` / ``1 800``; ``46.7%`` /
``46,7 %``, one decimal at most).

When the rule fires its values are computed; a value whose expression reads a missing, "don't
know" or "not applicable" answer, divides by zero or maps an unlisted choice is unknown. A text
that names an unknown value is replaced, in every language, by the rule's ``fallback`` text for
that field; without a fallback for it the rule does not fire at all (it would otherwise print a
hole). A finding carries the values that were known (``Finding.values``), already rounded to
4 decimals, integers as ``int``.

At load time every placeholder must name a defined value, in every language, a ``{`` must open
a well-formed placeholder, fallback texts use none, and every value is used by some text; each
problem is an error at the file and line of the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from babel.numbers import format_decimal, format_percent

from assessment.engine.definition import Rule, ValueMap
from assessment.engine.errors import ExpressionError, Issue
from assessment.engine.expressions import (
    UNKNOWN,
    Compiled,
    Context,
    Env,
    check_number,
    compile_node,
    names_in,
    parse,
)
from assessment.engine.result import Finding
from assessment.engine.yamlsource import SourceDoc

FIELDS = ("title", "explanation", "recommendation")
STYLES = ("number", "percent")
_BRACED = re.compile(r"\{([^{}]*)\}")
_PLACEHOLDER = re.compile(r"^([a-z][a-z0-9_]*)(?::([a-z]+))?$")


class PlaceholderError(ValueError):
    """A malformed placeholder in a text."""


def placeholders(text: str) -> list[tuple[str, str]]:
    """The ``(name, style)`` of every placeholder in ``text``, in order; raises
    PlaceholderError on a stray brace or an unknown style."""
    found: list[tuple[str, str]] = []
    for match in _BRACED.finditer(text):
        parsed = _PLACEHOLDER.match(match.group(1).strip())
        if parsed is None:
            raise PlaceholderError(f"{match.group(0)!r} is not a placeholder such as {{name}}")
        style = parsed.group(2) or "number"
        if style not in STYLES:
            raise PlaceholderError(
                f"{match.group(0)!r}: unknown format {style!r} (use {' or '.join(STYLES)})"
            )
        found.append((parsed.group(1), style))
    if "{" in _BRACED.sub("", text) or "}" in _BRACED.sub("", text):
        raise PlaceholderError("a '{' or '}' that is not part of a placeholder such as {name}")
    return found


def format_value(value: float, style: str, lang: str) -> str:
    """``value`` in ``lang``'s number format; ``percent`` reads it on a 0..100 scale."""
    locale = lang if lang in ("en", "nl", "fr", "sv") else "en"
    if style == "percent":
        shown = round(value, 1)  # one decimal at most: 46.7%, 92.5%, 47%
        return str(format_percent(shown / 100, locale=locale, decimal_quantization=False))
    if float(value).is_integer():
        return str(format_decimal(int(value), locale=locale))
    return str(format_decimal(value, format="#,##0.#", locale=locale))


def fill(text: str, values: Mapping[str, float], lang: str) -> str | None:
    """``text`` with its placeholders replaced, or None when one names an unknown value."""
    missing = False

    def one(match: re.Match[str]) -> str:
        nonlocal missing
        parsed = _PLACEHOLDER.match(match.group(1).strip())
        if parsed is None or parsed.group(1) not in values:
            missing = True
            return ""
        return format_value(values[parsed.group(1)], parsed.group(2) or "number", lang)

    filled = _BRACED.sub(one, text)
    return None if missing else filled


def _number(value: Any) -> float | int | None:
    if value is UNKNOWN or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    rounded = round(float(value), 4)
    return int(rounded) if rounded.is_integer() else rounded


@dataclass(frozen=True, eq=False, slots=True)
class RuleValues:
    """A rule's compiled values and its fallback texts (by field)."""

    values: tuple[tuple[str, Compiled], ...]
    fallback: Mapping[str, Mapping[str, str]]

    def compute(self, env: Env) -> dict[str, float | int]:
        """The values that can be computed from ``env``."""
        found = {name: _number(compiled(env)) for name, compiled in self.values}
        return {name: value for name, value in found.items() if value is not None}

    def apply(self, finding: Finding, env: Env) -> Finding | None:
        """``finding`` with its texts filled in, or None when a text cannot be filled and has
        no fallback (the rule then does not fire)."""
        known = self.compute(env)
        texts: dict[str, dict[str, str]] = {}
        for name in FIELDS:
            own: Mapping[str, str] = getattr(finding, name)
            filled = {lang: fill(text, known, lang) for lang, text in own.items()}
            if any(text is None for text in filled.values()):
                if name not in self.fallback:
                    return None
                texts[name] = dict(self.fallback[name])
            else:
                texts[name] = {lang: text for lang, text in filled.items() if text is not None}
        return replace(
            finding,
            values=known,
            title=texts["title"],
            explanation=texts["explanation"],
            recommendation=texts["recommendation"],
        )


def _constant(value: float) -> Compiled:
    return lambda env: value


def _map_value(spec: ValueMap) -> Compiled:
    table = dict(spec.map)
    question = spec.question

    def mapped(env: Env) -> Any:
        answer = env.values.get(question, UNKNOWN)
        return table.get(answer, UNKNOWN) if isinstance(answer, str) else UNKNOWN

    return mapped


def compile_rule_values(
    doc: SourceDoc,
    index: int,
    rule: Rule,
    context: Context,
    broken: frozenset[str] | set[str],
) -> tuple[RuleValues | None, list[Issue]]:
    """Check and compile the values of ``rules[index]`` and check its placeholders."""
    issues = _placeholder_issues(doc, index, rule)
    compiled: list[tuple[str, Compiled]] = []
    for name, spec in rule.values.items():
        path = ("rules", index, "values", name)
        if isinstance(spec, int | float):
            compiled.append((name, _constant(spec)))
            continue
        if isinstance(spec, ValueMap):
            problem = _map_problem(spec, context)
            if problem:
                issues.append(doc.issue(path, f"value {name!r} of rule {rule.id}: {problem}"))
            else:
                compiled.append((name, _map_value(spec)))
            continue
        label = f"value {name!r} of rule {rule.id}"
        try:
            node = parse(spec)
            if names_in(node) & set(broken):
                continue
            check_number(node, replace_where(context, label))
        except ExpressionError as error:
            issues.append(doc.expression_issue(path, label, spec, error))
            continue
        compiled.append((name, compile_node(node)))
    if not rule.values and rule.fallback is None:
        return None, issues
    fallback = {
        name: text
        for name in FIELDS
        if rule.fallback is not None and (text := getattr(rule.fallback, name)) is not None
    }
    return RuleValues(tuple(compiled), fallback), issues


def replace_where(context: Context, where: str) -> Context:
    """``context`` for an expression described as ``where`` in messages."""
    return replace(context, where=where)


def _map_problem(spec: ValueMap, context: Context) -> str | None:
    info = context.questions.get(spec.question)
    if info is None or info.kind != "choice":
        return f"{spec.question!r} is not a single-choice question"
    unknown = sorted(set(spec.map) - set(info.choices))
    if unknown:
        return f"{', '.join(map(repr, unknown))} not among the choices of {spec.question!r}"
    return None


def _placeholder_issues(doc: SourceDoc, index: int, rule: Rule) -> list[Issue]:
    issues: list[Issue] = []
    used: set[str] = set()

    def check(name: str, texts: Mapping[str, str], path: tuple[Any, ...], allowed: bool) -> None:
        for lang, text in texts.items():
            line = doc.line((*path, lang))
            try:
                found = placeholders(text)
            except PlaceholderError as error:
                issues.append(Issue(doc.display, line, f"rule {rule.id} {name}: {error}"))
                continue
            for value, _ in found:
                used.add(value)
                if not allowed:
                    message = f"rule {rule.id} fallback {name} ({lang}) cannot use {{{value}}}"
                elif value not in rule.values:
                    message = (
                        f"rule {rule.id} {name} ({lang}): {{{value}}} names no value of the "
                        f"rule (defined: {', '.join(sorted(rule.values)) or 'none'})"
                    )
                else:
                    continue
                issues.append(Issue(doc.display, line, message))

    for name in FIELDS:
        check(name, getattr(rule, name), ("rules", index, name), True)
        if rule.fallback is not None and (text := getattr(rule.fallback, name)) is not None:
            check(name, text, ("rules", index, "fallback", name), False)
    for value in sorted(set(rule.values) - used):
        message = f"value {value!r} of rule {rule.id} is used by none of its texts"
        issues.append(doc.issue(("rules", index, "values", value), message))
    return issues


__all__ = [
    "FIELDS",
    "PlaceholderError",
    "RuleValues",
    "compile_rule_values",
    "fill",
    "format_value",
    "placeholders",
]
