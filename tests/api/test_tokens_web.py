"""The dashboard's API tokens page (/dashboard/tokens), with CSRF on as in production."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models.api_token import ApiToken
from assessment.models.types import utcnow
from assessment.models.user import User
from assessment.services import api_tokens
from assessment.services.api_tokens import TokenRevoked, TokenUserDeactivated
from tests.dashboard.conftest import DASHBOARD_CONFIG, sign_in
from tests.factories import make_user

PAGE = "/dashboard/tokens"
NEW_TOKEN = re.compile(r'id="new-token" type="text" value="(cra_[^"]+)"')


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {**DASHBOARD_CONFIG, "WTF_CSRF_ENABLED": True}


def _csrf(client: FlaskClient) -> str:
    page = client.get(PAGE).get_data(as_text=True)
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert found is not None, page
    return found.group(1)


def _create(client: FlaskClient, **fields: str) -> Any:
    data = {"name": "CRM sync", "scope": "read", "expires": "90", **fields}
    return client.post(PAGE, data={**data, "csrf_token": _csrf(client)})


def _tokens(session: Session) -> list[ApiToken]:
    session.expire_all()
    return list(session.scalars(sa.select(ApiToken).order_by(ApiToken.id)))


def test_the_header_links_to_the_page_and_it_offers_the_form(
    client: FlaskClient, db_session: Session
) -> None:
    sign_in(client, make_user(db_session, role="sales"))
    home = client.get("/dashboard/").get_data(as_text=True)
    assert f'href="{PAGE}"' in home
    page = client.get(PAGE)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "You have no API tokens yet." in text and "Create the token" in text
    assert 'aria-current="page">API tokens</a>' in text
    assert page.headers["Cache-Control"] == "no-store"


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session)
    sign_in(client, user)
    response = _create(client, scope="write", expires="30")
    text = response.get_data(as_text=True)
    assert response.status_code == 201
    assert "no-store" in response.headers["Cache-Control"]
    found = NEW_TOKEN.search(text)
    assert found is not None, text
    raw = found.group(1)
    assert "It will not be shown again" in text and "Ctrl+C" in text
    [token] = _tokens(db_session)
    assert (token.user_id, token.name, token.scope) == (user.id, "CRM sync", "write")
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in " ".join(str(v) for v in db_session.execute(
        sa.text("SELECT * FROM api_token")).one())
    assert token.expires_at is not None
    assert abs(token.expires_at - token.created_at - timedelta(days=30)) < timedelta(seconds=1)
    assert api_tokens.authenticate(db_session, raw).user.id == user.id
    # the form is empty again, and the list shows the token by its prefix only
    assert 'value="CRM sync"' not in text
    later = client.get(PAGE).get_data(as_text=True)
    assert raw not in later and f"{token.prefix}…" in later and "CRM sync" in later
    assert "Read and write" in later and "Active" in later


def test_a_token_that_never_expires(client: FlaskClient, db_session: Session) -> None:
    sign_in(client, make_user(db_session))
    text = _create(client, expires="never").get_data(as_text=True)
    assert "It does not expire" in text
    [token] = _tokens(db_session)
    assert token.expires_at is None and token.scope == "read"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "Enter a name for the token"),
        ({"name": "x" * 81}, "at most 80 characters"),
        ({"scope": "admin"}, "Unknown scope admin; choose read or write."),
        ({"scope": ""}, "Choose what the token may do: read, or read and write."),
        ({"expires": "soon"}, "Choose when the token expires."),
        ({"expires": "400"}, "400 is not possible"),
        ({"expires": "0"}, "1 to 365 days"),
    ],
)
def test_bad_input_shows_the_form_again_with_the_problem(
    client: FlaskClient, db_session: Session, fields: dict[str, str], message: str
) -> None:
    sign_in(client, make_user(db_session))
    response = _create(client, **fields)
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in text and message in text
    assert 'class="error-message"' in text  # beside its field
    assert NEW_TOKEN.search(text) is None and _tokens(db_session) == []


def test_the_limit_of_active_tokens_is_explained(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session)
    for number in range(api_tokens.MAX_ACTIVE_TOKENS):
        api_tokens.create(db_session, user, f"Token {number}", "read", None)
    db_session.commit()
    sign_in(client, user)
    response = _create(client, name="One more")
    assert response.status_code == 422
    assert "at most 20 active API tokens" in response.get_data(as_text=True)
    assert len(_tokens(db_session)) == 20


def test_posts_without_the_csrf_token_are_refused(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session)
    token, _raw = api_tokens.create(db_session, user, "CRM", "read", None)
    db_session.commit()
    sign_in(client, user)
    created = client.post(PAGE, data={"name": "Sneaky", "scope": "write", "expires": "never"})
    revoked = client.post(f"{PAGE}/{token.id}/revoke")
    assert (created.status_code, revoked.status_code) == (400, 400)
    assert [(t.name, t.revoked_at) for t in _tokens(db_session)] == [("CRM", None)]


def test_revoking_a_token_refuses_it_from_then_on(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session)
    token, raw = api_tokens.create(db_session, user, "CRM", "read", None)
    db_session.commit()
    sign_in(client, user)
    page = client.get(PAGE).get_data(as_text=True)
    assert f'action="{PAGE}/{token.id}/revoke"' in page
    response = client.post(f"{PAGE}/{token.id}/revoke", data={"csrf_token": _csrf(client)})
    assert response.status_code == 303 and response.headers["Location"] == PAGE
    with pytest.raises(TokenRevoked):
        api_tokens.authenticate(db_session, raw)
    after = client.get(PAGE).get_data(as_text=True)
    assert "is revoked" in after and "Revoked" in after
    assert f'action="{PAGE}/{token.id}/revoke"' not in after


def test_only_the_owner_or_an_admin_revokes(client: FlaskClient, db_session: Session) -> None:
    owner = make_user(db_session)
    token, raw = api_tokens.create(db_session, owner, "Owner sync", "read", None)
    db_session.commit()
    for role in ("consultant", "sales"):
        sign_in(client, make_user(db_session, role=role))
        response = client.post(f"{PAGE}/{token.id}/revoke", data={"csrf_token": _csrf(client)})
        assert response.status_code == 404, role
        assert "Owner sync" not in client.get(PAGE).get_data(as_text=True)  # not theirs
    assert api_tokens.authenticate(db_session, raw).token_id == token.id
    sign_in(client, make_user(db_session, role="admin"))
    response = client.post(f"{PAGE}/{token.id}/revoke", data={"csrf_token": _csrf(client)})
    assert response.status_code == 303
    with pytest.raises(TokenRevoked):
        api_tokens.authenticate(db_session, raw)


def test_expired_tokens_and_last_use_are_shown(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session)
    old, _ = api_tokens.create(db_session, user, "Old", "read", 1,
                               now=utcnow() - timedelta(days=2))
    used, raw = api_tokens.create(db_session, user, "Used", "read", None)
    db_session.commit()
    api_tokens.authenticate(db_session, raw)
    db_session.commit()
    sign_in(client, user)
    page = client.get(PAGE).get_data(as_text=True)
    rows = {name: row for row in page.split("<tr")[2:]
            for name in ("Old", "Used") if f'<th scope="row">{name}</th>' in row}
    assert "Expired" in rows["Old"] and "/revoke" not in rows["Old"]
    assert "Active" in rows["Used"] and "/revoke" in rows["Used"]
    old_when = re.findall(r'<td class="dash-when">([^<]*)</td>', rows["Old"])
    used_when = re.findall(r'<td class="dash-when">([^<]*)</td>', rows["Used"])
    # created, expires, last used
    assert old_when[1] != "Never" and old_when[2] == "Never"
    assert used_when[1] == "Never" and used_when[2] not in ("", "Never")
    assert used.last_used_at is not None and old.last_used_at is None


def test_deactivating_the_account_stops_its_tokens_until_reactivated(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session)
    _token, raw = api_tokens.create(db_session, user, "CRM", "read", None)
    admin = make_user(db_session, role="admin")
    db_session.commit()
    sign_in(client, admin)
    url = f"/dashboard/users/{user.id}/active"
    assert client.post(url, data={"csrf_token": _csrf(client)}).status_code == 303
    with pytest.raises(TokenUserDeactivated):
        api_tokens.authenticate(db_session, raw)
    assert client.post(url, data={"csrf_token": _csrf(client), "active": "y"}).status_code == 303
    assert db_session.get(User, user.id).active  # type: ignore[union-attr]
    assert api_tokens.authenticate(db_session, raw).user.id == user.id


def test_the_page_and_its_errors_in_dutch(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session)
    api_tokens.create(db_session, user, "CRM", "write", None)
    db_session.commit()
    sign_in(client, user)
    client.post("/account/language",
                data={"language": "nl", "next": PAGE, "csrf_token": _csrf(client)})
    page = client.get(PAGE).get_data(as_text=True)
    assert '<html lang="nl"' in page
    for dutch in ("API-tokens", "Lezen en schrijven", "Token aanmaken", "Actief", "Intrekken"):
        assert dutch in page, dutch
    for english in ("Create the token", "Read and write", "Your tokens", "Last used"):
        assert english not in page, english
    refused = _create(client, name="", expires="never").get_data(as_text=True)
    assert "Geef het token een naam" in refused
    created = _create(client, name="Rapportage").get_data(as_text=True)
    assert "wordt niet nog eens getoond" in created


def test_an_admin_lists_and_revokes_other_accounts_tokens(
    client: FlaskClient, db_session: Session
) -> None:
    owner = make_user(db_session, "owner@example.com")
    token, raw = api_tokens.create(db_session, owner, "Leaky script", "write", None)
    admin = make_user(db_session, role="admin")
    db_session.commit()
    sign_in(client, owner)
    assert "Other accounts’ tokens" not in client.get(PAGE).get_data(as_text=True)
    sign_in(client, admin)
    page = client.get(PAGE).get_data(as_text=True)
    others = page[page.index('id="others"'):]
    assert "owner@example.com" in others and "Leaky script" in others
    assert f'action="{PAGE}/{token.id}/revoke"' in others
    response = client.post(f"{PAGE}/{token.id}/revoke", data={"csrf_token": _csrf(client)})
    assert response.status_code == 303
    with pytest.raises(TokenRevoked):
        api_tokens.authenticate(db_session, raw)
    after = client.get(PAGE).get_data(as_text=True)
    assert "No other account has a token that works." in after
