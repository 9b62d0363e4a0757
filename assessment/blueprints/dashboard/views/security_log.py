"""(admin) The security event log: sign-ins, second factors, passwords, roles, exports."""

from __future__ import annotations

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.contexts.security_log import security_log_context
from assessment.extensions import db
from assessment.services import access, security_log


@bp.get("/security-log")
def security_log_page() -> ResponseReturnValue:
    """The newest security events, filtered by kind or account, for admins only."""
    if not access.is_admin(current_user):
        abort(403)
    kind = request.args.get("kind", "")
    email = request.args.get("email", "")[:320]
    page = request.args.get("page", "1")
    number = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
    kinds = [kind] if kind in set(security_log.Kind) else []
    entries, total = security_log.newest(db.session(), kinds=kinds, email=email, page=number)
    return render_template(
        "dashboard/security_log.html",
        **security_log_context(entries, total, number, kind if kinds else "", email),
    )
