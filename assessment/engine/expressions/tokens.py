"""The tokenizer of the expression language."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from assessment.engine.errors import ParseError


class Kind(Enum):
    """Token kinds."""

    NUMBER = "number"
    STRING = "string"
    NAME = "name"
    KEYWORD = "keyword"
    OP = "operator"
    EOF = "end of expression"


KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false"})
_TWO_CHAR_OPS = frozenset({"==", "!=", "<=", ">="})
_ONE_CHAR_OPS = frozenset("<>+-*/()[],")
_DIGITS = frozenset("0123456789")
_ESCAPES = {"'": "'", '"': '"', "\\": "\\", "n": "\n", "t": "\t"}


@dataclass(frozen=True, slots=True)
class Token:
    """One token; ``column`` is 1-based in the expression text."""

    kind: Kind
    text: str
    column: int
    value: object = None

    def describe(self) -> str:
        """The token as named in error messages."""
        return "end of expression" if self.kind is Kind.EOF else repr(self.text)


def tokenize(source: str) -> list[Token]:
    """Split ``source`` into tokens, ending with an EOF token; raises ParseError."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        char = source[pos]
        if char.isspace():
            pos += 1
        elif char in _DIGITS or (char == "." and source[pos + 1 : pos + 2] in _DIGITS):
            pos = _number(source, pos, tokens)
        elif char in "'\"":
            pos = _string(source, pos, tokens)
        elif char.isascii() and (char.isalpha() or char == "_"):
            pos = _name(source, pos, tokens)
        elif source[pos : pos + 2] in _TWO_CHAR_OPS:
            tokens.append(Token(Kind.OP, source[pos : pos + 2], pos + 1))
            pos += 2
        elif char in _ONE_CHAR_OPS:
            tokens.append(Token(Kind.OP, char, pos + 1))
            pos += 1
        elif char == "=":
            raise ParseError("single '=' is not an operator; use '==' to compare", pos + 1)
        else:
            raise ParseError(f"unexpected character {char!r}", pos + 1)
    tokens.append(Token(Kind.EOF, "", len(source) + 1))
    return tokens


def _number(source: str, start: int, tokens: list[Token]) -> int:
    end = start
    seen_dot = False
    while end < len(source) and (source[end] in _DIGITS or (source[end] == "." and not seen_dot)):
        seen_dot = seen_dot or source[end] == "."
        end += 1
    if end < len(source) and (source[end].isalnum() or source[end] in "_."):
        raise ParseError(f"malformed number {source[start : end + 1]!r}", start + 1)
    text = source[start:end]
    value: float | int = float(text) if seen_dot else int(text)
    tokens.append(Token(Kind.NUMBER, text, start + 1, value))
    return end


def _string(source: str, start: int, tokens: list[Token]) -> int:
    quote = source[start]
    chars: list[str] = []
    pos = start + 1
    while pos < len(source):
        char = source[pos]
        if char == quote:
            tokens.append(Token(Kind.STRING, source[start : pos + 1], start + 1, "".join(chars)))
            return pos + 1
        if char == "\\":
            escaped = source[pos + 1 : pos + 2]
            if escaped not in _ESCAPES:
                raise ParseError(f"unknown escape '\\{escaped}' in string", pos + 1)
            chars.append(_ESCAPES[escaped])
            pos += 2
            continue
        chars.append(char)
        pos += 1
    raise ParseError("string is not closed", start + 1)


def _name(source: str, start: int, tokens: list[Token]) -> int:
    end = start
    while (
        end < len(source)
        and source[end].isascii()
        and (source[end].isalnum() or source[end] == "_")
    ):
        end += 1
    text = source[start:end]
    kind = Kind.KEYWORD if text in KEYWORDS else Kind.NAME
    tokens.append(Token(kind, text, start + 1))
    return end
