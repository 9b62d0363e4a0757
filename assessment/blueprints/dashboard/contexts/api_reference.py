"""The API reference page's data: the OpenAPI document turned into plain rows for a template.

``reference(spec)`` reads the document ``assessment.blueprints.api.spec.document()`` returns
and gives the operations grouped by tag (in the order a reader meets them: organisations
before assessments before what hangs off an assessment), each with its parameters, request
body fields (``$ref`` resolved, nested objects one level deep), responses and an anchor, plus
the schemas the responses name. Texts from the spec stay in English; the page's own words
(status meanings, tag names) are translated here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup, escape

PROBLEM_MEDIA_TYPE = "application/problem+json"
TAG_ORDER = ("Organisations", "Assessments", "Invitations", "Answers", "Review", "Reports")
TAG_LABELS = {
    "Organisations": _l("Organisations"),
    "Assessments": _l("Assessments"),
    "Invitations": _l("Invitations"),
    "Answers": _l("Answers"),
    "Review": _l("Review"),
    "Reports": _l("Reports"),
}
STATUS_MEANINGS = {
    "200": _l("Success"),
    "201": _l("Created"),
    "202": _l("Accepted: not ready yet, being prepared; ask again later"),
    "204": _l("Done; nothing is returned"),
    "400": _l("The request cannot be read"),
    "401": _l("No token was sent, or it is unknown, revoked or expired"),
    "403": _l("Your account or this token may not do this"),
    "404": _l("Not found, or not visible to your account"),
    "409": _l("Not possible in the current state"),
    "413": _l("The body is too large"),
    "415": _l("The body was not sent as JSON"),
    "422": _l("Invalid input: each wrong field is named"),
    "429": _l("Too many requests: wait as many seconds as Retry-After says"),
    "503": _l("Not available: its preparation failed"),
}
METHOD_ORDER = ("get", "post", "put", "patch", "delete")
REF_PREFIX = "#/components/schemas/"
SPECTREE_HASH = re.compile(r"^[0-9a-f]{7}$")
INLINE_CODE = re.compile(r"``(.+?)``|`(.+?)`")
LENGTH_LIMITS: tuple[tuple[str, Callable[[int], str]], ...] = (
    ("minLength", lambda n: ngettext("at least %(num)d character",
                                     "at least %(num)d characters", n)),
    ("maxLength", lambda n: ngettext("at most %(num)d character",
                                     "at most %(num)d characters", n)),
    ("minItems", lambda n: ngettext("at least %(num)d entry", "at least %(num)d entries", n)),
    ("maxItems", lambda n: ngettext("at most %(num)d entry", "at most %(num)d entries", n)),
    ("minProperties", lambda n: ngettext("at least %(num)d entry", "at least %(num)d entries",
                                         n)),
    ("maxProperties", lambda n: ngettext("at most %(num)d entry", "at most %(num)d entries",
                                         n)),
)


@dataclass(frozen=True)
class Field:
    """A parameter or a schema property as a table row."""

    name: str
    type: str
    required: bool
    description: Markup
    allowed: tuple[str, ...] = ()
    default: str | None = None
    limits: str = ""  # e.g. "1–100000", "at most 200 characters"
    nested: bool = False  # a property of an object one level down


@dataclass(frozen=True)
class Answer:
    """One response of an operation."""

    status: str
    meaning: str
    media_type: str | None
    schema: str | None  # the schema's name, when it is one of components.schemas
    problem: bool

    @property
    def schema_anchor(self) -> str | None:
        """The id of the schema's section on the page."""
        return schema_anchor(self.schema) if self.schema else None


@dataclass(frozen=True)
class Operation:
    """One method on one path."""

    anchor: str
    method: str
    path: str
    summary: str
    description: Markup
    path_parameters: tuple[Field, ...]
    query_parameters: tuple[Field, ...]
    body_schema: str | None
    body_media_type: str | None
    body_fields: tuple[Field, ...]
    responses: tuple[Answer, ...]


@dataclass(frozen=True)
class Section:
    """The operations of one tag."""

    tag: str
    label: str
    anchor: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class Schema:
    """A named schema the responses refer to, with its fields."""

    name: str
    anchor: str
    description: Markup
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Reference:
    """Everything the page lists."""

    title: str
    version: str
    sections: tuple[Section, ...]
    schemas: tuple[Schema, ...]

    @property
    def operation_count(self) -> int:
        """How many operations the page lists."""
        return sum(len(section.operations) for section in self.sections)


def reference(spec: Mapping[str, Any]) -> Reference:
    """The page's data from an OpenAPI 3.1 document."""
    components = spec.get("components", {}).get("schemas", {})
    by_tag: dict[str, list[Operation]] = {}
    named: list[str] = []
    for path, methods in spec.get("paths", {}).items():
        for method in sorted(methods, key=_method_rank):
            if method not in METHOD_ORDER:
                continue
            operation = methods[method]
            built = _operation(method, path, operation, components)
            tag = (operation.get("tags") or ["API"])[0]
            by_tag.setdefault(tag, []).append(built)
            named.extend(a.schema for a in built.responses if a.schema)
    tags = [t for t in TAG_ORDER if t in by_tag] + sorted(t for t in by_tag if t not in TAG_ORDER)
    sections = tuple(
        Section(tag=tag, label=str(TAG_LABELS.get(tag, tag)), anchor="tag-" + _slug(tag),
                operations=tuple(by_tag[tag]))
        for tag in tags
    )
    problems_last = sorted(dict.fromkeys(named), key=lambda name: name == "Problem")
    schemas = tuple(_schema(name, components) for name in problems_last)
    info = spec.get("info", {})
    return Reference(title=str(info.get("title", "")), version=str(info.get("version", "")),
                     sections=sections, schemas=schemas)


def schema_name(ref: str) -> str:
    """``#/components/schemas/Assessment.cc075ad.Finding`` → ``Assessment.Finding``."""
    parts = ref.removeprefix(REF_PREFIX).split(".")
    return ".".join(part for part in parts if not SPECTREE_HASH.match(part))


def schema_anchor(name: str) -> str:
    """The id of a schema's section on the page."""
    return "schema-" + _slug(name)


def prose(text: str | None) -> Markup:
    """Spec text, escaped, with ``code`` (or `code`) as <code>."""
    source = text or ""
    parts: list[Markup] = []
    last = 0
    for match in INLINE_CODE.finditer(source):
        parts.append(escape(source[last:match.start()]))
        parts.append(Markup("<code>{}</code>").format(match.group(1) or match.group(2)))
        last = match.end()
    parts.append(escape(source[last:]))
    return Markup("").join(parts)


def _operation(method: str, path: str, operation: Mapping[str, Any],
               components: Mapping[str, Any]) -> Operation:
    body_schema, body_media_type, body_fields = _body(operation.get("requestBody"), components)
    return Operation(
        anchor=_slug(f"{method} {path.removeprefix('/api/v1')}"),
        method=method.upper(),
        path=path,
        summary=str(operation.get("summary") or ""),
        description=prose(operation.get("description")),
        path_parameters=_parameters(operation, "path", components),
        query_parameters=_parameters(operation, "query", components),
        body_schema=body_schema,
        body_media_type=body_media_type,
        body_fields=body_fields,
        responses=tuple(_answer(code, answer) for code, answer
                        in sorted(operation.get("responses", {}).items())),
    )


def _parameters(operation: Mapping[str, Any], where: str, components: Mapping[str, Any]
                ) -> tuple[Field, ...]:
    return tuple(
        _field(str(parameter.get("name", "")), parameter.get("schema", {}), components,
               required=bool(parameter.get("required")),
               description=(parameter.get("description")
                            or parameter.get("schema", {}).get("description")))
        for parameter in operation.get("parameters", []) if parameter.get("in") == where
    )


def _body(body: Mapping[str, Any] | None, components: Mapping[str, Any]
          ) -> tuple[str | None, str | None, tuple[Field, ...]]:
    if not body:
        return None, None, ()
    media_type, content = _first_content(body)
    schema = content.get("schema", {})
    name = schema_name(schema["$ref"]) if "$ref" in schema else None
    return name, media_type, _fields(_resolve(schema, components), components, depth=1)


def _answer(code: str, answer: Mapping[str, Any]) -> Answer:
    media_type, content = _first_content(answer)
    schema = content.get("schema", {})
    meaning = STATUS_MEANINGS.get(code)
    return Answer(
        status=code,
        meaning=str(meaning) if meaning is not None else str(answer.get("description", "")),
        media_type=media_type,
        schema=schema_name(schema["$ref"]) if "$ref" in schema else None,
        problem=media_type == PROBLEM_MEDIA_TYPE,
    )


def _first_content(holder: Mapping[str, Any]) -> tuple[str | None, Mapping[str, Any]]:
    """The first media type of a body or response and its entry (a schema)."""
    for media_type, entry in holder.get("content", {}).items():
        return str(media_type), entry if isinstance(entry, Mapping) else {}
    return None, {}


def _schema(name: str, components: Mapping[str, Any]) -> Schema:
    key = next((k for k in components if schema_name(REF_PREFIX + k) == name), name)
    schema = components.get(key, {})
    if schema.get("type") == "array":  # a bare list: its items' fields, as "[].id"
        fields = _fields(_resolve(_items(schema), components), components, depth=1, prefix="[].")
    else:
        fields = _fields(schema, components, depth=1)
    return Schema(name=name, anchor=schema_anchor(name),
                  description=prose(schema.get("description")), fields=fields)


def _fields(schema: Mapping[str, Any], components: Mapping[str, Any], *, depth: int,
            prefix: str = "", nested: bool = False) -> tuple[Field, ...]:
    """A schema's properties; an object property's own properties follow it (``depth`` more
    levels), named ``parent.child`` (``parent[].child`` in an array)."""
    required = set(schema.get("required", []))
    rows: list[Field] = []
    for name, prop in schema.get("properties", {}).items():
        rows.append(_field(prefix + name, prop, components, required=name in required,
                           description=prop.get("description"), nested=nested))
        inner, suffix = _object_inside(prop, components)
        if inner is not None and depth > 0:
            rows.extend(_fields(inner, components, depth=depth - 1,
                                prefix=f"{prefix}{name}{suffix}.", nested=True))
    return tuple(rows)


def _field(name: str, schema: Mapping[str, Any], components: Mapping[str, Any], *,
           required: bool, description: str | None, nested: bool = False) -> Field:
    plain = _non_null(schema)
    enum = plain.get("enum") or _items(plain).get("enum") or []
    default = schema.get("default", plain.get("default"))
    return Field(
        name=name, type=type_name(schema, components), required=required,
        description=prose(description), allowed=tuple(_text(v) for v in enum),
        default=None if default is None else _text(default), limits=_limits(plain),
        nested=nested,
    )


def type_name(schema: Mapping[str, Any], components: Mapping[str, Any]) -> str:
    """A schema's type in JSON notation: ``integer``, ``string[]``, ``Finding[] | null``."""
    if "anyOf" in schema or "oneOf" in schema:
        options = schema.get("anyOf") or schema.get("oneOf") or []
        return " | ".join(dict.fromkeys(type_name(option, components) for option in options))
    if "$ref" in schema:
        return schema_name(schema["$ref"]).rsplit(".", 1)[-1]
    kind = schema.get("type")
    if isinstance(kind, list):
        return " | ".join(str(k) for k in kind)
    if kind == "array":
        inner = type_name(_items(schema), components)
        return f"({inner})[]" if " | " in inner else f"{inner}[]"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"object<string, {type_name(schema['additionalProperties'], components)}>"
    if kind == "string" and schema.get("format"):
        return f"string ({schema['format']})"
    return str(kind or "any")


def _object_inside(prop: Mapping[str, Any], components: Mapping[str, Any]
                   ) -> tuple[Mapping[str, Any] | None, str]:
    """The object schema a property holds (directly, or as array items), and "[]" if listed."""
    plain = _non_null(prop)
    if plain.get("type") == "array":
        resolved, suffix = _resolve(_items(plain), components), "[]"
    else:
        resolved, suffix = _resolve(plain, components), ""
    return (resolved, suffix) if resolved.get("properties") else (None, "")


def _resolve(schema: Mapping[str, Any], components: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(REF_PREFIX):
        found = components.get(ref.removeprefix(REF_PREFIX), {})
        return found if isinstance(found, Mapping) else {}
    return schema


def _non_null(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """The schema without its ``null`` alternative (pydantic's ``X | None``)."""
    options = [o for o in schema.get("anyOf", []) if o.get("type") != "null"]
    return options[0] if len(options) == 1 else schema


def _items(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    items = schema.get("items")
    return items if isinstance(items, Mapping) else {}


def _limits(schema: Mapping[str, Any]) -> str:
    """Ranges and lengths: ``1–100000``, ``≥ 1``, "at most 200 characters" (translated)."""
    parts = []
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        parts.append(f"{low}–{high}")
    elif low is not None:
        parts.append(f"≥ {low}")
    elif high is not None:
        parts.append(f"≤ {high}")
    for key, say in LENGTH_LIMITS:
        if isinstance(schema.get(key), int):
            parts.append(say(schema[key]))
    return ", ".join(parts)


def _text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "-", text.lower()).strip("-")


def _method_rank(method: str) -> int:
    return METHOD_ORDER.index(method) if method in METHOD_ORDER else len(METHOD_ORDER)


