"""``scripts/run`` (``assessment demo``) run again keeps the links respondents started with.

Only a link nobody has opened is replaced: it is revoked and a fresh one printed. A link a
respondent opened (or submitted through) keeps working, the respondent's session with it,
and is listed without a URL (only its hash is stored).
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import Invitation
from assessment.services import invitations
from tests.conftest import AssessmentCliRunner

LINK = re.compile(r"^Invitation for (.+) \([^()]*\):\n  (\S.*)$", re.M)


def demo(runner: AssessmentCliRunner) -> dict[str, str]:
    """Run the demo; respondent -> the line printed under it (a URL or the kept note)."""
    result = runner.invoke(args=["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    return dict(LINK.findall(result.output))


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


def test_a_second_run_keeps_an_opened_link_and_replaces_the_unopened_ones(
    runner: AssessmentCliRunner, client: FlaskClient, db_session: Session
) -> None:
    first = demo(runner)
    director = "Sanne de Vries (Managing director)"
    opened = first[director]
    assert client.get(f"/i/{token_of(opened)}", follow_redirects=True).status_code == 200

    second = demo(runner)
    assert "keeps working" in second[director] and "http" not in second[director]
    assert invitations.resolve(db_session, token_of(opened)).revoked_at is None
    assert client.get(f"/i/{token_of(opened)}", follow_redirects=True).status_code == 200
    for respondent, url in first.items():
        if respondent == director:
            continue
        assert second[respondent].startswith("http") and second[respondent] != url
        assert invitations.resolve(db_session, token_of(second[respondent])).revoked_at is None
        revoked = db_session.scalar(sa.select(Invitation).where(
            Invitation.token_hash == invitations.hash_token(token_of(url))))
        assert revoked is not None and revoked.revoked_at is not None

    third = demo(runner)  # a third run: still one link per respondent, the opened one kept
    assert "keeps working" in third[director]
    kept = invitations.resolve(db_session, token_of(opened))
    working = db_session.scalars(sa.select(Invitation).where(
        Invitation.assessment_id == kept.assessment_id, Invitation.revoked_at.is_(None))).all()
    assert sorted(i.respondent_label for i in working) == sorted(first)
