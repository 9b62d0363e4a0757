"""The WSGI entry point for gunicorn: ``gunicorn -c gunicorn.conf.py assessment.wsgi:app``.

The configuration comes from the environment (``deploy/assessment.env.example``).
"""

from __future__ import annotations

from assessment.app import create_app

app = create_app()
