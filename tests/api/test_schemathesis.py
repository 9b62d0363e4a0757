"""schemathesis against the served OpenAPI document, on a live local server, both databases.

Every operation gets generated requests (valid and invalid bodies, queries and ids); half
of the ids are those of a real, scored assessment the token's user owns, so the answers are
not all 404s. Every response must be no server error, have a documented status code and
content type, and match its schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session

from tests.api.support import API_CONFIG, token_for
from tests.browser.conftest import LiveServer
from tests.browser.conftest import live_server as live_server  # the fixture
from tests.dashboard.review_support import submitted_assessment
from tests.factories import make_user

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
EXAMPLES = 25  # per operation: 13 operations, a few hundred requests in all


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {**API_CONFIG, "API_RATE_LIMIT": "100000 per minute"}


@pytest.fixture
def seeded(db_session: Session) -> Iterator[dict[str, Any]]:
    owner = make_user(db_session, "owner@example.com")
    assessment = submitted_assessment(db_session, owner=owner).assessment
    invitation_id = assessment.invitations[0].id
    yield {"token": token_for(db_session, owner), "assessment_id": assessment.id,
           "organisation_id": assessment.organisation_id, "invitation_id": invitation_id}


def test_every_operation_answers_as_documented(app: Flask, live_server: LiveServer,
                                               seeded: dict[str, Any]) -> None:
    schema = schemathesis.openapi.from_url(live_server.url("/api/v1/openapi.json"))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 13
    headers = {"Authorization": f"Bearer {seeded['token']}"}
    base_url = live_server.url("").rstrip("/")
    for operation in operations:
        _exercise(operation, base_url, headers, seeded)


def _exercise(operation: Any, base_url: str, headers: dict[str, str],
              seeded: dict[str, Any]) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(), real=st.booleans())
    def run(case: Any, real: bool) -> None:
        if real and case.path_parameters:
            for name in ("assessment_id", "organisation_id", "invitation_id"):
                if name in case.path_parameters:
                    case.path_parameters[name] = seeded[name]
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS,
                               timeout=60)

    run()
