"""Invitations sent by e-mail: the address, and a link that can be sent again.

Only a token's SHA-256 is stored (services/invitations.py), so a link cannot be read back.
An e-mailed invitation's token is instead derived from a random seed kept beside the
address and the app's SECRET_KEY (HMAC-SHA256): the same link can be sent again while it is
valid, and a fresh seed makes a fresh link, which revokes the old one (its hash is replaced).
A stolen database without SECRET_KEY opens nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from sqlalchemy.orm import Session

from assessment.models.invitation import Invitation
from assessment.models.mail import InvitationAddress
from assessment.models.types import utcnow
from assessment.services import audit, invitations
from assessment.services.errors import N_, DomainError

MAX_EMAIL_LENGTH = 254
_ADDRESS = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]+")


class AddressError(DomainError, ValueError):
    """An e-mail address that cannot be used (``field`` 'email')."""


def clean_address(raw: str) -> str:
    """The address, normalised; AddressError when it is not a usable e-mail address."""
    text = (raw or "").strip()
    if len(text) > MAX_EMAIL_LENGTH:
        raise AddressError(N_("An e-mail address has at most %(max)d characters.",
                              max=MAX_EMAIL_LENGTH), field="email")
    if not _ADDRESS.fullmatch(text):
        raise AddressError(N_("Enter an e-mail address such as name@example.com."),
                           field="email")
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


def link_token(secret_key: str, seed: str) -> str:
    """The raw token of an e-mailed invitation (URL-safe, 256 bits)."""
    digest = hmac.new(secret_key.encode("utf-8"), f"invitation:{seed}".encode(),
                      hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def attach(session: Session, invitation: Invitation, email: str, secret_key: str) -> str:
    """Send this invitation to ``email``: a link derived from a fresh seed replaces any
    earlier one (which stops working). Returns the raw token. Flushes only."""
    address = session.get(InvitationAddress, invitation.id)
    if address is None:
        address = InvitationAddress(invitation_id=invitation.id, email=email, link_seed="")
        session.add(address)
    address.email = email
    address.link_seed = secrets.token_hex(32)
    address.sent_at = utcnow()
    token = link_token(secret_key, address.link_seed)
    invitation.token_hash = invitations.hash_token(token)
    session.flush()
    return token


def resend(session: Session, invitation: Invitation, secret_key: str, *,
           fresh: bool, actor: str) -> bool:
    """Send the invitation again: the same link while it is valid and unused, else (or when
    ``fresh``) a new one that replaces it, valid again for its original term. Returns whether
    the link is new. Raises AddressError when the invitation has no address. Flushes only."""
    address = session.get(InvitationAddress, invitation.id)
    if address is None:
        raise AddressError(N_("This invitation has no e-mail address."), field="email")
    if invitation.revoked_at is not None or invitation.submitted_at is not None:
        raise AddressError(N_("This link was revoked or has been used to submit: it is not "
                              "sent again."), field="email")
    reusable = (invitation.expires_at > utcnow() and invitation.first_used_at is None
                and not fresh and still_derived(invitation, address, secret_key))
    if not reusable:
        attach(session, invitation, address.email, secret_key)
        renew(session, invitation, actor=actor)
    else:
        address.sent_at = utcnow()
        audit.record(session, "invitation.sent", assessment=invitation.assessment, actor=actor,
                     details={"invitation_id": invitation.id, "new_link": False})
    session.flush()
    return not reusable


def renew(session: Session, invitation: Invitation, *, actor: str) -> None:
    """After a fresh link: an expired invitation is valid again for its original term (the
    audit log notes the new link). Flushes only."""
    if invitation.expires_at <= utcnow():
        invitation.expires_at = utcnow() + (invitation.expires_at - invitation.created_at)
    audit.record(session, "invitation.sent", assessment=invitation.assessment, actor=actor,
                 details={"invitation_id": invitation.id, "new_link": True,
                          "expires_at": invitation.expires_at.isoformat()})
    session.flush()


def new_link(session: Session, invitation: Invitation, *, actor: str) -> str:
    """A fresh random link for an invitation without an address (the old one stops
    working), shown once like a new invitation's. Returns the raw token. Flushes only."""
    token = invitations.new_token()
    invitation.token_hash = invitations.hash_token(token)
    renew(session, invitation, actor=actor)
    return token


def still_derived(invitation: Invitation, address: InvitationAddress, secret_key: str) -> bool:
    """Whether the invitation's link is still the one derived from its seed (not when
    SECRET_KEY changed since, or the link was replaced otherwise)."""
    token = link_token(secret_key, address.link_seed)
    return hmac.compare_digest(invitations.hash_token(token), invitation.token_hash)


def current_link(base_url: str, secret_key: str, invitation: Invitation,
                 address: InvitationAddress) -> str | None:
    """The absolute link of an e-mailed invitation; None when it cannot be derived again."""
    if not still_derived(invitation, address, secret_key):
        return None
    return invitations.invitation_url(base_url, link_token(secret_key, address.link_seed))
