"""The WSGI entry point for gunicorn: ``gunicorn -c gunicorn.conf.py assessment.wsgi:app``.

The configuration comes from the environment (``deploy/assessment.env.example``).
"""

from __future__ import annotations

from assessment.app import create_app
from assessment.web import logs

app = create_app()
# Every record at INFO and above on standard error: one JSON object per line with
# LOG_FORMAT=json (journald keeps them), else plain text with the request id.
logs.configure(json_format=app.config["LOG_FORMAT"] == "json")
