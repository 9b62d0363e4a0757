"""The questionnaire engine: definitions, validation, expressions, routing, scoring, rules.

Plain Python, no Flask and no database. See doc/architecture/0001-contracts.md for the API.
"""

from assessment.engine.answers import check_answers
from assessment.engine.bank import Bank, clear_cache, load_bank
from assessment.engine.build import load_questionnaire
from assessment.engine.errors import AnswerError, DefinitionError, Issue, ParseError
from assessment.engine.model import Page, Questionnaire, Section
from assessment.engine.precision import SCORE_DECIMALS, shown_score
from assessment.engine.question_types import QUESTION_TYPES, Question, QuestionBase
from assessment.engine.result import AreaResult, Finding, Overall, Result
from assessment.engine.routing import Progress, Route, SectionView, route
from assessment.engine.scoring import evaluate

__all__ = [
    "QUESTION_TYPES",
    "SCORE_DECIMALS",
    "AnswerError",
    "AreaResult",
    "Bank",
    "DefinitionError",
    "Finding",
    "Issue",
    "Overall",
    "Page",
    "ParseError",
    "Progress",
    "Question",
    "QuestionBase",
    "Questionnaire",
    "Result",
    "Route",
    "Section",
    "SectionView",
    "check_answers",
    "clear_cache",
    "evaluate",
    "load_bank",
    "load_questionnaire",
    "route",
    "shown_score",
]
