"""The respondent guard of the client flow's views, written once.

Without a respondent in this browser (no session, idled out, dead link) a view answers
the session-ended page, or its own ``no_session`` page; once the respondent has
submitted (or the assessment is closed) a GET goes to the confirmation page instead, and
a POST (a tab left open) gets a page saying nothing was changed, with what it carried.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from flask import redirect, request, url_for
from flask.typing import ResponseReturnValue

from assessment.blueprints.questionnaire import flow, message_pages, not_stored

P = ParamSpec("P")
RespondentView = Callable[Concatenate[flow.Respondent, P], ResponseReturnValue]
View = Callable[P, ResponseReturnValue]


def respondent_view(
    *, while_open: bool = True, no_session: Callable[..., ResponseReturnValue] | None = None,
) -> Callable[[RespondentView[P]], View[P]]:
    """Give the view the current Respondent; ``while_open``: locked ones go to /a/done."""

    def decorate(view: RespondentView[P]) -> View[P]:
        @wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
            current = flow.current_respondent()
            if current is None:
                refused = (not_stored.without_session(request.form)
                           if request.method == "POST" else None)
                return refused or (no_session or _session_ended)(*args, **kwargs)
            if while_open and current.locked:
                if request.method == "POST" and "form_context" in request.form:
                    return not_stored.already_submitted(current, request.form)
                return redirect(url_for("questionnaire.done"))
            return view(current, *args, **kwargs)

        return guarded

    return decorate


def _session_ended(*_args: object, **_kwargs: object) -> ResponseReturnValue:
    return message_pages.session_ended()
