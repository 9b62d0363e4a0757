"""Dashboard views by topic. A part that adds a topic adds one line to VIEW_MODULES."""

from __future__ import annotations

import importlib

VIEW_MODULES: list[str] = [
    "assessment.blueprints.dashboard.views.list",
    "assessment.blueprints.dashboard.views.exports",
    "assessment.blueprints.dashboard.views.sharing",
    "assessment.blueprints.dashboard.views.users",
]

for _module in VIEW_MODULES:
    importlib.import_module(_module)
