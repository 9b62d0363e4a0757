"""Benchmark: the dashboard's assessment list with 100,000 assessments.

Seeds a fresh database (SQLite file by default; ``--database-url`` for PostgreSQL) through
the real migrations, then requests the list page through the app (Flask test client, the
whole stack: session, login, query, template) and prints p50 / p99 latency, the ratio to a
baseline (a trivial authenticated route, measured in the same run) and the number of SQL
statements per page. Target: list page p50 under 50 ms on SQLite.

    .venv/bin/python benchmarks/bench_dashboard_list.py [--assessments 100000] [--runs 200]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_login import login_required

STATUSES = ["invited", "in_progress", "submitted", "in_review", "changes_requested", "approved"]
BANDS = ["red", "amber", "green"]
TARGET_P50_MS = 50.0


def build_app(database_url: str) -> Flask:
    """The real app on the benchmark database, plus the baseline route."""
    from assessment.app import create_app

    app = create_app(
        {"SECRET_KEY": "b" * 48, "SQLALCHEMY_DATABASE_URI": database_url, "TESTING": False}
    )

    @login_required
    def ping() -> str:
        return "ok"

    app.add_url_rule("/bench/ping", "bench_ping", ping)
    return app


def seed(app: Flask, count: int, consultant_share: int) -> dict[str, int]:
    """Organisations, assessments with summaries and bands, users, shares; bulk inserts."""
    from assessment import migrations
    from assessment.extensions import db
    from assessment.models import Assessment, Organisation, User
    from assessment.models.list_columns import fold
    from assessment.models.listing import AssessmentAreaBand, area_bands
    from assessment.models.share import AssessmentShare
    from assessment.services import bank, users

    with app.app_context():
        migrations.upgrade(db.engine)
        questionnaire = bank.latest()
        areas = [area.id for area in questionnaire.areas]
        rng = random.Random(20261123)
        now = datetime.now(UTC)
        session = db.session()
        ids = {}
        for email, role in [
            ("admin@bench.example", "admin"),
            ("consultant@bench.example", "consultant"),
            ("sales@bench.example", "sales"),
        ]:
            user = User(
                email=email, password_hash=users.hash_password("bench passphrase 1"), role=role
            )
            session.add(user)
            session.flush()
            ids[role] = user.id
        session.commit()
        engine = db.engine
        chunk = 5000
        for start in range(0, count, chunk):
            stop = min(count, start + chunk)
            orgs, rows, bands, shares = [], [], [], []
            for n in range(start, stop):
                status = rng.choice(STATUSES)
                summary, score, band = _summary(rng, status, areas)
                name = f"{_name(rng)} {n:06d}"
                orgs.append({"id": n + 1, "name": name, "created_at": now})
                rows.append(
                    {
                        "id": n + 1,
                        "organisation_id": n + 1,
                        "questionnaire_id": questionnaire.id,
                        "questionnaire_version": questionnaire.version,
                        "rules_version": questionnaire.rules_version,
                        "questionnaire_fingerprint": questionnaire.fingerprint,
                        "status": status,
                        "language": rng.choice(["en", "nl", "fr", "sv"]),
                        "show_summary": True,
                        "progress": 1.0
                        if status not in ("invited", "in_progress")
                        else rng.random(),
                        "overall_score": score,
                        "overall_band": band,
                        "area_summary": summary,
                        "created_at": now - timedelta(days=400) + timedelta(minutes=n * 5),
                        "last_activity_at": now - timedelta(minutes=rng.randint(0, 500_000)),
                        "submitted_at": None if status in ("invited", "in_progress")
                        else now - timedelta(minutes=rng.randint(0, 100_000)),
                        "search_text": fold(name),
                        "finding_counts": None if score is None else {
                            "high": rng.randint(0, 4), "medium": rng.randint(0, 6),
                            "low": rng.randint(0, 8)},
                        "due_date": (now + timedelta(days=rng.randint(-30, 60))).date()
                        if n % 10 == 0 else None,
                    }
                )
                bands += [
                    {"assessment_id": n + 1, "area_id": a, "band": b}
                    for a, b in area_bands(summary).items()
                ]
                if n % (count // consultant_share) == 0:
                    shares.append(
                        {
                            "assessment_id": n + 1,
                            "user_id": ids["consultant"],
                            "kind": "owner",
                            "created_at": now,
                        }
                    )
            with engine.begin() as connection:
                connection.execute(sa.insert(Organisation.__table__), orgs)
                connection.execute(sa.insert(Assessment.__table__), rows)
                if bands:
                    connection.execute(sa.insert(AssessmentAreaBand.__table__), bands)
                if shares:
                    connection.execute(sa.insert(AssessmentShare.__table__), shares)
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                for table in ("organisation", "assessment"):
                    connection.execute(
                        sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {count})")
                    )
            # The steady state autovacuum reaches: statistics, and a visibility map so that
            # counts can use index-only scans.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(sa.text("VACUUM ANALYZE"))
        else:
            with engine.begin() as connection:
                connection.execute(sa.text("ANALYZE"))
        return {**ids, "areas": len(areas), "first_area": areas[0]}  # type: ignore[dict-item]


_WORDS = [
    "Noord",
    "Zuid",
    "Blue",
    "Nordic",
    "Maison",
    "Acme",
    "Lumière",
    "Svensk",
    "Groot",
    "Fashion",
    "Retail",
    "Outdoor",
    "Bakkerij",
    "Design",
    "Stores",
    "Trading",
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_WORDS)} {rng.choice(_WORDS)}"


def _summary(rng: random.Random, status: str, areas: list[str]) -> tuple[Any, Any, Any]:
    if status == "invited":
        return None, None, None
    scored = status != "in_progress"
    summary: dict[str, Any] = {}
    for area in areas:
        entry: dict[str, Any] = {"progress": 1.0 if scored else round(rng.random(), 2)}
        if scored:
            entry.update(score=round(rng.uniform(0, 100), 1), band=rng.choice(BANDS), level=3)
        summary[area] = entry
    if not scored:
        return summary, None, None
    score = round(rng.uniform(10, 95), 1)
    return summary, score, "red" if score < 50 else "amber" if score < 75 else "green"


def sign_in(client: FlaskClient, user_id: int) -> None:
    """A valid login in the client's cookie (as after the login form)."""
    now = int(time.time())
    with client.session_transaction() as session:
        session.update({"_user_id": f"{user_id}:1", "_fresh": True, "_seen": now, "_login_at": now})


@contextmanager
def counting(engine: sa.Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def measure(client: FlaskClient, url: str, runs: int, warmup: int = 5) -> list[float]:
    """Wall-clock milliseconds of ``runs`` GETs (after a warm-up); fails on a non-200."""
    for _ in range(warmup):
        _get(client, url)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        _get(client, url)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def _get(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")


def p(values: list[float], quantile: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(quantile * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--owned", type=int, default=1_000, help="assessments the consultant owns")
    parser.add_argument(
        "--database-url", help="an EMPTY database (default: a temporary SQLite file)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        app = build_app(url)
        started = time.perf_counter()
        info = seed(app, args.assessments, args.owned)
        print(
            f"seeded {args.assessments:,} assessments on {sa.make_url(url).get_backend_name()} "
            f"in {time.perf_counter() - started:.1f} s"
        )
        run(app, info, args.runs)


def run(app: Flask, info: dict[str, Any], runs: int) -> None:
    from assessment.extensions import db

    with app.app_context():
        engine = db.engine
    area = info["first_area"]
    cases: list[tuple[str, str, str]] = [
        ("baseline: trivial authenticated route", "admin", "/bench/ping"),
        ("list, admin, default (25 by last activity)", "admin", "/dashboard/"),
        ("list, admin, 100 per page", "admin", "/dashboard/?per_page=100"),
        ("list, consultant (own 1,000 of them)", "consultant", "/dashboard/"),
        ("list, sales", "sales", "/dashboard/"),
        ("filter status=approved", "admin", "/dashboard/?status=approved"),
        ("filter band=red", "admin", "/dashboard/?band=red"),
        (f"filter area at risk={area}", "admin", f"/dashboard/?risk={area}"),
        ("filter any area at risk", "admin", "/dashboard/?risk=any"),
        ("search 'nordic fashion'", "admin", "/dashboard/?q=nordic+fashion"),
        ("search 'lumiere' (accent-blind)", "admin", "/dashboard/?q=lumiere"),
        ("filter status=submitted+in_review", "admin",
         "/dashboard/?status=submitted&status=in_review"),
        ("attention queue, consultant", "consultant", "/dashboard/attention"),
        ("attention queue, admin (every assessment)", "admin", "/dashboard/attention"),
        ("sort organisation", "admin", "/dashboard/?sort=organisation"),
        ("sort score ascending", "admin", "/dashboard/?sort=score"),
        ("page 2,000 of 4,000", "admin", "/dashboard/?page=2000"),
    ]
    client = app.test_client()
    results = []
    baseline = 0.0
    for label, role, url in cases:
        sign_in(client, info[role])
        with counting(engine) as statements:
            _get(client, url)
        timings = measure(client, url, runs)
        p50, p99 = p(timings, 0.5), p(timings, 0.99)
        if not baseline:
            baseline = p50
        results.append((label, p50, p99, p50 / baseline, len(statements)))
    width = max(len(r[0]) for r in results)
    print(f"{'case':<{width}}  {'p50 ms':>7}  {'p99 ms':>7}  {'x base':>6}  {'SQL':>3}")
    for label, p50, p99, ratio, queries in results:
        print(f"{label:<{width}}  {p50:7.1f}  {p99:7.1f}  {ratio:6.1f}  {queries:>3}")
    default = results[1]
    verdict = "met" if default[1] < TARGET_P50_MS else "MISSED"
    print(
        f"target: list page p50 < {TARGET_P50_MS:.0f} ms -> {verdict} ({default[1]:.1f} ms); "
        f"statistics over {runs} requests per case, median of medians "
        f"{statistics.median(r[1] for r in results[1:]):.1f} ms"
    )


if __name__ == "__main__":
    main()
