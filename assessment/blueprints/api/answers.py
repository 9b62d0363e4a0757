"""``/api/v1/assessments/<id>/answers``: read the stored answers; import a complete set."""

from __future__ import annotations

from typing import Any

from assessment.blueprints.api import auth, documents, problems, schemas
from assessment.blueprints.api.blueprint import bp
from assessment.blueprints.api.spec import api, responses
from assessment.extensions import db
from assessment.services import answer_import
from assessment.services.audit import actor_label
from assessment.web.messages import say

TAGS = ("Answers",)


@bp.get("/assessments/<id:assessment_id>/answers")
@api.validate(resp=responses({"HTTP_200": schemas.Answers}, 403, 404), tags=TAGS)
def answers_read(assessment_id: int) -> Any:  # a model or Response
    """Read the stored answers

    Every answered question: its value (as the questionnaire defines it), who answered it
    and when, and its version.
    """
    assessment = auth.viewable(assessment_id)
    return documents.answers(db.session(), assessment)


@bp.put("/assessments/<id:assessment_id>/answers")
@api.validate(json=schemas.AnswersIn,
              resp=responses({"HTTP_200": schemas.Assessment}, 403, 404, 409, 415, 422),
              tags=TAGS)
def answers_import(assessment_id: int) -> Any:  # a model or Response
    """Import a complete set of answers

    Checked by the engine as ``assessment score`` checks an answers file, and complete
    (every required question answered): each problem is named in ``errors`` and nothing is
    stored. A valid set replaces the stored answers, submits the assessment and scores it;
    the answer is the assessment with its result. Only while it is being answered (409).
    """
    body: schemas.AnswersIn = auth.body()
    assessment = auth.changeable(assessment_id)
    session = db.session()
    try:
        answer_import.import_answers(session, assessment, body.answers,
                                     actor=actor_label(auth.user()))
    except answer_import.AnswersInvalid as invalid:
        return problems.problem(422, say(invalid), errors=[
            {"field": question_id, "message": message}
            for question_id, message in invalid.problems])
    return documents.assessment(session, assessment)
