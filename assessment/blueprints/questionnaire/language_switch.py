"""Switching the page language without losing what is on the page.

On a question page the language buttons belong to the page's own form (HTML ``form`` and
``formaction`` attributes, so it works without JavaScript): the switch posts every answer
on the page to ``/a/language?from=<the form's action>``. The answers are saved as a draft
("save and continue later" without signing out: an incomplete page is fine) and the page
comes back in the new language. Values that cannot be saved (a letter in a number box)
are not lost either: the page is shown again, in the new language, with what was typed
and the errors. Elsewhere the menu posts only the language and returns to ``next``.

The choice is remembered for this browser and on the invitation, so reopening the link
after "Save and continue later" comes back in the language last chosen.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, current_app, g, redirect, request
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from assessment import unit_of_work
from assessment.blueprints.questionnaire import flow, not_stored, pages
from assessment.extensions import db
from assessment.services import invitations
from assessment.web.translations import refresh

SAVE_ENDPOINT = "questionnaire.save_section"
Origin = tuple[str, dict[str, str]]  # the question page's path and its URL arguments


def switch() -> ResponseReturnValue:
    """The language menu's POST: remember the language, keep the page's answers."""
    code = request.form.get("language", "")
    if not flow.choose_language(code):
        abort(400)
    current = flow.current_respondent()
    if current is not None:
        invitations.set_language(db.session(), current.invitation, code)
        current = _in_language(current, code)
    origin = _origin()
    if origin is None:
        return redirect(pages.local_next(request.form.get("next")))
    if current is None:  # the session ended while typing: show the answers, unsaved
        g.language = code
        refresh()
        return pages.section_without_session(origin[1]["section_id"], notice="session")
    if current.locked:
        return not_stored.already_submitted(current, request.form)
    return _save_draft(current, origin)


def _in_language(current: flow.Respondent, code: str) -> flow.Respondent:
    """This request's respondent, translations and messages, from now on in ``code``."""
    g.language = code
    refresh()
    switched = flow.Respondent(current.invitation, current.questionnaire, code)
    g.respondent = switched
    return switched


def _origin() -> Origin | None:
    """The question page the switch was pressed on: its path and URL arguments, if any."""
    path = request.args.get("from", "")
    if not path.startswith("/") or path.startswith("//") or "form_context" not in request.form:
        return None
    try:
        endpoint, arguments = current_app.url_map.bind("localhost").match(path, method="POST")
    except HTTPException:
        return None
    if endpoint != SAVE_ENDPOINT:
        return None
    return path, {k: str(v) for k, v in arguments.items()}


def _save_draft(current: flow.Respondent, origin: Origin) -> ResponseReturnValue:
    path, arguments = origin
    formdata = MultiDict(request.form)
    formdata.setlist("action", ["later"])  # a draft: nothing needs to be complete yet
    result = flow.save_section(current, formdata=formdata, **arguments)
    if isinstance(result, flow.GoTo):
        return redirect(result.url)
    if result.saved:
        return redirect(path + _same_view())
    if result.keep_changes:
        unit_of_work.keep_changes()
    return pages.section(current, result.step, result)


def _same_view() -> str:
    """The query that shows the page as it was: from the review page, one question or all."""
    if request.form.get("return") != flow.REVIEW:
        return ""
    query = {"return": flow.REVIEW}
    if request.form.get("question"):
        query["question"] = request.form["question"]
    return "?" + urlencode(query)
