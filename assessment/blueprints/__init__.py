"""Blueprints by audience, registered in this order (it matters only for ``/``)."""

from __future__ import annotations

from flask import Flask

from assessment.blueprints import api, auth, dashboard, errors, health, questionnaire, reports
from assessment.blueprints.front_door import bp as front_door_bp


def register_all(app: Flask) -> None:
    """Register every blueprint of the app."""
    for blueprint in (errors.bp, questionnaire.bp, auth.bp, dashboard.bp, reports.bp,
                      health.bp, api.bp, front_door_bp):
        app.register_blueprint(blueprint)
