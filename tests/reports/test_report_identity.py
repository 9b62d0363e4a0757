"""The report id: a short hash of everything that determines the content."""

from __future__ import annotations

from typing import Any

from report_support import make_input

from assessment.engine import Questionnaire
from reports import Review, build_report
from reports.identity import identity, report_digest, template_hash


def test_the_same_input_gives_the_same_id(mini: Questionnaire,
                                          complete_answers: dict[str, Any]) -> None:
    first = build_report(make_input(mini, complete_answers))
    second = build_report(make_input(mini, dict(complete_answers)))
    assert first.id == second.id
    assert len(first.id) == 12 and int(first.id, 16) >= 0


def test_every_input_that_shows_in_the_report_changes_the_id(
    mini: Questionnaire, complete_answers: dict[str, Any]
) -> None:
    base = report_digest(make_input(mini, complete_answers))
    variants = [
        make_input(mini, {**complete_answers, "eb_sponsor": "board_member"}),
        make_input(mini, complete_answers, language="nl"),
        make_input(mini, complete_answers, organisation="Other BV"),
        make_input(mini, complete_answers, review=Review(dismissed=frozenset({"WH-PACKING"}))
                   .to_dict()),
        make_input(mini, complete_answers, respondents=[{"name": "Someone else"}]),
    ]
    digests = {report_digest(v) for v in variants}
    assert base not in digests and len(digests) == len(variants)


def test_identity_names_versions_template_and_language(
    mini: Questionnaire, complete_answers: dict[str, Any]
) -> None:
    data = identity(make_input(mini, complete_answers, language="fr"))
    assert data["questionnaire"] == {"id": "report-mini", "version": "2.1.0",
                                     "rules_version": "2.0.3", "fingerprint": mini.fingerprint}
    assert data["template"] == template_hash()
    assert data["language"] == "fr"
    assert ["EB-NO-SPONSOR", "high"] in data["findings"]
