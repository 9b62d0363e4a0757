"""``/api/v1/assessments/<id>/invitations``: list, create (optionally e-mailed), revoke."""

from __future__ import annotations

from typing import Any

from flask import current_app

from assessment.blueprints.api import auth, documents, schemas
from assessment.blueprints.api.blueprint import bp
from assessment.blueprints.api.spec import api, responses
from assessment.config import invitation_ttl_days
from assessment.extensions import db
from assessment.jobs import mail_queue
from assessment.models.invitation import Invitation
from assessment.services import invitation_mail, invitations
from assessment.services.audit import actor_label
from assessment.services.errors import N_, NotFoundError

TAGS = ("Invitations",)


@bp.get("/assessments/<id:assessment_id>/invitations")
@api.validate(resp=responses({"HTTP_200": schemas.InvitationList}, 403, 404), tags=TAGS)
def invitations_list(assessment_id: int) -> Any:  # a model or Response
    """List an assessment's invitations

    Every invitation, oldest first: for which areas, whether opened, submitted or revoked.
    Links are never shown again after creation.
    """
    assessment = auth.viewable(assessment_id)
    session = db.session()
    return schemas.InvitationList([documents.invitation(session, found)
                                   for found in invitations.for_assessment(session, assessment)])


@bp.post("/assessments/<id:assessment_id>/invitations")
@api.validate(json=schemas.InvitationIn,
              resp=responses({"HTTP_201": schemas.CreatedInvitation}, 403, 404, 415, 422),
              tags=TAGS)
def invitation_create(assessment_id: int) -> Any:  # a model or Response
    """Invite a respondent

    A personal link for some areas (none: all) in a language. With ``email`` the link is
    e-mailed (in the invitation's language) and not returned; otherwise it is returned this
    once. Only while the assessment is being answered.
    """
    body: schemas.InvitationIn = auth.body()
    assessment = auth.changeable(assessment_id)
    session = db.session()
    address = invitation_mail.clean_address(body.email) if body.email else None
    invitation, token = invitations.create(
        session, assessment, areas=body.areas, language=body.language,
        respondent_name=body.respondent_name, respondent_role=body.respondent_role,
        ttl_days=body.ttl_days or invitation_ttl_days(current_app.config),
        actor=actor_label(auth.user()), lead=body.lead)
    link = None
    if address is not None:
        mail_queue.send_invitation(current_app, session, invitation, address)
    else:
        link = invitations.invitation_url(current_app.config["BASE_URL"], token)
    shown = documents.invitation(session, invitation)
    return schemas.CreatedInvitation(**shown.model_dump(), link=link), 201


@bp.post("/assessments/<id:assessment_id>/invitations/<id:invitation_id>/revoke")
@api.validate(resp=responses({"HTTP_200": schemas.Invitation}, 403, 404), tags=TAGS)
def invitation_revoke(assessment_id: int, invitation_id: int) -> Any:  # a model or Response
    """Revoke an invitation

    Its link stops working; what it answered is kept. Revoking twice changes nothing.
    """
    assessment = auth.changeable(assessment_id)
    session = db.session()
    invitation = session.get(Invitation, invitation_id)
    if invitation is None or invitation.assessment_id != assessment.id:
        raise NotFoundError(N_("Assessment %(a)s has no invitation %(i)s.", a=assessment.id,
                               i=invitation_id))
    if invitation.revoked_at is None:
        invitations.revoke(session, invitation, actor=actor_label(auth.user()))
    return documents.invitation(session, invitation)
