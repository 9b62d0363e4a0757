"""The client questionnaire: ``/i/<token>`` exchanges an invitation link, ``/a/...`` is the flow.

The blueprint is defined in ``blueprint.py``; importing ``views`` (and ``answers_copy``,
``disagree_views``) registers the routes.
"""

from __future__ import annotations

from assessment.blueprints.questionnaire import answers_copy, disagree_views, views
from assessment.blueprints.questionnaire.blueprint import bp

__all__ = ["answers_copy", "bp", "disagree_views", "views"]
