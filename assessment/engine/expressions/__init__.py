"""The expression language of conditions: tokenizer, parser, static checks, evaluation."""

from assessment.engine.expressions.check import (
    ALL_FUNCTIONS,
    QUESTION_FUNCTIONS,
    RULE_FUNCTIONS,
    Context,
    NameInfo,
    check_condition,
    check_number,
)
from assessment.engine.expressions.evaluate import (
    ANSWERED,
    DONT_KNOW,
    NOT_APPLICABLE,
    UNKNOWN,
    Compiled,
    Env,
    compile_node,
    holds,
)
from assessment.engine.expressions.nodes import Node, calls_in, names_in
from assessment.engine.expressions.parser import parse
from assessment.engine.expressions.tokens import Kind, Token, tokenize

__all__ = [
    "ALL_FUNCTIONS",
    "ANSWERED",
    "DONT_KNOW",
    "NOT_APPLICABLE",
    "QUESTION_FUNCTIONS",
    "RULE_FUNCTIONS",
    "UNKNOWN",
    "Compiled",
    "Context",
    "Env",
    "Kind",
    "NameInfo",
    "Node",
    "Token",
    "calls_in",
    "check_condition",
    "check_number",
    "compile_node",
    "holds",
    "names_in",
    "parse",
    "tokenize",
]
