"""Who else answers this assessment: so messages match the situation (alone or not)."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.models.invitation import Invitation
from assessment.models.types import utcnow


@dataclass(frozen=True)
class Parts:
    """How many of the invited parts still in play have been submitted."""

    done: int
    total: int


def in_play(invitation: Invitation) -> list[Invitation]:
    """The assessment's invitations that count: not withdrawn, and submitted or still valid."""
    now = utcnow()
    return [i for i in invitation.assessment.invitations
            if i.revoked_at is None and (i.submitted_at is not None or i.expires_at > now)]


def others(invitation: Invitation) -> list[Invitation]:
    """The colleagues' invitations still in play (this respondent's left out)."""
    return [i for i in in_play(invitation) if i.id != invitation.id]


def parts(invitation: Invitation) -> Parts:
    """Submitted parts out of all parts in play (this respondent's included)."""
    counted = in_play(invitation)
    if invitation not in counted:
        counted.append(invitation)
    return Parts(sum(i.submitted_at is not None for i in counted), len(counted))
