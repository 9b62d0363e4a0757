"""Section forms built from the definition: each question's field from its type's adapter.

The field, the stored answer it shows and the answer read back come from the adapter of
the question's engine class (``adapters``); a class without one fails loudly
(``NoAdapter``) rather than rendering nothing. The section form is a WTForms ``BaseForm``
so question ids are field names as they are, with no clash with form attributes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm

from assessment.blueprints.questionnaire.adapters import BuildContext, adapter_for
from assessment.blueprints.questionnaire.fields import AnswerField
from assessment.engine import QuestionBase

__all__ = ["BuildContext", "SectionForm", "build_field", "posted_resolutions", "posted_versions"]

VERSION_PREFIX = "v-"
RESOLVE_PREFIX = "resolve-"


def build_field(question: QuestionBase, ctx: BuildContext) -> UnboundField:
    """The unbound field for a question, from its type's adapter.

    Definitions never change while loaded, so a field recipe is built once per question,
    language and save mode and reused (an unbound field is only a recipe: binding it
    to a form makes a fresh field).
    """
    key = (id(question), ctx.language, ctx.enforce_required)
    cached = _BUILT.get(key)
    if cached is not None and cached[0] is question:
        return cached[1]
    unbound = adapter_for(question).field(question, ctx)
    _BUILT[key] = (question, unbound)
    return unbound


# (id(question), language, enforce_required) -> (question, unbound field); the question is
# kept so an id reused after a bank reload never returns another question's field.
_BUILT: dict[tuple[int, str, bool], tuple[QuestionBase, UnboundField]] = {}


class SectionForm:
    """The questions of one section page as a form; knows answers, errors and versions.

    ``required_only``: the questions whose answer is required in this save (a change of
    one question made from the review page); the others are checked but may stay empty.
    """

    def __init__(self, questions: Iterable[QuestionBase], ctx: BuildContext,
                 formdata: MultiDict[str, str] | None = None,
                 stored: Mapping[str, Any] | None = None,
                 required_only: Collection[str] | None = None) -> None:
        self.questions = list(questions)
        self.ctx = ctx
        relaxed = replace(ctx, enforce_required=False)
        self.form = BaseForm([
            (q.id, build_field(q, ctx if required_only is None or q.id in required_only
                               else relaxed))
            for q in self.questions])
        stored = stored or {}
        self.form.process(formdata, data={
            q.id: adapter_for(q).prefill(q, stored[q.id]) for q in self.questions if q.id in stored
        })

    def field(self, question_id: str) -> AnswerField:
        """The bound field of a question."""
        field: AnswerField = self.form[question_id]
        return field

    def validate(self) -> bool:
        """Check every field; True when all hold."""
        return bool(self.form.validate())

    def answer(self, question: QuestionBase) -> Any:
        """The engine's answer to ``question`` as posted (None when left empty)."""
        return adapter_for(question).parse(question, self.field(question.id))

    def answers(self) -> dict[str, Any]:
        """Answer values by question id (None for a question left empty: clears it)."""
        return {q.id: self.answer(q) for q in self.questions}

    def errors(self) -> dict[str, str]:
        """The first error message of each question that has one, in page order."""
        return {
            q.id: str(self.field(q.id).errors[0])
            for q in self.questions
            if self.field(q.id).errors
        }

    def add_error(self, question_id: str, message: str) -> None:
        """Attach an error found after form validation (e.g. by the service)."""
        errors = self.field(question_id).errors
        if isinstance(errors, tuple):
            errors = list(errors)
            self.field(question_id).errors = errors
        errors.append(message)


def posted_versions(formdata: Mapping[str, str], question_ids: Iterable[str]) -> dict[str, int]:
    """The answer versions each field was rendered with; a missing or forged one counts as 0."""
    versions: dict[str, int] = {}
    for question_id in question_ids:
        raw = formdata.get(VERSION_PREFIX + question_id, "")
        versions[question_id] = int(raw) if raw.isdigit() and len(raw) < 10 else 0
    return versions


def posted_resolutions(formdata: Mapping[str, str], question_ids: Iterable[str]) -> dict[str, str]:
    """For questions that were in conflict: "theirs" or "mine", as the respondent chose."""
    choices = {}
    for question_id in question_ids:
        value = formdata.get(RESOLVE_PREFIX + question_id)
        if value in {"theirs", "mine"}:
            choices[question_id] = value
    return choices
