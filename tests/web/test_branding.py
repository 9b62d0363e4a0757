"""Branding: the consultancy's name, SVG logo, contact and call to action are checked at start
(a bad logo stops the app with an error naming the file) and shown on the report's cover and
closing page and in the client pages' footer; the dashboard offers both report editions and
the cover names the approving consultant by display name, never by e-mail address."""

from __future__ import annotations

import io
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy.orm import Session

from assessment import branding
from assessment.app import create_app
from assessment.config import ConfigError
from assessment.models import Assessment, Status, User
from assessment.models.share import AssessmentShare
from assessment.services import bank, review, scoring, users
from reports import build_report, render_html
from reports.inputs import report_input
from tests.factories import answers, make_assessment, make_invitation, make_org, make_user

REPORTS_DATA = Path(__file__).resolve().parents[1] / "reports" / "data" / "report-mini"

LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        '<circle cx="5" cy="5" r="4" fill="#0a7"/><title>Fjord</title></svg>')


def _logo(tmp_path: Path, text: str, name: str = "logo.svg") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    return {"QUESTIONS_DIR": REPORTS_DATA.parent, "QUESTIONNAIRE_ID": "report-mini",
            "WTF_CSRF_ENABLED": False, "BRAND_NAME": "Fjord & Fell Advisory",
            "BRAND_CONTACT": "Eva Lindqvist · +46 8 123 45 67",
            "BRAND_LOGO_PATH": str(_logo(tmp_path, LOGO)),
            "BRAND_CALL_TO_ACTION_NL": "Plan vandaag nog een gesprek met Fjord & Fell."}


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such file"),
    ("\x89PNG not an svg", "not an SVG file"),
    ('<html xmlns="http://www.w3.org/1999/xhtml"/>', "root element is not <svg>"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
    ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "'onload'"),
    ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
     '<a x:href="https://evil.example/">x</a></svg>', "may not link"),
    ('<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>', "DOCTYPE"),
])
def test_a_bad_logo_stops_the_start_with_an_error_naming_the_file(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "brand" / "logo.svg"
    if content is not None:
        path.parent.mkdir()
        path.write_text(content, encoding="utf-8")
    with pytest.raises(branding.BrandingError, match="BRAND_LOGO_PATH") as caught:
        branding.from_config({"BRAND_LOGO_PATH": str(path)})
    assert str(path) in str(caught.value) and message in str(caught.value)
    with pytest.raises(ConfigError, match="Refusing to start") as started:
        create_app({"TESTING": True, "ENV_NAME": "testing", "BRAND_LOGO_PATH": str(path),
                    "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert str(path) in str(started.value)


def test_defaults_and_a_good_logo(tmp_path: Path) -> None:
    default = branding.from_config({})
    assert default == branding.DEFAULT_BRANDING
    assert default.name and "<svg" in default.logo and default.call_to_action_in("fr") is None
    chosen = branding.from_config({"BRAND_NAME": "  Fjord  ", "BRAND_LOGO_PATH": str(
        _logo(tmp_path, LOGO)), "BRAND_CALL_TO_ACTION": "Call us.",
        "BRAND_CALL_TO_ACTION_SV": "Ring oss."})
    assert chosen.name == "Fjord" and 'fill="#0a7"' in chosen.logo
    assert chosen.call_to_action_in("sv") == "Ring oss."
    assert chosen.call_to_action_in("nl") == "Call us."
    with pytest.raises(branding.BrandingError, match="BRAND_NAME"):
        branding.from_config({"BRAND_NAME": "x" * 500})


def test_the_report_cover_and_closing_page_carry_the_brand(app: Flask) -> None:
    from assessment.engine import load_questionnaire
    chosen = app.config["BRANDING"]
    q = load_questionnaire(REPORTS_DATA)
    fixture = yaml.safe_load((REPORTS_DATA / "fixtures" / "complete.yaml").read_text("utf-8"))
    for language, action in [("nl", "Plan vandaag nog een gesprek met Fjord &amp; Fell."),
                             ("en", "Book a planning session with us")]:
        document = {"questionnaire": q.id, "language": language,
                    "organisation": "Demo Retail BV", "answers": fixture["answers"]}
        html = render_html(build_report(replace(report_input(q, document), branding=chosen)))
        cover = html[html.index('class="cover"'):html.index("</section>")]
        assert "Fjord &amp; Fell Advisory" in cover and 'fill="#0a7"' in cover
        closing = html[html.index('id="next-steps"'):]
        assert action in closing
        assert "Eva Lindqvist · +46 8 123 45 67" in closing and 'fill="#0a7"' in closing


def test_the_client_footer_shows_the_brand(client: FlaskClient) -> None:
    page = client.get("/i/not-a-real-token").get_data(as_text=True)
    footer = page[page.index('<footer class="footer">'):]
    assert "Fjord &amp; Fell Advisory" in footer
    assert "Eva Lindqvist · +46 8 123 45 67" in footer
    assert 'fill="#0a7"' in footer


def _sign_in(client: FlaskClient, user: User) -> None:
    now = int(time.time())
    with client.session_transaction() as session:
        session.update({"_user_id": f"{user.id}:{user.session_version}", "_fresh": True,
                        "_seen": now, "_login_at": now})


def _approved(session: Session) -> tuple[Assessment, User]:
    fixture = yaml.safe_load((REPORTS_DATA / "fixtures" / "complete.yaml").read_text("utf-8"))
    assessment = make_assessment(session, make_org(session, "Owned Retail BV"),
                                 questionnaire=bank.latest("report-mini"))
    ceo, _ = make_invitation(session, assessment, respondent_name="Anna de Vries",
                             respondent_role="CEO", submitted=True)
    answers(session, assessment, dict(fixture["answers"]), invitation=ceo)
    scoring.score(session, assessment)
    assessment.status = Status.SUBMITTED.value
    assessment.submitted_at = assessment.scored_at
    owner = make_user(session, "eva.lindqvist@example.com", role="consultant")
    session.add(AssessmentShare(assessment_id=assessment.id, user_id=owner.id, kind="owner"))
    session.commit()
    return assessment, owner


def _cover(pdf: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


def test_the_dashboard_offers_both_editions_and_the_cover_names_the_consultant(
    client: FlaskClient, db_session: Session
) -> None:
    assessment, owner = _approved(db_session)
    _sign_in(client, owner)
    detail = client.get(f"/dashboard/assessments/{assessment.id}").get_data(as_text=True)
    assert f'href="/reports/{assessment.id}.pdf?edition=executive"' in detail
    assert f'href="/reports/{assessment.id}.pdf"' in detail
    assert "Executive summary (PDF)" in detail and "Full report (PDF)" in detail

    review.start_review(db_session, assessment, owner)
    review.approve(db_session, assessment, owner)
    db_session.commit()
    executive = client.get(f"/reports/{assessment.id}.pdf?edition=executive")
    assert executive.status_code == 200
    assert "executive-summary-owned-retail-bv-" in executive.headers["Content-Disposition"]
    cover = _cover(executive.data)
    assert "@" not in cover
    assert "Reviewed by Fjord & Fell Advisory." in cover  # no display name yet: the brand

    users.set_display_name(db_session, owner, "Eva Lindqvist", actor="test")
    db_session.commit()
    full = client.get(f"/reports/{assessment.id}.pdf")
    assert full.status_code == 200 and "gap-report-" in full.headers["Content-Disposition"]
    assert full.headers["X-Report-Id"] != executive.headers["X-Report-Id"]
    cover = _cover(full.data)
    assert "Reviewed by Eva Lindqvist." in cover and "@" not in cover
    assert "Full report".lower() in cover.lower()

    refused = client.get(f"/reports/{assessment.id}.pdf?edition=summary")
    assert refused.status_code == 400
    assert "no report edition" in refused.get_data(as_text=True)


def test_a_display_name_is_checked(db_session: Session) -> None:
    user = make_user(db_session, "someone@example.com", role="consultant")
    assert users.set_display_name(db_session, user, "  Eva   Lindqvist ", actor="t"
                                  ).display_name == "Eva Lindqvist"
    assert users.set_display_name(db_session, user, "   ", actor="t").display_name is None
    for bad in ("eva@example.com", "x" * 121):
        with pytest.raises(users.UserError):
            users.set_display_name(db_session, user, bad, actor="t")


def test_an_admin_sets_a_display_name_on_the_users_page(
    client: FlaskClient, db_session: Session
) -> None:
    admin = make_user(db_session, "admin@example.com", role="admin")
    eva = make_user(db_session, "eva@example.com", role="consultant")
    db_session.commit()
    _sign_in(client, admin)
    page = client.get("/dashboard/users").get_data(as_text=True)
    assert f'action="/dashboard/users/{eva.id}/display-name"' in page
    saved = client.post(f"/dashboard/users/{eva.id}/display-name",
                        data={"display_name": "Eva Lindqvist"})
    assert saved.status_code == 303
    db_session.expire_all()
    assert db_session.get(User, eva.id).display_name == "Eva Lindqvist"
    assert 'value="Eva Lindqvist"' in client.get("/dashboard/users").get_data(as_text=True)
    refused = client.post(f"/dashboard/users/{eva.id}/display-name",
                          data={"display_name": "eva@example.com"}, follow_redirects=True)
    assert "not an e-mail address" in refused.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(User, eva.id).display_name == "Eva Lindqvist"
    _sign_in(client, eva)
    assert client.post(f"/dashboard/users/{eva.id}/display-name",
                       data={"display_name": "X"}).status_code == 403


def test_the_cli_creates_a_user_with_a_display_name_and_changes_it(
    runner: Any, db_session: Session
) -> None:
    passphrase = "correct horse battery staple 42"
    created = runner.invoke(args=["create-user", "eva@example.com", "--role", "consultant",
                                  "--password-stdin", "--display-name", "Eva  Lindqvist"],
                            input=passphrase + "\n")
    assert created.exit_code == 0, created.output
    assert users.find_by_email(db_session, "eva@example.com").display_name == "Eva Lindqvist"
    changed = runner.invoke(args=["set-display-name", "eva@example.com", "Eva L."])
    assert changed.exit_code == 0 and "'Eva L.'" in changed.output
    refused = runner.invoke(args=["set-display-name", "eva@example.com", "eva@example.com"])
    assert refused.exit_code == 1 and "not an e-mail address" in refused.output
    db_session.expire_all()
    assert users.find_by_email(db_session, "eva@example.com").display_name == "Eva L."


def test_a_consultant_sets_their_own_display_name_on_the_account_page(
    client: FlaskClient, db_session: Session
) -> None:
    eva = make_user(db_session, "eva@example.com", role="consultant")
    db_session.commit()
    _sign_in(client, eva)
    assert 'name="display_name" value=""' in client.get("/account").get_data(as_text=True)
    assert client.post("/account/display-name",
                       data={"display_name": "Eva Lindqvist"}).status_code == 303
    page = client.get("/account").get_data(as_text=True)
    assert 'value="Eva Lindqvist"' in page and "Display name saved." in page
    refused = client.post("/account/display-name", data={"display_name": "e@x.example"},
                          follow_redirects=True).get_data(as_text=True)
    assert "not an e-mail address" in refused and 'value="Eva Lindqvist"' in refused
