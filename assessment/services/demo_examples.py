"""Example clients for the demo: scored assessments, so the dashboard is not empty.

A consultant who starts the demo should see what the product does before anyone has
answered: a list with bands, a portfolio heat map, an assessment in review, approved ones
with a PDF report, and an organisation with two assessments to compare. Each example is
answered from one of the bank's rule fixtures (complete, realistic answer sets that
``assessment test-rules`` checks), through the same services a respondent's browser uses:
invitation, save per section, submit, scoring, review. Nothing is written around them.

Idempotent: an example whose organisation already exists is left as it is. A bank without
these fixtures (another questionnaire configured through QUESTIONS_DIR) gets no examples.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from assessment.engine import Questionnaire
from assessment.engine.fixtures import FIXTURES_DIR, FixtureFile, load_fixture
from assessment.models.assessment import Assessment
from assessment.models.user import User
from assessment.services import (
    answers,
    assessments,
    bank,
    invitations,
    organisations,
    review,
    shares,
)

ACTOR = "demo"


@dataclass(frozen=True)
class Example:
    """One example client: who they are and which fixtures they answered, oldest first."""

    organisation: str
    respondent: str
    fixtures: tuple[str, ...]
    review: str  # what the consultant did with the newest: "", "in_review" or "approved"
    # (earlier assessments of the same client were approved: they are its history)


EXAMPLES: tuple[Example, ...] = (
    Example("Harbour & Pine Ltd", "Olivia Grant, COO", ("mature_enterprise",), "approved"),
    Example(
        "Fjällsport AB",
        "Lars Nilsson, e-handelschef",
        ("launch_rush_partner_led", "warehouse_peak_shortfall"),
        "approved",
    ),
    Example("Noordhaven Groothandel BV", "Pieter Smit, IT-manager", ("it_led_no_sponsor",), ""),
    Example("Maison Lumière", "Claire Dubois, fondatrice", ("small_d2c_one_team",), "in_review"),
    Example(
        "Brightline Supplies",
        "Tom Hughes, sales director",
        ("b2b_customer_service_left_out",),
        "",
    ),
)


def seed_examples(session: Session, consultant: User) -> list[Assessment]:
    """Create the example clients that do not exist yet; returns their new assessments."""
    questionnaire = bank.latest()
    created: list[Assessment] = []
    folder = questionnaire.path / FIXTURES_DIR
    for example in EXAMPLES:
        if organisations.find(session, example.organisation) is not None:
            continue
        if not all((folder / f"{name}.yaml").is_file() for name in example.fixtures):
            continue
        organisation = organisations.get_or_create(session, example.organisation, actor=ACTOR)
        for fixture in example.fixtures:
            data = load_fixture(folder / f"{fixture}.yaml")
            assessment = assessments.start(
                session,
                organisation,
                questionnaire=questionnaire,
                language=data.language or questionnaire.languages[0],
                actor=ACTOR,
            )
            shares.grant(session, assessment, consultant, owner=True, actor=ACTOR)
            session.flush()
            _answer_and_submit(session, questionnaire, assessment, example.respondent, data)
            created.append(assessment)
        mine = created[-len(example.fixtures) :]
        for earlier in mine[:-1]:
            _review(session, earlier, consultant, "approved")
        _review(session, mine[-1], consultant, example.review)
    return created


def _answer_and_submit(
    session: Session,
    questionnaire: Questionnaire,
    assessment: Assessment,
    respondent: str,
    data: FixtureFile,
) -> None:
    name, _, role = respondent.partition(",")
    invitation, _token = invitations.create(
        session,
        assessment,
        areas=None,
        respondent_name=name.strip(),
        respondent_role=role.strip() or None,
        actor=ACTOR,
    )
    session.flush()
    given = data.answers
    for section in questionnaire.sections:
        page = {q.id: given[q.id] for q in section.questions if q.id in given}
        if page:
            answers.save_section(session, invitation, section.id, page, {})
    outcome = answers.submit(session, invitation)
    if not outcome.complete:
        raise RuntimeError(f"demo example {assessment.id} did not complete: {outcome.status}")


def _review(session: Session, assessment: Assessment, consultant: User, step: str) -> None:
    if step in ("in_review", "approved"):
        review.start_review(session, assessment, consultant)
    if step == "approved":
        review.approve(session, assessment, consultant)
    session.flush()
