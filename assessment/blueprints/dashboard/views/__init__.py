"""Dashboard views by topic. A part that adds a topic adds one line to VIEW_MODULES."""

from __future__ import annotations

import importlib

VIEW_MODULES: list[str] = [
    "assessment.blueprints.dashboard.views.list",
    "assessment.blueprints.dashboard.views.exports",
    "assessment.blueprints.dashboard.views.sharing",
    "assessment.blueprints.dashboard.views.users",
    "assessment.blueprints.dashboard.views.detail",
    "assessment.blueprints.dashboard.views.invitations",
    "assessment.blueprints.dashboard.views.review",
    "assessment.blueprints.dashboard.views.overrides",
    "assessment.blueprints.dashboard.views.notes",
    "assessment.blueprints.dashboard.views.portfolio",
    "assessment.blueprints.dashboard.views.milestones",
    "assessment.blueprints.dashboard.views.rescore",
]

for _module in VIEW_MODULES:
    importlib.import_module(_module)
