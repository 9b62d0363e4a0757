"""Engine test fixtures: the mini questionnaire, loaded once."""

from __future__ import annotations

import pytest

from assessment.engine import Questionnaire, load_questionnaire

from .builders import MINI


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    """The tiny test questionnaire in tests/engine/data/mini."""
    return load_questionnaire(MINI)


@pytest.fixture
def full_answers() -> dict[str, object]:
    """A complete, valid set of answers to the mini questionnaire."""
    return {
        "org_size": "small",
        "business_model": ["b2b"],
        "peak_orders_per_day": 500,
        "notes": "hi",
        "sponsor": "yes",
        "sponsor_involvement": 4,
        "checkpoints": "monthly",
        "kpis": ["revenue", "roi"],
        "packing_per_hour": 20,
        "shift_hours": 8,
        "stock_accuracy": 95,
        "b2b_portal": "yes",
    }
