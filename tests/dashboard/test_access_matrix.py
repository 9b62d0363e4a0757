"""Every dashboard route × every kind of user: the status code the access table expects.

The routes come from the app's url_map, so routes added later (part B) are walked too,
and the test fails until the table says who may use them.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import AnyConverter, Rule

from tests.dashboard.access_table import ROLES, TABLE, URL_VALUES, URL_VALUES_BY_ENDPOINT
from tests.dashboard.conftest import Cast, sign_in

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def dashboard_routes(app: Flask) -> list[tuple[str, str]]:
    """(endpoint, method) of every rule under /dashboard."""
    return sorted(
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/dashboard")
        for method in (rule.methods or set()) - IGNORED_METHODS
    )


def _routes_at_collection() -> list[tuple[str, str]]:
    from assessment.app import create_app

    app = create_app(
        {"TESTING": True, "SECRET_KEY": "k" * 48, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    return dashboard_routes(app)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "route" in metafunc.fixturenames:
        routes = _routes_at_collection()
        metafunc.parametrize(
            ("route", "role"),
            list(itertools.product(routes, (*ROLES, "anonymous"))),
            ids=[f"{e}-{m}-{r}" for (e, m), r in itertools.product(routes, (*ROLES, "anonymous"))],
        )


def test_every_route_is_in_the_table(app: Flask) -> None:
    routes = set(dashboard_routes(app))
    missing = routes - set(TABLE)
    stale = set(TABLE) - routes
    assert not missing, f"routes without expected access in access_table.TABLE: {missing}"
    assert not stale, f"access_table.TABLE names routes that do not exist: {stale}"


def _rule(app: Flask, endpoint: str, method: str) -> Rule:
    return next(
        r
        for r in app.url_map.iter_rules()
        if r.endpoint == endpoint and method in (r.methods or ())
    )


def urls_for(app: Flask, cast: Cast, endpoint: str, method: str) -> list[str]:
    """Every URL of the rule: one per option of each ``any(...)`` converter."""
    rule = _rule(app, endpoint, method)
    fixed: dict[str, Any] = {}
    options: dict[str, list[str]] = {}
    for name in sorted(rule.arguments):
        converter = rule._converters[name]
        if isinstance(converter, AnyConverter):
            options[name] = sorted(converter.items)
            continue
        factory = URL_VALUES_BY_ENDPOINT.get(endpoint, {}).get(name) or URL_VALUES.get(name)
        assert factory, f"no value for URL argument {name!r} of {endpoint}: add it to URL_VALUES"
        fixed[name] = factory(cast)
    combos = [
        dict(zip(options, values, strict=True)) for values in itertools.product(*options.values())
    ]
    with app.test_request_context():
        from flask import url_for

        return [url_for(endpoint, **fixed, **combo) for combo in combos]


def test_route_answers_as_the_table_says(
    app: Flask, client: FlaskClient, cast: Cast, route: tuple[str, str], role: str
) -> None:
    endpoint, method = route
    expect = TABLE.get(route)
    assert expect is not None, f"{route} is missing from access_table.TABLE"
    if role != "anonymous":
        sign_in(client, getattr(cast, role))
    for url in urls_for(app, cast, endpoint, method):
        # buffered: a streamed export is read while the request's context is still there
        response = client.open(url, method=method, data=expect.data(cast), buffered=True)
        if role == "anonymous":
            assert response.status_code == 302, url
            assert response.headers["Location"].startswith("/login?next="), url
            continue
        assert response.status_code == expect.status(role), (
            f"{method} {url} as {role}: {response.status_code}, expected {expect.status(role)}"
        )
        if method == "GET" and response.status_code == 200:
            shown = cast.assessment.organisation.name in response.get_data(as_text=True)
            assert shown == (role in expect.shows_org), (
                f"{url} as {role}: organisation shown={shown}"
            )
