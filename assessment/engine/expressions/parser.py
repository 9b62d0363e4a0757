"""A Pratt parser from tokens to the AST.

Precedence, loosest first: ``or``; ``and``; ``not``; comparisons (``== != < <= > >= in``,
``not in``; not chainable); ``+ -``; ``* /``; unary ``-``; calls, literals, parentheses.
"""

from __future__ import annotations

from assessment.engine.errors import ParseError
from assessment.engine.expressions.nodes import (
    COMPARISONS,
    Binary,
    Call,
    ListLiteral,
    Literal,
    Name,
    Node,
    Unary,
)
from assessment.engine.expressions.tokens import Kind, Token, tokenize

_OR, _AND, _NOT, _COMPARE, _SUM, _PRODUCT, _PREFIX = 10, 20, 30, 40, 50, 60, 70
_INFIX_POWER = {
    "or": _OR,
    "and": _AND,
    **dict.fromkeys(COMPARISONS, _COMPARE),
    "+": _SUM,
    "-": _SUM,
    "*": _PRODUCT,
    "/": _PRODUCT,
}
MAX_DEPTH = 60


def parse(source: str) -> Node:
    """Parse one expression; raises ParseError with the 1-based column of the problem."""
    if not source.strip():
        raise ParseError("the expression is empty", 1)
    return _Parser(tokenize(source)).parse_all()


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind is not Kind.EOF:
            self.pos += 1
        return token

    def expect(self, text: str) -> Token:
        token = self.current
        if token.text != text or token.kind in (Kind.STRING, Kind.EOF):
            raise ParseError(f"expected {text!r}, found {token.describe()}", token.column)
        return self.advance()

    def parse_all(self) -> Node:
        node = self.expression(0)
        if self.current.kind is not Kind.EOF:
            token = self.current
            raise ParseError(
                f"unexpected {token.describe()} after a complete expression", token.column
            )
        return node

    def expression(self, min_power: int) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError("the expression is nested too deeply", self.current.column)
        left = self.prefix()
        while True:
            op, width = self.infix_operator()
            power = _INFIX_POWER.get(op or "", -1)
            if op is None or power <= min_power:
                break
            token = self.current
            self.pos += width
            right = self.expression(power)
            left = Binary(op, left, right, token.column)
            if op in COMPARISONS:
                self.refuse_chained_comparison()
        self.depth -= 1
        return left

    def infix_operator(self) -> tuple[str | None, int]:
        """The infix operator at the current token and how many tokens it spans."""
        token = self.current
        if token.kind is Kind.OP and token.text in _INFIX_POWER:
            return token.text, 1
        if token.kind is Kind.KEYWORD and token.text in ("and", "or", "in"):
            return token.text, 1
        if token.kind is Kind.KEYWORD and token.text == "not":
            following = self.tokens[self.pos + 1]
            if following.kind is Kind.KEYWORD and following.text == "in":
                return "not in", 2
        return None, 0

    def refuse_chained_comparison(self) -> None:
        op, _ = self.infix_operator()
        if op in COMPARISONS:
            raise ParseError(
                "comparisons cannot be chained; combine them with 'and'", self.current.column
            )

    def prefix(self) -> Node:
        token = self.advance()
        if token.kind is Kind.NUMBER:
            assert isinstance(token.value, int | float)
            return Literal(token.value, token.column)
        if token.kind is Kind.STRING:
            assert isinstance(token.value, str)
            return Literal(token.value, token.column)
        if token.kind is Kind.KEYWORD:
            return self.prefix_keyword(token)
        if token.kind is Kind.NAME:
            if self.current.kind is Kind.OP and self.current.text == "(":
                return self.call(token)
            return Name(token.text, token.column)
        if token.kind is Kind.OP:
            return self.prefix_operator(token)
        raise ParseError("the expression ends too early", token.column)

    def prefix_keyword(self, token: Token) -> Node:
        if token.text in ("true", "false"):
            return Literal(token.text == "true", token.column)
        if token.text == "not":
            return Unary("not", self.expression(_NOT), token.column)
        raise ParseError(f"unexpected {token.describe()}", token.column)

    def prefix_operator(self, token: Token) -> Node:
        if token.text == "(":
            node = self.expression(0)
            self.expect(")")
            return node
        if token.text == "[":
            return self.list_literal(token)
        if token.text == "-":
            return Unary("-", self.expression(_PREFIX), token.column)
        raise ParseError(f"unexpected {token.describe()}", token.column)

    def list_literal(self, opening: Token) -> Node:
        items: list[Node] = []
        while not (self.current.kind is Kind.OP and self.current.text == "]"):
            items.append(self.expression(0))
            if self.current.kind is Kind.OP and self.current.text == ",":
                self.advance()
            elif not (self.current.kind is Kind.OP and self.current.text == "]"):
                raise ParseError(
                    f"expected ',' or ']' in the list, found {self.current.describe()}",
                    self.current.column,
                )
        self.advance()
        return ListLiteral(tuple(items), opening.column)

    def call(self, name: Token) -> Node:
        self.expect("(")
        args: list[Node] = []
        while not (self.current.kind is Kind.OP and self.current.text == ")"):
            args.append(self.expression(0))
            if self.current.kind is Kind.OP and self.current.text == ",":
                self.advance()
            elif not (self.current.kind is Kind.OP and self.current.text == ")"):
                raise ParseError(
                    f"expected ',' or ')' in the call of {name.text}(), found "
                    f"{self.current.describe()}",
                    self.current.column,
                )
        self.advance()
        return Call(name.text, tuple(args), name.column)
