"""The consultant dashboard (``/dashboard``): login required for every route, once.

The blueprint is defined in ``blueprint.py``; views are split by topic under ``views/``,
and each route asks ``services.access`` whether the signed-in user may see or change the
object it is about.
"""

from __future__ import annotations

from assessment.blueprints.dashboard.blueprint import bad_request, bp

__all__ = ["bad_request", "bp", "views"]

from assessment.blueprints.dashboard import views
