"""Answers still under discussion: each open disagreement between respondents, in words.

The report uses the stored answer; until the consultant settles a disagreement, the report
says so in a short section (the question, both answers and who gave them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assessment.engine import Questionnaire
from reports.answers import format_answer
from reports.model import DisagreementView, OpenDisagreement


def disagreement_views(q: Questionnaire, items: Sequence[OpenDisagreement], lang: str,
                       gettext: Callable[[str], str]) -> tuple[DisagreementView, ...]:
    """The open disagreements on questions of this questionnaire, in definition order."""
    order = {qid: index for index, qid in enumerate(q.questions)}
    known = sorted((d for d in items if d.question_id in q.questions),
                   key=lambda d: order[d.question_id])
    return tuple(
        DisagreementView(
            question=q.text(q.questions[d.question_id].text, lang),
            used=format_answer(q, q.questions[d.question_id], d.standing_value, lang, gettext),
            used_by=d.standing_by,
            other=format_answer(q, q.questions[d.question_id], d.other_value, lang, gettext),
            other_by=d.other_by,
        )
        for d in known
    )
