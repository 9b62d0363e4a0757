"""The load suite: the product as deployed (gunicorn sync workers, PostgreSQL, Redis) on
this machine, driven by simulated respondents, consultants and report requests.

    .venv/bin/python benchmarks/load/run.py --respondents 200 --think 1-3 --duration 60 \
        [--reports 10] [--workers 4] [--queue-workers 2]

What it does, bounded in time, all on 127.0.0.1:

1. creates a scratch database ``loadtest_<pid>`` (dropped at the end), migrates it and
   seeds a consultant, one assessment and invitation per respondent to come, and scored
   assessments for the report requests (through the product's services);
2. starts gunicorn (``--workers`` sync workers, the app factory, rate limits on Redis) and,
   when the report queue is available, ``--queue-workers`` ``assessment worker`` processes;
3. capacity phase (``--capacity`` seconds each): a static file with no pause, then
   respondents walking with no pause; their throughputs give the walk ratio;
4. main phase (``--duration``): N respondents with ``--think`` seconds per page, a few
   consultants, and with ``--reports K`` K new reports requested at a third of the run;
5. prints p50/p95/p99, errors and throughput per request type, and then checks the
   database: every acknowledged save stored (once), every thank-you page backed by a
   submitted, scored assessment.

Locust runs in its own process (``driver.py``); nothing here imports it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load import database, summary  # noqa: E402

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {seconds:.0f} s")


def warm_up(host: str, workers: int, seconds: float = 90) -> None:
    """Wait until every worker has loaded the app: parallel requests all answer quickly."""
    from concurrent.futures import ThreadPoolExecutor
    from urllib.request import urlopen

    def timed(path: str) -> float:
        began = time.perf_counter()
        try:
            with urlopen(host + path, timeout=60) as response:
                response.read()
        except OSError:
            return float("inf")
        return time.perf_counter() - began

    deadline = time.monotonic() + seconds
    with ThreadPoolExecutor(workers * 2) as pool:
        while time.monotonic() < deadline:
            took = list(pool.map(timed, ["/login", "/static/js/questionnaire.js"] * workers * 2))
            if max(took) < 0.5:
                return
    raise RuntimeError(f"the server was still slow to answer after {seconds:.0f} s")


def queue_available() -> bool:
    """Whether this checkout has the report queue (``assessment worker``)."""
    return (ROOT / "assessment" / "cli" / "worker.py").is_file()


SERVERS: list[int] = []  # pids of the gunicorn master and the report workers


def children_cpu(parents: list[int]) -> float:
    """CPU seconds (user + system) used so far by the processes whose parent is one of
    ``parents``, and by those processes themselves (gunicorn workers, report workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) in parents or int(entry.name) in parents:
            # utime, stime, and the reaped children's (an RQ worker renders in a work horse)
            total += sum(int(value) for value in fields[11:15])
    return total / ticks


NICENESS = [0, 10]  # servers and clients; report workers


def _niced() -> None:
    """In a child process before it runs: the chosen niceness (``--nice``)."""
    if NICENESS[0]:
        os.setpriority(os.PRIO_PROCESS, 0, NICENESS[0])


def _queue_niced() -> None:
    """In a report worker before it runs: ``--nice`` plus ``--queue-nice``."""
    if NICENESS[1]:
        os.setpriority(os.PRIO_PROCESS, 0, NICENESS[1])


def drive(host: str, seed_file: Path, out: Path, timeout: float, **options: Any) -> dict[str, Any]:
    """Run the locust driver with ``options`` (as its flags); its JSON result, with the
    CPU seconds the server's processes and the driver used meanwhile."""
    flags = [f"--{key.replace('_', '-')}={value}" for key, value in options.items()]
    command = [sys.executable, str(HERE / "driver.py"), "--host", host, "--seed",
               str(seed_file), "--out", str(out), *flags]
    web_before, queue_before = children_cpu(SERVERS[:1]), children_cpu(SERVERS[1:])
    client_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=ROOT, check=True, timeout=timeout, preexec_fn=_niced)
    client_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    result["cpu"] = {
        "web": children_cpu(SERVERS[:1]) - web_before,
        "queue": children_cpu(SERVERS[1:]) - queue_before,
        "client": (client_after.ru_utime + client_after.ru_stime
                   - client_before.ru_utime - client_before.ru_stime)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--think", default="1-3", help="seconds before each POST: LOW-HIGH")
    parser.add_argument("--duration", type=float, default=60, help="main phase, seconds")
    parser.add_argument("--reports", type=int, default=0,
                        help="new reports requested at a third of the run")
    parser.add_argument("--consultants", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--queue-workers", type=int, default=2,
                        help="report workers (when the queue exists; 0: jobs in-process)")
    parser.add_argument("--capacity", type=float, default=15,
                        help="seconds of each capacity phase (0: skip)")
    parser.add_argument("--capacity-users", type=int, default=16)
    parser.add_argument("--redis-db", type=int, default=13, help="Redis database number")
    parser.add_argument("--database-admin-url", default=database.ADMIN_URL)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--async-commit", action="store_true",
                        help="synchronous_commit off for the scratch database (a busy disk's "
                             "fsync latency out of the figures)")
    parser.add_argument("--nice", type=int, default=0,
                        help="run the servers and clients at this niceness (negative: ahead "
                             "of other work on a shared machine; needs the privilege)")
    parser.add_argument("--queue-nice", type=int, default=10,
                        help="the report workers' niceness above --nice (10, as the deploy's "
                             "worker unit sets: rendering yields the CPU to respondents)")
    args = parser.parse_args()
    NICENESS[0] = args.nice
    NICENESS[1] = args.nice + args.queue_nice

    folder = Path(tempfile.mkdtemp(prefix="loadtest-"))
    print(f"work folder: {folder}", flush=True)
    port = free_port()
    redis_url = f"redis://127.0.0.1:6379/{args.redis_db}"
    use_queue = queue_available() and args.queue_workers > 0
    processes: list[subprocess.Popen[bytes]] = []
    with database.scratch_database(f"loadtest_{os.getpid()}", args.database_admin_url,
                                   synchronous_commit=not args.async_commit) as url:
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": secrets.token_urlsafe(48),
               "ASSESSMENT_ENV": "production", "BASE_URL": f"http://127.0.0.1:{port}",
               "RATELIMIT_STORAGE_URI": redis_url, "LOG_LEVEL": "WARNING",
               # its writable files (the mail outbox) in the run's folder, not the checkout's
               "INSTANCE_PATH": str(folder / "instance"),
               "REDIS_URL": redis_url if use_queue else "",
               # the servers run this checkout's code, even where another is installed
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                           os.environ.get("PYTHONPATH")]))}
        os.environ.update({k: env[k] for k in ("DATABASE_URL", "SECRET_KEY", "ASSESSMENT_ENV",
                                                "BASE_URL", "RATELIMIT_STORAGE_URI",
                                                "REDIS_URL", "INSTANCE_PATH")})
        _flush_redis(redis_url)
        from assessment.app import create_app

        # Seeding scores assessments, which queues their reports: onto a Redis database of
        # its own, emptied afterwards, so no worker renders them during the measurements.
        seed_queue = f"redis://127.0.0.1:6379/{args.redis_db + 1}"
        os.environ["REDIS_URL"] = seed_queue if use_queue else ""

        capacity_walkers = args.capacity_users * 15 if args.capacity else 0
        print(f"seeding {args.respondents * 3 + capacity_walkers + args.workers * 2} "
              "invitations and "
              f"{args.reports + 3} scored assessments ...", flush=True)
        began = time.monotonic()
        seed = database.seed(create_app(),
                             args.respondents * 3 + capacity_walkers + args.workers * 2,
                             args.reports + 3)
        _flush_redis(seed_queue)
        seed_file = folder / "seed.json"
        seed_file.write_text(json.dumps(seed.to_json()), encoding="utf-8")
        print(f"seeded in {time.monotonic() - began:.0f} s", flush=True)
        try:
            # Only the flags below: gunicorn would otherwise read ./gunicorn.conf.py (the
            # deploy's, which replaces workers every 2,000 requests).
            no_config = folder / "gunicorn.conf.py"
            no_config.write_text("", encoding="utf-8")
            server = subprocess.Popen(
                [str(BIN / "gunicorn"), "--config", str(no_config),
                 "--workers", str(args.workers), "--worker-class", "sync",
                 "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--timeout", "120",
                 "--log-level", "warning", "assessment.app:create_app()"],
                cwd=ROOT, env=env, preexec_fn=_niced)
            processes.append(server)
            SERVERS.append(server.pid)
            if use_queue:
                for _ in range(args.queue_workers):
                    processes.append(subprocess.Popen(
                        [str(BIN / "assessment"), "worker", "--no-stale"], cwd=ROOT, env=env,
                        stdout=subprocess.DEVNULL, preexec_fn=_queue_niced))
                    SERVERS.append(processes[-1].pid)
            wait_for_port(port, server)
            host = f"http://127.0.0.1:{port}"
            warm_up(host, args.workers)
            results = run_phases(args, host, seed_file, folder, capacity_walkers)
        finally:
            for process in reversed(processes):
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        main_run = results["main"]
        by_invitation = {i["invitation_id"]: i["assessment_id"] for i in seed.invitations}
        acknowledged = {**results.get("walk_capacity", {}).get("acknowledged", {}),
                        **main_run["acknowledged"]}
        thanked = results.get("walk_capacity", {}).get("thanked", []) + main_run["thanked"]
        integrity = database.check(url, acknowledged, thanked, by_invitation)
    figures = summary.report(args, results, integrity, use_queue)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    _flush_redis(redis_url)
    if not integrity.clean or figures["errors"]:
        sys.exit(1)


def run_phases(args: argparse.Namespace, host: str, seed_file: Path, folder: Path,
               capacity_walkers: int) -> dict[str, Any]:
    results: dict[str, Any] = {"load_before": os.getloadavg()[0]}
    print("warming up: every worker loads the bank and templates ...", flush=True)
    drive(host, seed_file, folder / "warm.json", 90, respondents=args.workers * 2, duration=10,
          think="0-0", first=capacity_walkers, count=args.workers * 2)
    if args.capacity:
        print(f"capacity: static file, {args.capacity_users} clients, no pause, "
              f"{args.capacity:.0f} s ...", flush=True)
        results["static_capacity"] = drive(host, seed_file, folder / "static.json",
                                           args.capacity + 60, static=args.capacity_users,
                                           duration=args.capacity, think="0-0")
        print(f"capacity: respondents walking, {args.capacity_users} clients, no pause, "
              f"{args.capacity:.0f} s ...", flush=True)
        results["walk_capacity"] = drive(host, seed_file, folder / "walk.json",
                                         args.capacity + 60, respondents=args.capacity_users,
                                         duration=args.capacity, think="0-0", first=0,
                                         count=capacity_walkers)
    print(f"main: {args.respondents} respondents (think {args.think} s), "
          f"{args.consultants} consultants, {args.reports} reports, {args.duration:.0f} s ...",
          flush=True)
    results["main"] = drive(host, seed_file, folder / "main.json", args.duration + 240,
                            respondents=args.respondents, consultants=args.consultants,
                            reports=args.reports, think=args.think, duration=args.duration,
                            first=capacity_walkers + args.workers * 2)
    return results


def _flush_redis(url: str) -> None:
    """Empty the run's Redis database (rate-limit counters, queued jobs) before and after."""
    try:
        import redis

        redis.Redis.from_url(url).flushdb()
    except Exception as error:
        print(f"note: could not empty {url}: {error}", file=sys.stderr)


if __name__ == "__main__":
    main()
