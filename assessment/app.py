"""The app factory: configuration, extensions, the unit of work, blueprints, filters."""

from __future__ import annotations

from typing import Any

from flask import Flask

from assessment import config as config_module
from assessment import database, extensions, paths, unit_of_work
from assessment.blueprints import register_all
from assessment.blueprints.auth import login_manager
from assessment.engine.precision import shown_score
from assessment.web import converters, headers, input_guard, logs, proxy, translations


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, error pages."""
    app = Flask(__name__, template_folder=paths.templates_dir(),
                instance_path=paths.instance_path(), instance_relative_config=True)
    config_module.load(app, overrides=config)
    proxy.init_app(app)  # TRUSTED_PROXIES: the client's address and scheme from X-Forwarded-*
    logs.init_app(app)  # request ids, one log line per request (LOG_FORMAT text or json)
    extensions.init_app(app)
    translations.init_app(app)  # templates translate with the request's translations, kept
    login_manager.init_app(app)  # Flask-Login, session versions, idle timeout (dashboard)
    database.init_app(app)  # SQLite pragmas on the engine
    unit_of_work.init_app(app)
    headers.init_app(app)  # CSP, no framing, no sniffing (HSTS over HTTPS) on every response
    converters.init_app(app)  # <id:...> in routes: ids beyond the database's range are 404
    input_guard.init_app(app)  # a NUL in any input is a 400 naming the field, before any view
    register_all(app)
    # Every template shows a score through this filter: the engine's rounding, the one bands
    # were decided on (never Jinja's own ``round``, which would disagree at .5).
    app.add_template_filter(shown_score, "score")
    return app

