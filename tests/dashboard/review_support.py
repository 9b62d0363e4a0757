"""Shared set-up for the review tests (dashboard part B): the ``reviewtest`` questionnaire and
assessments answered and submitted through the real services, one respondent per area."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from assessment.models import Assessment, Invitation, Organisation, User
from assessment.models.share import AssessmentShare
from assessment.services import answers
from tests.factories import make_assessment, make_invitation, make_org

REVIEW_BANK = Path(__file__).resolve().parent / "data" / "questions"
REVIEW_FOLDER = REVIEW_BANK / "reviewtest"
REVIEW_CONFIG: dict[str, Any] = {
    "QUESTIONS_DIR": REVIEW_BANK,
    "QUESTIONNAIRE_ID": "reviewtest",
    "WTF_CSRF_ENABLED": False,
}

# Answers per section; with these LEAD-1, OPS-1 and SERV-1 fire, OPS-2 does not.
PROFILE = {"org_size": "large"}
LEADERSHIP = {"sponsor": "no", "budget": "draft"}
OPERATIONS = {"stock_accuracy": 80, "erp_connected": "yes"}
SERVICE = {"channels": ["email"], "response_hours": 30}
SECTIONS = {"leadership": LEADERSHIP, "operations": OPERATIONS, "service": SERVICE}


@dataclass
class Answered:
    """A submitted, scored assessment and the invitation of each area's respondent."""

    assessment: Assessment
    by_area: dict[str, Invitation]
    tokens: dict[str, str]


def submitted_assessment(
    session: Session,
    *,
    owner: User | None = None,
    organisation: Organisation | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> Answered:
    """An assessment whose three respondents answered and submitted (status submitted)."""
    assessment = make_assessment(session, organisation or make_org(session))
    if owner is not None:
        session.add(AssessmentShare(assessment_id=assessment.id, user_id=owner.id, kind="owner"))
        session.commit()
    by_area: dict[str, Invitation] = {}
    tokens: dict[str, str] = {}
    for area, values in SECTIONS.items():
        invitation, token = make_invitation(
            session, assessment, areas=[area], respondent_name=f"{area.title()} lead"
        )
        by_area[area], tokens[area] = invitation, token
        if area == "leadership":
            answers.save_section(session, invitation, "profile", PROFILE, {})
        chosen = {**values, **(overrides or {}).get(area, {})}
        answers.save_section(session, invitation, area, chosen, {})
    for invitation in by_area.values():
        answers.submit(session, invitation)
    session.commit()  # the test is the unit of work: services only flush
    session.refresh(assessment)
    return Answered(assessment, by_area, tokens)


def newer_bank(
    tmp_path: Path, *, rules_version: str = "1.1.0", version: str = "1.1.0", keep_old: bool = True
) -> Path:
    """A bank with reviewtest 1.0.0 (unless ``keep_old`` is false) and a newer version whose
    rules differ: OPS-1 fires below 95 % (not 90 %) and is high; SERV-1 is gone."""
    root = tmp_path / "bank"
    if keep_old:
        shutil.copytree(REVIEW_FOLDER, root / "reviewtest-1.0.0")
    newer = root / f"reviewtest-{version}"
    shutil.copytree(REVIEW_FOLDER, newer)
    definition = yaml.safe_load((newer / "questionnaire.yaml").read_text())
    definition.update(version=version, rules_version=rules_version)
    (newer / "questionnaire.yaml").write_text(yaml.safe_dump(definition, allow_unicode=True))
    rules = yaml.safe_load((newer / "rules.yaml").read_text())
    kept = []
    for rule in rules["rules"]:
        if rule["id"] == "OPS-1":
            rule.update(when="stock_accuracy < 95", severity="high")
        if rule["id"] != "SERV-1":
            kept.append(rule)
    (newer / "rules.yaml").write_text(yaml.safe_dump({"rules": kept}, allow_unicode=True))
    return root


def copied_bank_config(tmp_path: Path) -> dict[str, Any]:
    """REVIEW_CONFIG on a copy of the review bank in ``tmp_path`` (re-scoring tests add
    newer versions beside it)."""
    root = tmp_path / "bank"
    shutil.copytree(REVIEW_FOLDER, root / "reviewtest-1.0.0")
    return {**REVIEW_CONFIG, "QUESTIONS_DIR": root}
