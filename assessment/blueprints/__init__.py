"""Blueprints by audience; each package exposes ``bp`` and is registered here."""

from __future__ import annotations

import importlib

from flask import Flask

# Module paths of the blueprint packages, in registration order. A part that
# adds a blueprint adds one line here.
BLUEPRINTS: list[str] = [
    "assessment.blueprints.errors",
    "assessment.blueprints.questionnaire",
    "assessment.blueprints.auth",
    "assessment.blueprints.dashboard",
    "assessment.blueprints.reports",
]


def register_all(app: Flask) -> None:
    """Import and register every blueprint listed in BLUEPRINTS."""
    for path in BLUEPRINTS:
        module = importlib.import_module(path)
        app.register_blueprint(module.bp)
