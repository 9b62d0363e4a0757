"""YAML loading that remembers the line of every node, so errors can name file and line.

The loader follows YAML 1.2 for scalars that matter here: only ``true``/``false`` are
booleans (``yes``, ``no``, ``on``, ``off`` stay strings, as answer values of yes/no questions
must) and dates stay strings. Duplicate keys and merge keys are reported, not silently merged.

Files come from users too (the CLI reads answers files), so a file over ``MAX_YAML_BYTES``
is refused before parsing, and aliases may expand to at most ``MAX_ALIAS_NODES`` nodes: a
"billion laughs" document of a few lines would otherwise build millions of nodes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assessment.engine.errors import ExpressionError, Issue

PathKey = tuple[str | int, ...]

MAX_YAML_BYTES = 4 * 1024 * 1024  # the bank's largest file is about 150 kB
MAX_ALIAS_NODES = 10_000  # nodes built again because an alias (``*name``) refers to them

_BOOL_TAG = "tag:yaml.org,2002:bool"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


# libyaml's parser when present (about 20× faster on the bank); the resolvers below are
# plain Python in both cases, so the results are the same.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader with YAML 1.2 booleans and no implicit timestamps."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in {_BOOL_TAG, _TIMESTAMP_TAG}]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True, slots=True)
class ScalarMark:
    """Where a scalar value starts: 1-based line and column, and its YAML style."""

    line: int
    column: int
    style: str | None


@dataclass(slots=True)
class SourceDoc:
    """A parsed YAML file: its data, the line of every node by path, and load problems."""

    path: Path
    display: str
    data: Any = None
    lines: dict[PathKey, int] = field(default_factory=dict)
    scalars: dict[PathKey, ScalarMark] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def line(self, path: PathKey) -> int:
        """The line of ``path``, or of its closest ancestor that exists in the file."""
        for end in range(len(path), -1, -1):
            found = self.lines.get(path[:end])
            if found is not None:
                return found
        return 1

    def issue(self, path: PathKey, message: str) -> Issue:
        """An Issue located at ``path`` in this file."""
        return Issue(self.display, self.line(path), message)

    def expression_issue(
        self, path: PathKey, label: str, source: str, error: ExpressionError
    ) -> Issue:
        """An Issue for an error in the expression at ``path``: its line, the column within.

        For a ``|`` block scalar the line is the one within the block holding the column.
        """
        mark = self.scalars.get(path)
        line = self.line(path)
        if mark is not None and mark.style in ("|", ">"):
            within = source[: error.column - 1].count("\n") if mark.style == "|" else 0
            line = mark.line + 1 + within
        return Issue(
            self.display, line, f"{label}: {error.message} at column {error.column} of {source!r}"
        )


def display_path(path: Path) -> str:
    """The path as shown in messages: relative to the working directory when under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_yaml(path: Path) -> SourceDoc:
    """Read and parse one YAML file; I/O and syntax problems become issues, never exceptions."""
    doc = SourceDoc(path=path, display=display_path(path))
    try:
        if path.stat().st_size > MAX_YAML_BYTES:
            doc.issues.append(Issue(doc.display, 1, _too_large()))
            return doc
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        doc.issues.append(Issue(doc.display, 1, f"cannot read file: {exc}"))
        return doc
    return parse_yaml_text(text, doc)


def parse_yaml_text(text: str, doc: SourceDoc) -> SourceDoc:
    """Parse ``text`` into ``doc`` (data, lines, issues)."""
    if len(text) > MAX_YAML_BYTES:
        doc.issues.append(Issue(doc.display, 1, _too_large()))
        return doc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        doc.issues.append(Issue(doc.display, line, f"invalid YAML: {exc.problem or exc}"))
        return doc
    except yaml.YAMLError as exc:
        doc.issues.append(Issue(doc.display, 1, f"invalid YAML: {exc}"))
        return doc
    finally:
        loader.dispose()
    if node is None:
        doc.issues.append(Issue(doc.display, 1, "the file is empty"))
        return doc
    builder = _Builder(loader, doc)
    try:
        doc.data = builder.build(node, ())
    except _AliasRefused as refused:
        doc.issues.append(Issue(doc.display, refused.line, refused.message))
    return doc


def _too_large() -> str:
    return f"the file is too large (more than {MAX_YAML_BYTES // (1024 * 1024)} MB)"


class _AliasRefused(Exception):
    """An alias expands too far or into itself: the whole document is refused."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _Builder:
    """Turns a composed node tree into plain dicts/lists/scalars, recording lines on the way."""

    def __init__(self, loader: _Loader, doc: SourceDoc) -> None:
        self.loader = loader
        self.doc = doc
        self._built: set[int] = set()  # ids of the nodes built so far
        self._open: set[int] = set()  # the node being built and its ancestors
        self._alias_line = 0  # the line of the outermost alias being expanded, 0 if none
        self._aliased = 0  # nodes built through aliases

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        """The plain value of ``node``, counting and bounding what aliases expand to."""
        key = id(node)
        if key in self._open:
            raise _AliasRefused(self.doc.line(path), "an alias refers to a value containing it")
        outermost = key in self._built and not self._alias_line
        if outermost:
            self._alias_line = self.doc.line(path)
        if self._alias_line:
            self._aliased += 1
            if self._aliased > MAX_ALIAS_NODES:
                raise _AliasRefused(self._alias_line, f"aliases expand to more than "
                                    f"{MAX_ALIAS_NODES:,} values; write the values out instead")
        self._built.add(key)
        self._open.add(key)
        try:
            return self._build(node, path)
        finally:
            self._open.discard(key)
            if outermost:
                self._alias_line = 0

    def _build(self, node: yaml.Node, path: PathKey) -> Any:
        self.doc.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        self.doc.scalars[path] = ScalarMark(
            node.start_mark.line + 1, node.start_mark.column + 1, node.style
        )
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            self.doc.issues.append(self.doc.issue(path, f"invalid value: {exc}"))
            return None

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.doc.issues.append(
                    Issue(self.doc.display, line, "merge keys ('<<') are not supported")
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.doc.issues.append(Issue(self.doc.display, line, "keys must be plain values"))
                continue
            key = self.loader.construct_object(key_node)
            if key in result:
                self.doc.issues.append(Issue(self.doc.display, line, f"duplicate key {key!r}"))
                continue
            self.doc.lines[(*path, key)] = line
            result[key] = self.build(value_node, (*path, key))
        return result
