"""The sharing page of one assessment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from sqlalchemy.orm import Session

from assessment.blueprints.dashboard.contexts.labels import status_label, when
from assessment.models.assessment import Assessment
from assessment.models.share import ShareKind
from assessment.services import access, shares


@dataclass(frozen=True)
class MemberView:
    """A consultant with access."""

    email: str
    owner: bool
    active: bool
    user_id: int
    since: str
    remove_url: str | None


def sharing_context(
    session: Session, user: access.Principal, assessment: Assessment
) -> dict[str, Any]:
    """Members, whether the user may change them, and the assessment's headline."""
    may_share = access.may(session, user, access.Action.SHARE, assessment)
    members = [
        MemberView(
            email=m.email,
            owner=m.kind == ShareKind.OWNER,
            active=m.active,
            user_id=m.user_id,
            since=when(m.created_at),
            remove_url=url_for(
                "dashboard.share_remove", assessment_id=assessment.id, user_id=m.user_id
            )
            if may_share and m.kind != ShareKind.OWNER
            else None,
        )
        for m in shares.members(session, assessment.id)
    ]
    return {
        "assessment_id": assessment.id,
        "organisation": assessment.organisation.name,
        "status_label": status_label(assessment.status),
        "members": members,
        "may_share": may_share,
        "has_owner": any(m.owner for m in members),
        "add_url": url_for("dashboard.share_add", assessment_id=assessment.id),
        "back_url": url_for("dashboard.index"),
    }
