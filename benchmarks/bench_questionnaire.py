"""Benchmark: the client questionnaire under gunicorn, beside a minimal Flask route.

Measures, on this machine and in one run:

- ``minimal``: a one-line Flask route (``GET /ping`` -> "ok") under the same gunicorn
  settings: the baseline of what the server, HTTP and the load generator cost;
- ``app ping``: the same one-line route added to the real application (its extensions,
  hooks and session handling): what any route of the app pays before its view runs;
- ``respondent floor``: what any question page pays before it shows a question, as a
  route added to the real application: the signed-in respondent (session cookie, the
  invitation with its assessment), every stored answer, the route through the bank, and
  the respondent layout with nothing in it (header, language menu, footer);
- ``question page``: ``GET /a/s/<section>`` of the real bank's largest section, as a
  signed-in respondent (session cookie, database reads, routing, form, template);
- ``answer save``: ``POST /a/s/<section>`` changing one answer each time (CSRF, form
  validation, conflict check, the write and the commit), one assessment per client so
  each keeps its own answer versions.

For each it prints requests per second, p50 and p99 latency, and the ratios of the question
page's and the save's throughput to the minimal route's (issue 12's targets: 30% and 15%).
The floor's ratio is the ceiling of any question page built on these reads and this
layout: a page target above it cannot be met by making the page's own work cheaper.
The database is a fresh SQLite file (``--database-url`` for PostgreSQL); the load
generator is a pool of client processes, each keeping ``--concurrency`` requests in
flight with plain ``http.client``.

    .venv/bin/python benchmarks/bench_questionnaire.py [--requests 2000] [--workers 2]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SECTION = "executive_buy_in"
CHANGING_QUESTION = "eb_collaboration"  # a 1..5 scale: alternate 4 and 5


def minimal_app() -> Any:
    """The baseline: Flask with one route and nothing else."""
    from flask import Flask

    app = Flask("minimal")

    @app.get("/ping")
    def ping() -> str:
        return "ok"

    return app


def app_with_ping(**config: Any) -> Any:
    """The real application plus a one-line route: what every request of the app pays
    (extensions, hooks, session) before a view does anything."""
    from assessment.app import create_app

    app = create_app(config or None)
    app.add_url_rule("/ping", "bench_ping", lambda: "ok")
    app.add_url_rule(FLOOR, "bench_floor", _respondent_floor)
    return app


FLOOR = "/a/bench-floor"


def _respondent_floor() -> Any:
    """The reads and the empty layout every question page needs (see the module's text)."""
    from flask import render_template

    from assessment.blueprints.questionnaire import flow, pages
    from assessment.extensions import db
    from assessment.services import stored_answers

    current = flow.current_respondent()
    if current is None:
        return "signed out", 401
    stored = stored_answers.load(db.session, current.invitation.assessment)
    flow.respondent_route(current, stored)
    return render_template("layouts/client.html", chrome=pages.chrome(),
                           page_language=current.language)


# --- servers ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Gunicorn:
    """A gunicorn server in a subprocess, stopped on exit."""

    def __init__(self, target: str, workers: int, env: dict[str, str]) -> None:
        self.port = free_port()
        # An empty --config: only these flags apply (gunicorn would otherwise read the
        # repository's gunicorn.conf.py, which recycles workers every 2,000 requests).
        no_config = Path(tempfile.mkdtemp(prefix="bench-gunicorn-")) / "gunicorn.conf.py"
        no_config.write_text("", encoding="utf-8")
        command = [str(Path(sys.executable).parent / "gunicorn"), "--config", str(no_config),
                   "--workers", str(workers),
                   "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
                   "--backlog", "2048", target]
        self.process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start within 60 s")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


# --- the app's data --------------------------------------------------------------------------


def seed(database_url: str, env: dict[str, str], respondents: int) -> list[str]:
    """Migrate, make one assessment and invitation per client; return the raw tokens."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import sqlalchemy as sa

    from assessment import migrations
    from assessment.app import create_app
    from assessment.extensions import db
    from tests.factories import make_assessment, make_invitation

    migrations.upgrade(sa.create_engine(database_url))
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    tokens = []
    with app.app_context():
        for _ in range(respondents):
            assessment = make_assessment(db.session)
            tokens.append(make_invitation(db.session, assessment)[1])
    return tokens


class Client:
    """One respondent's HTTP client: the session cookie and the section form's fields."""

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.cookie = ""
        self.request("GET", f"/i/{token}")
        page = self.request("GET", f"/a/s/{SECTION}")
        self.fields = hidden_fields(page["body"])
        self.answers = answer_everything(page["body"])
        current = re.search(rf'name="{CHANGING_QUESTION}" type="radio" value="(\d)" checked',
                            page["body"])
        self.value = int(current.group(1)) if current else 4

    def request(self, method: str, path: str, body: str | None = None) -> dict[str, Any]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": self.cookie}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read().decode("utf-8", "replace")
        result = {"status": response.status, "body": data}
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        connection.close()
        return result

    def save_body(self) -> str:
        from urllib.parse import urlencode

        self.value = 9 - self.value  # 4, 5, 4, ...
        fields = {**self.fields, **self.answers, CHANGING_QUESTION: str(self.value),
                  "action": "continue"}
        return urlencode(fields, doseq=True)

    def after_save(self, response: dict[str, Any]) -> None:
        if response["status"] != 302:
            raise RuntimeError(f"save answered {response['status']}")
        version_key = f"v-{CHANGING_QUESTION}"
        self.fields[version_key] = str(int(self.fields.get(version_key, "0")) + 1)


def hidden_fields(page: str) -> dict[str, str]:
    return {name: unescape(value) for name, value in re.findall(
        r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)}


def answer_everything(page: str) -> dict[str, str]:
    """The first option of every radio group on the page (what a quick respondent does)."""
    answers: dict[str, str] = {}
    for name, value in re.findall(r'name="([a-z_]+)" type="radio" value="([^"]+)"', page):
        answers.setdefault(name, value)
    return answers


# --- load generation -------------------------------------------------------------------------


@dataclass
class Measurement:
    """Throughput and latency of one target."""

    name: str
    requests: int
    seconds: float
    latencies: list[float]
    server_cpu: float = 0.0  # CPU seconds the gunicorn workers used meanwhile

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def cpu_ms(self) -> float:
        """Server CPU per request: less sensitive than req/s to other load on the machine
        (though contention for caches still inflates it)."""
        return self.server_cpu / self.requests * 1000

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def _worker(kind: str, port: int, tokens: list[str], count: int, concurrency: int,
            start: Any, queue: Any) -> None:
    """A client process: ``concurrency`` threads sending ``count`` requests in all."""
    clients = [Client(port, token) for token in tokens] if kind != "minimal" else []
    latencies: list[float] = []
    lock = threading.Lock()
    remaining = [count]

    def loop(index: int) -> None:
        client = clients[index] if clients else None
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            began = time.perf_counter()
            if kind == "minimal":
                response = _plain_get(port, "/ping")
            elif kind == "page":
                response = client.request("GET", f"/a/s/{SECTION}")  # type: ignore[union-attr]
            elif kind == "floor":
                response = client.request("GET", FLOOR)  # type: ignore[union-attr]
            else:
                response = client.request("POST", f"/a/s/{SECTION}",  # type: ignore[union-attr]
                                          client.save_body())  # type: ignore[union-attr]
                client.after_save(response)  # type: ignore[union-attr]
            latencies.append(time.perf_counter() - began)
            if kind != "save" and response["status"] != 200:
                raise RuntimeError(f"{kind} answered {response['status']}")

    start.wait()
    threads = [threading.Thread(target=loop, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(latencies)


def _plain_get(port: int, path: str) -> dict[str, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return {"status": response.status}


def server_cpu(master: int) -> float:
    """CPU seconds (user + system) used so far by the worker processes of a gunicorn master."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # fields[1] is the parent pid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def measure(name: str, kind: str, server: Gunicorn, tokens: list[str], total: int,
            processes: int, concurrency: int) -> Measurement:
    """Run ``total`` requests from ``processes`` x ``concurrency`` clients; time the whole."""
    context = multiprocessing.get_context("fork")
    start = context.Event()
    queue = context.Queue()
    per_process = [total // processes + (1 if i < total % processes else 0)
                   for i in range(processes)]
    workers = []
    for index in range(processes):
        own = tokens[index * concurrency:(index + 1) * concurrency]
        workers.append(context.Process(target=_worker, args=(
            kind, server.port, own, per_process[index], concurrency, start, queue)))
    for worker in workers:
        worker.start()
    time.sleep(1.0 if kind != "minimal" else 0.2)  # let clients sign in before the clock
    cpu_before = server_cpu(server.process.pid)
    began = time.perf_counter()
    start.set()
    latencies: list[float] = []
    for _ in workers:
        latencies.extend(queue.get(timeout=600))
    seconds = time.perf_counter() - began
    cpu_used = server_cpu(server.process.pid) - cpu_before
    for worker in workers:
        worker.join()
        if worker.exitcode:
            raise RuntimeError(f"a {name} client failed (exit {worker.exitcode})")
    return Measurement(name, len(latencies), seconds, latencies, cpu_used)


def warm_up(port: int, tokens: list[str], kind: str) -> None:
    """A few requests per worker so imports, bank loading and templates are done."""
    if kind == "minimal":
        for _ in range(50):
            _plain_get(port, "/ping")
        return
    client = Client(port, tokens[0])
    for _ in range(50):
        client.request("GET", f"/a/s/{SECTION}")


def report(rounds: list[dict[str, Measurement]]) -> None:
    """Totals per target, and ratios as the median over rounds (each round measures all
    three back to back, so a burst of load from elsewhere hits a round, not one target)."""
    names = list(rounds[0])
    print(f"{'target':<16}{'requests':>9}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
          f"{'server CPU ms/req':>19}")
    merged = {}
    for name in names:
        parts = [r[name] for r in rounds]
        merged[name] = Measurement(name, sum(p.requests for p in parts),
                                   sum(p.seconds for p in parts),
                                   [x for p in parts for x in p.latencies],
                                   sum(p.server_cpu for p in parts))
        m = merged[name]
        print(f"{name:<16}{m.requests:>9}{m.rps:>10.0f}{m.percentile(50):>9.2f}"
              f"{m.percentile(99):>9.2f}{m.cpu_ms:>19.2f}")
    for name in names[1:]:
        ratios = [r[name].rps / r["minimal"].rps for r in rounds]
        print(f"{name} / minimal throughput: median {statistics.median(ratios):.0%} over "
              f"{len(rounds)} rounds (min {min(ratios):.0%}, max {max(ratios):.0%})")
    in_app = statistics.median(r["question page"].rps / r["app ping"].rps for r in rounds)
    print(f"question page / app ping throughput: median {in_app:.0%}")
    floor = statistics.median(r["respondent floor"].rps / r["minimal"].rps for r in rounds)
    page = statistics.median(r["question page"].rps / r["respondent floor"].rps for r in rounds)
    print(f"ceiling: a question page with these reads and this layout reaches at most "
          f"{floor:.0%} of the minimal route (the respondent floor); today's page does "
          f"{page:.0%} of the floor's throughput")
    cost = merged["question page"].cpu_ms / merged["minimal"].cpu_ms
    print(f"server CPU per request: the question page costs {cost:.1f}x the minimal route "
          f"(if the server's CPU were the only limit, the page would reach {1 / cost:.0%} of "
          "the minimal route's throughput)")
    save_cost = merged["answer save"].cpu_ms / merged["minimal"].cpu_ms
    print(f"server CPU per request: the answer save costs {save_cost:.1f}x the minimal route")
    for name, target in (("question page", 0.30), ("answer save", 0.15)):
        ratio = statistics.median(r[name].rps / r["minimal"].rps for r in rounds)
        verdict = "meets" if ratio >= target else "MISSES"
        print(f"target: {name} >= {target:.0%} of the minimal route: {verdict} ({ratio:.0%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=600, help="per target and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--processes", type=int, default=2, help="load generator processes")
    parser.add_argument("--concurrency", type=int, default=4, help="threads per process")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--no-fragment-cache", action="store_true",
                        help="render every question every time (QUESTION_HTML_CACHE off)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-questionnaire-"))
    database_url = args.database_url or f"sqlite:///{folder / 'bench.sqlite'}"
    env = {"DATABASE_URL": database_url, "SECRET_KEY": secrets.token_urlsafe(48),
           "ASSESSMENT_ENV": "production", "IDLE_TIMEOUT_SECONDS": "86400"}
    tokens = seed(database_url, env, args.processes * args.concurrency)
    app_target = ("benchmarks.bench_questionnaire:app_with_ping(QUESTION_HTML_CACHE=False)"
                  if args.no_fragment_cache else "benchmarks.bench_questionnaire:app_with_ping()")
    print(f"gunicorn: {args.workers} sync workers; load: {args.processes} processes x "
          f"{args.concurrency} threads; {os.cpu_count()} CPUs; "
          f"database {database_url.split(':')[0]}; fragment cache "
          f"{'off' if args.no_fragment_cache else 'on'}; load average {os.getloadavg()[0]:.1f}")
    minimal = Gunicorn("benchmarks.bench_questionnaire:minimal_app()", args.workers, env)
    app = Gunicorn(app_target, args.workers, env)
    try:
        warm_up(minimal.port, tokens, "minimal")
        warm_up(app.port, tokens, "page")
        rounds = []
        for _ in range(args.rounds):
            rounds.append({
                "minimal": measure("minimal", "minimal", minimal, tokens, args.requests,
                                   args.processes, args.concurrency),
                "app ping": measure("app ping", "minimal", app, tokens, args.requests,
                                    args.processes, args.concurrency),
                "respondent floor": measure("respondent floor", "floor", app, tokens,
                                            args.requests, args.processes, args.concurrency),
                "question page": measure("question page", "page", app, tokens,
                                         args.requests, args.processes, args.concurrency),
                "answer save": measure("answer save", "save", app, tokens,
                                       max(args.requests // 3, 50), args.processes,
                                       args.concurrency),
            })
    finally:
        minimal.stop()
        app.stop()
    report(rounds)


if __name__ == "__main__":
    main()
