"""API tokens: every signed-in user lists, creates and revokes their own; an admin also
sees every other account's working tokens and revokes any of them.

A new token is shown once, on the page that answers its creation (201, never cached: the
dashboard sends ``no-store``); afterwards only its prefix is. The rules and limits are the
service's (``services/api_tokens.py``); its refusals are shown beside the field they concern.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.contexts.labels import when
from assessment.extensions import db
from assessment.models.api_token import ApiToken
from assessment.models.types import utcnow
from assessment.models.user import User
from assessment.services import access, api_tokens
from assessment.services.errors import DomainError
from assessment.web.messages import say

NEVER = "never"
SCOPE_LABELS = {"read": _l("Read"), "write": _l("Read and write")}
STATE_LABELS = {"active": _l("Active"), "revoked": _l("Revoked"), "expired": _l("Expired")}


class CreateTokenForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """A new token: what it is for, what it may do, how long it works (checked by the service)."""

    name = StringField(_l("Name"), render_kw={
        "maxlength": api_tokens.MAX_NAME_LENGTH, "autocomplete": "off", "spellcheck": "false"})
    scope = RadioField(
        _l("What may it do?"),
        choices=[
            SelectChoice("read", _l("Read: fetch assessments, results and reports")),
            SelectChoice("write", _l("Read and write: also create and change what your account "
                                     "may change")),
        ],
        default="read",
        validate_choice=False,
    )
    expires = SelectField(
        _l("Expires"),
        choices=[
            SelectChoice("30", _l("After 30 days")),
            SelectChoice("90", _l("After 90 days")),
            SelectChoice("365", _l("After a year")),
            SelectChoice(NEVER, _l("Never")),
        ],
        default="90",
        validate_choice=False,
    )


class RevokeTokenForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Revoke one token: only the CSRF token."""


@dataclass(frozen=True)
class TokenRow:
    """A token as the table shows it."""

    id: int
    name: str
    scope: str
    prefix: str
    created: str
    expires: str
    last_used: str
    state: str
    state_label: str
    revoke_url: str | None  # None once it no longer works
    owner: str = ""  # the account's e-mail, in the admin's list of other accounts' tokens


@bp.get("/tokens")
def tokens_page() -> ResponseReturnValue:
    """The signed-in user's API tokens and the form to create one."""
    return _page(CreateTokenForm())


@bp.post("/tokens")
def token_create() -> ResponseReturnValue:
    """Create a token and show it, this once (201); the form again with what is wrong (422)."""
    form = CreateTokenForm()
    if not form.validate_on_submit():
        return _page(form, status=422)
    chosen, days = _days(form)
    if not chosen:
        return _page(form, status=422)
    try:
        token, raw = api_tokens.create(db.session(), _account(), form.name.data or "",
                                       form.scope.data or "", days)
    except DomainError as error:
        return _page(form, status=422, general_error=_show(form, error))
    return _page(CreateTokenForm(formdata=None), created=(token, raw), status=201)


@bp.post("/tokens/<id:token_id>/revoke")
def token_revoke(token_id: int) -> ResponseReturnValue:
    """Revoke one of the user's tokens (an admin: anyone's); 404 for any other token."""
    if not RevokeTokenForm().validate_on_submit():
        abort(400)
    token = api_tokens.revoke(db.session(), current_user, token_id)
    flash(_("The token %(prefix)s (%(name)s) is revoked: requests with it are refused from "
            "now on.", prefix=token.prefix, name=token.name), "success")
    return redirect(url_for("dashboard.tokens_page"), 303)


def _page(form: CreateTokenForm, *, created: tuple[ApiToken, str] | None = None,
          status: int = 200, general_error: str | None = None) -> ResponseReturnValue:
    context: dict[str, Any] = {
        "form": form,
        "rows": _rows((t, "") for t in api_tokens.list_for(db.session(), current_user)),
        "others": (_rows(api_tokens.active_of_others(db.session(), current_user))
                   if access.is_admin(current_user) else None),
        "action_url": url_for("dashboard.token_create"),
        "max_tokens": api_tokens.MAX_ACTIVE_TOKENS,
        "general_error": general_error,
    }
    if created is not None:
        token, raw = created
        context.update(created_name=token.name, created_token=raw,
                       created_expires=when(token.expires_at) if token.expires_at else None)
    return render_template("dashboard/tokens.html", **context), status


def _rows(tokens: Iterable[tuple[ApiToken, str]]) -> list[TokenRow]:
    now = utcnow()
    rows = []
    for token, owner in tokens:
        state = api_tokens.state(token, now)
        rows.append(TokenRow(
            id=token.id, name=token.name, scope=str(SCOPE_LABELS.get(token.scope, token.scope)),
            prefix=token.prefix, created=when(token.created_at),
            expires=when(token.expires_at) if token.expires_at else _("Never"),
            last_used=when(token.last_used_at) if token.last_used_at else _("Never"),
            state=state, state_label=str(STATE_LABELS[state]),
            revoke_url=(url_for("dashboard.token_revoke", token_id=token.id)
                        if state == "active" else None),
            owner=owner,
        ))
    return rows


def _days(form: CreateTokenForm) -> tuple[bool, int | None]:
    """Whether an expiry was chosen, and it in days (None: never); notes an error if not."""
    value = (form.expires.data or "").strip()
    if value == NEVER:
        return True, None
    if value.isdigit() and len(value) <= 4:
        return True, int(value)
    form.expires.errors = [*form.expires.errors, _("Choose when the token expires.")]
    return False, None


def _show(form: CreateTokenForm, error: DomainError) -> str | None:
    """Put the service's refusal beside its field; the message itself when it has none."""
    field = getattr(form, error.field or "", None) if error.field in ("name", "scope",
                                                                      "expires") else None
    if field is None:
        return say(error)
    field.errors = [*field.errors, say(error)]
    return None


def _account() -> User:
    user = db.session.get(User, current_user.id)
    if user is None:  # removed while signed in: the login check refuses the next request
        abort(404)
    return user
