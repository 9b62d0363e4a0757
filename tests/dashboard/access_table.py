"""The expected answer of every dashboard route for every kind of user.

test_access_matrix.py walks **every** rule under /dashboard in the app's url_map and fails
if a (endpoint, method) pair is missing here, so a new route cannot ship without saying
who may use it. A part that adds routes adds rows here (and URL_VALUES for new URL
arguments). Status codes: 200 page, 303 done (redirect after POST), 403 may list but not
act, 404 may not even know it exists; anonymous visitors always get 302 to /login.

``shows_org`` (GET rows answering 200): whether the page or file names the owned
assessment's organisation, i.e. whether its data leaks to that user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("owner", "collaborator", "other", "sales", "admin")


@dataclass(frozen=True)
class Expect:
    """Expected status per role (anonymous: always the login redirect)."""

    owner: int
    collaborator: int
    other: int
    sales: int
    admin: int
    data: Callable[[Any], dict[str, Any]] = field(default=lambda cast: {})
    shows_org: frozenset[str] = frozenset()

    def status(self, role: str) -> int:
        """The expected status code for a role."""
        return int(getattr(self, role))


def everyone(code: int, **kwargs: Any) -> Expect:
    """Every signed-in role gets the same answer."""
    return Expect(code, code, code, code, code, **kwargs)


def admin_only(code: int, **kwargs: Any) -> Expect:
    """Admins get ``code``; every other role 403."""
    return Expect(403, 403, 403, 403, code, **kwargs)


MEMBERS = frozenset({"owner", "collaborator", "admin"})
LISTERS = frozenset({"owner", "collaborator", "sales", "admin"})

# Values for URL arguments, from the Cast of tests/dashboard/conftest.py.
URL_VALUES: dict[str, Callable[[Any], Any]] = {
    "assessment_id": lambda cast: cast.assessment.id,
    # Users the route acts on: the collaborator for sharing, "other" for user admin.
    "user_id": lambda cast: cast.collaborator.id,
    # The comment (free-text) question of the executive buy-in area.
    "question_id": lambda cast: "eb_notes",
}


def _invitation_id(cast: Any) -> int:
    """An invitation of the owned assessment, made on demand (part B's revoke route)."""
    from sqlalchemy.orm import object_session

    from tests.factories import make_invitation

    session = object_session(cast.assessment)
    assert session is not None
    invitation, _token = make_invitation(session, cast.assessment, areas=["warehouse"])
    return invitation.id


# Part B: the invitation to revoke, a finding, an override id (none exists: refused with a
# message, 303), and the owned assessment's organisation.
URL_VALUES.update({
    "invitation_id": _invitation_id,
    "rule_id": lambda cast: "BO-1",
    "override_id": lambda cast: 1,
    "organisation_id": lambda cast: cast.assessment.organisation_id,
    "action": lambda cast: "start",  # the matrix walks every option; test_csrf takes one
})

URL_VALUES_BY_ENDPOINT: dict[str, dict[str, Callable[[Any], Any]]] = {
    "dashboard.user_role": {"user_id": lambda cast: cast.other.id},
    "dashboard.user_active": {"user_id": lambda cast: cast.other.id},
    "dashboard.user_display_name": {"user_id": lambda cast: cast.other.id},
    # The reset page lives outside /dashboard (the user is not signed in); any token will do.
    "auth.password_reset_page": {"token": lambda cast: "not-a-real-token-" + "x" * 26},
}

TABLE: dict[tuple[str, str], Expect] = {
    ("dashboard.index", "GET"): everyone(200, shows_org=LISTERS),
    ("dashboard.export_list", "GET"): everyone(200, shows_org=LISTERS),
    ("dashboard.export_assessment", "GET"): Expect(200, 200, 404, 403, 200, shows_org=MEMBERS),
    ("dashboard.export_findings", "GET"): Expect(200, 200, 404, 403, 200),
    ("dashboard.sharing", "GET"): Expect(200, 200, 404, 403, 200, shows_org=MEMBERS),
    ("dashboard.share_add", "POST"): Expect(
        303, 403, 404, 403, 303, data=lambda cast: {"user_id": cast.other.id}
    ),
    ("dashboard.share_remove", "POST"): Expect(303, 403, 404, 403, 303),
    ("dashboard.users_list", "GET"): admin_only(200),
    ("dashboard.security_log_page", "GET"): admin_only(200),
    ("dashboard.user_new", "GET"): admin_only(200),
    ("dashboard.user_new", "POST"): admin_only(
        303,
        data=lambda cast: {
            "email": "new.person@example.com",
            "role": "consultant",
            "password": "a long enough passphrase",
            "confirm": "a long enough passphrase",
        },
    ),
    ("dashboard.user_role", "POST"): admin_only(303, data=lambda cast: {"role": "sales"}),
    ("dashboard.user_active", "POST"): admin_only(303),
    ("dashboard.user_display_name", "POST"): admin_only(
        303, data=lambda cast: {"display_name": "Kim Consultant"}),
    ("dashboard.user_password_reset", "POST"): admin_only(200),
    # --- part B: detail, invitations, review, overrides, notes, portfolio, milestones,
    # re-scoring. The owned assessment is "invited" and unscored: review steps, overrides
    # and re-scoring are refused with a message (303 back, or the form again with 422),
    # and its finding pages do not exist yet (404).
    ("dashboard.assessment_detail", "GET"): Expect(200, 200, 404, 403, 200, shows_org=MEMBERS),
    ("dashboard.assessment_new", "GET"): Expect(200, 200, 200, 403, 200),
    ("dashboard.assessment_new", "POST"): Expect(
        303, 303, 303, 403, 303, data=lambda cast: {"organisation": "New Client BV",
                                                    "language": "en", "show_summary": "y"}
    ),
    ("dashboard.invitations_list", "GET"): Expect(200, 200, 404, 403, 200, shows_org=MEMBERS),
    ("dashboard.invitation_create", "POST"): Expect(
        201, 201, 404, 403, 201,
        data=lambda cast: {"respondent_name": "Eva", "language": "en", "ttl_days": "30"},
    ),
    ("dashboard.invitation_revoke", "POST"): Expect(303, 303, 404, 403, 303),
    ("dashboard.review_transition", "POST"): Expect(303, 303, 404, 403, 303),
    ("dashboard.review_changes", "GET"): Expect(200, 200, 404, 403, 200, shows_org=MEMBERS),
    ("dashboard.review_changes", "POST"): Expect(
        422, 422, 404, 403, 422, data=lambda cast: {"comment-erp_involved": "Sure?"}
    ),
    ("dashboard.review_reopen", "GET"): Expect(200, 200, 404, 403, 200, shows_org=MEMBERS),
    ("dashboard.review_reopen", "POST"): Expect(
        422, 422, 404, 403, 422, data=lambda cast: {"reason": "New figures."}
    ),
    ("dashboard.finding_override", "GET"): Expect(404, 404, 404, 403, 404),
    ("dashboard.finding_override", "POST"): Expect(404, 404, 404, 403, 404),
    ("dashboard.finding_add", "GET"): Expect(200, 200, 404, 403, 200, shows_org=MEMBERS),
    ("dashboard.finding_add", "POST"): Expect(
        422, 422, 404, 403, 422,
        data=lambda cast: {"title": "T", "area": "warehouse", "severity": "low",
                           "explanation": "E", "recommendation": "R",
                           "owner": "logistics_manager", "effort": "S", "justification": "J"},
    ),
    ("dashboard.override_withdraw", "POST"): Expect(303, 303, 404, 403, 303),
    ("dashboard.note_add", "POST"): Expect(
        303, 303, 404, 403, 303, data=lambda cast: {"body": "Call them on Monday."}
    ),
    ("dashboard.comment_visibility", "POST"): Expect(
        303, 303, 404, 403, 303, data=lambda cast: {"hide": "1"}
    ),
    ("dashboard.portfolio_page", "GET"): Expect(200, 200, 200, 403, 200),
    ("dashboard.milestones_page", "GET"): Expect(200, 200, 404, 403, 200, shows_org=MEMBERS),
    ("dashboard.follow_up", "POST"): Expect(303, 303, 404, 403, 303),
    ("dashboard.rescore_overview", "GET"): Expect(200, 200, 200, 403, 200),
    ("dashboard.rescore_preview", "GET"): Expect(200, 200, 404, 403, 200, shows_org=MEMBERS),
    ("dashboard.rescore_apply", "POST"): Expect(
        303, 303, 404, 403, 303, data=lambda cast: {"token": "not-the-preview"}
    ),
}

# Issue 14: the account's second factor (auth blueprint, under /dashboard/account). With no
# enrolment under way the enrolment page sends back to the account page (303); removing
# one's own without the password is the form again (422); an admin removes anyone's (the
# collaborator has none: a message, 303).
TABLE.update({
    ("auth.second_factor_account", "GET"): everyone(200),
    ("auth.second_factor_begin", "POST"): everyone(303),
    ("auth.second_factor_setup", "GET"): everyone(303),
    ("auth.second_factor_setup", "POST"): everyone(303),
    ("auth.second_factor_remove", "POST"): everyone(422),
    ("auth.second_factor_reset", "POST"): admin_only(303),
})


def _disagreement_id(cast: Any) -> int:
    """An open disagreement on the owned assessment, made on demand (issue 10's resolve)."""
    from sqlalchemy.orm import object_session

    from assessment.models.disagreement import Disagreement

    session = object_session(cast.assessment)
    assert session is not None
    found = Disagreement(assessment_id=cast.assessment.id, question_id="erp_involved",
                         standing_value="yes", other_value="no", reason="We have no ERP.")
    session.add(found)
    session.commit()
    return found.id


# Issue 10: resolving a disagreement between respondents, like the other detail actions.
URL_VALUES["disagreement_id"] = _disagreement_id
TABLE[("dashboard.disagreement_resolve", "POST")] = Expect(
    303, 303, 404, 403, 303, data=lambda cast: {"choice": "keep"})

# Issue 13: the attention queue (not for sales) and each assessment's assignee and due date.
TABLE[("dashboard.attention_queue", "GET")] = Expect(200, 200, 200, 403, 200)
TABLE[("dashboard.assignment", "GET")] = Expect(200, 200, 404, 403, 200, shows_org=MEMBERS)
TABLE[("dashboard.assignment", "POST")] = Expect(
    303, 303, 404, 403, 303, data=lambda cast: {"assignee": "", "due_date": ""})

# Issue 13: the sales view of approved reports (everyone; each sees what they may download)
# and the summary for a proposal (the owned assessment is unscored: 409 for its members).
TABLE[("dashboard.sales_reports", "GET")] = everyone(200)
TABLE[("dashboard.assessment_summary", "GET")] = Expect(409, 409, 404, 403, 409)


# Issue 13: a note's edit and history (its author's; an admin deletes any). The note is the
# owner's, made on demand.
def _note_id(cast: Any) -> int:
    from sqlalchemy.orm import object_session

    from assessment.services import notes

    session = object_session(cast.assessment)
    assert session is not None
    note = notes.add(session, cast.assessment, cast.owner, "Call the CFO.")
    session.commit()
    return note.id


URL_VALUES["note_id"] = _note_id
TABLE.update({
    ("dashboard.note_edit", "GET"): Expect(200, 403, 404, 403, 403, shows_org=frozenset({"owner"})),
    ("dashboard.note_edit", "POST"): Expect(
        303, 403, 404, 403, 403, data=lambda cast: {"body": "Call the CFO on Monday."}),
    ("dashboard.note_delete", "POST"): Expect(303, 403, 404, 403, 303),
    ("dashboard.note_history", "GET"): Expect(200, 200, 404, 403, 200, shows_org=MEMBERS),
})

# Issue 13: e-mail. Send an invitation again (no address on the on-demand one: refused with a
# message, 303) or replace its link (no address: the new link is shown once, 201).
TABLE[("dashboard.invitation_resend", "POST")] = Expect(303, 303, 404, 403, 303)
TABLE[("dashboard.invitation_new_link", "POST")] = Expect(201, 201, 404, 403, 201)


# Issue 15: personal API tokens. Every signed-in role lists, creates and revokes its own; the
# token to revoke is the owner's, made on demand: an admin revokes anyone's, for the others
# it does not exist (404).
def _token_id(cast: Any) -> int:
    from sqlalchemy.orm import object_session

    from assessment.services import api_tokens

    session = object_session(cast.assessment)
    assert session is not None
    token, _raw = api_tokens.create(session, cast.owner, "CRM", "read", None)
    session.commit()
    return token.id


URL_VALUES["token_id"] = _token_id
TABLE.update({
    ("dashboard.tokens_page", "GET"): everyone(200),
    ("dashboard.token_create", "POST"): everyone(
        201, data=lambda cast: {"name": "CRM sync", "scope": "read", "expires": "90"}),
    ("dashboard.token_revoke", "POST"): Expect(303, 404, 404, 404, 303),
})


# Issue 15: webhooks (consultants and admins; sales 403). The owner's webhook, made on
# demand; another consultant's answers 404, an admin manages it but only its owner replaces
# its secret. No host is allowed here, so registering is the form again (422).
def _webhook_id(cast: Any) -> int:
    from sqlalchemy.orm import object_session

    from assessment.models.webhook import Webhook

    session = object_session(cast.assessment)
    assert session is not None
    hook = Webhook(user_id=cast.owner.id, url="https://crm.example.com/hooks",
                   events="assessment.approved", secret_seed="0" * 64)
    session.add(hook)
    session.commit()
    return hook.id


URL_VALUES["webhook_id"] = _webhook_id
TABLE.update({
    ("dashboard.webhooks_list", "GET"): Expect(200, 200, 200, 403, 200),
    ("dashboard.webhook_register", "POST"): Expect(
        422, 422, 422, 403, 422,
        data=lambda cast: {"url": "https://crm.example.com/hooks",
                           "events": ["assessment.approved"]}),
    ("dashboard.webhook_detail", "GET"): Expect(200, 404, 404, 403, 200),
    ("dashboard.webhook_ping", "POST"): Expect(303, 404, 404, 403, 303),
    ("dashboard.webhook_active", "POST"): Expect(303, 404, 404, 403, 303),
    ("dashboard.webhook_secret", "POST"): Expect(201, 404, 404, 403, 403),
    ("dashboard.webhook_delete", "POST"): Expect(303, 404, 404, 403, 303),
})

# Issue 15: the API reference, built from the OpenAPI document (every signed-in role; it
# names no organisation).
TABLE[("dashboard.api_reference", "GET")] = everyone(200)
