"""Figures of a load run: per request type p50/p95/p99, errors and throughput; the walk's
throughput beside the static file's; respondents' pages before and while reports render;
the integrity check. Pure arithmetic on the driver's records (no locust, no database)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Sequence
from typing import Any

from benchmarks.load.database import Integrity

RESPONDENT = ("link", "start", "page", "save", "review", "submit", "done")
WARM_UP_SECONDS = 5.0  # the main phase's first seconds (users still arriving) are left out


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def table(records: Iterable[Sequence[Any]], seconds: float) -> dict[str, dict[str, float]]:
    """name -> count, errors, req/s, p50/p95/p99 (ms)."""
    by_name: dict[str, list[Sequence[Any]]] = {}
    for record in records:
        by_name.setdefault(record[0], []).append(record)
    rows = {}
    for name, found in sorted(by_name.items()):
        times = [r[2] for r in found if r[3]]
        rows[name] = {"requests": len(found), "errors": sum(not r[3] for r in found),
                      "rps": len(found) / seconds if seconds else 0.0,
                      "p50": percentile(times, 50), "p95": percentile(times, 95),
                      "p99": percentile(times, 99)}
    return rows


def _print_table(title: str, rows: dict[str, dict[str, float]]) -> None:
    print(f"\n{title}")
    print(f"{'request':<22}{'count':>8}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'p99 ms':>9}")
    for name, row in rows.items():
        print(f"{name:<22}{row['requests']:>8}{row['errors']:>8}{row['rps']:>9.1f}"
              f"{row['p50']:>9.1f}{row['p95']:>9.1f}{row['p99']:>9.1f}")


def _cpu_line(result: dict[str, Any]) -> dict[str, float]:
    """CPU per request of a phase: the web workers', the report workers' and the clients'."""
    cpu, count = result.get("cpu", {}), max(len(result["records"]), 1)
    figures = {f"{k}_cpu_ms_per_request": v / count * 1000 for k, v in cpu.items()}
    if cpu:
        wall = result["ended"] - result["started"]
        print(f"CPU per request: web workers {figures['web_cpu_ms_per_request']:.1f} ms, "
              f"load clients {figures['client_cpu_ms_per_request']:.1f} ms; over the phase the "
              f"web workers used {cpu['web'] / wall:.2f} CPUs, the report workers "
              f"{cpu['queue'] / wall:.2f}, the clients {cpu['client'] / wall:.2f}")
    return figures


def _phase(result: dict[str, Any], skip: float = 0.0) -> tuple[list[Sequence[Any]], float]:
    start = result["started"] + skip
    records = [r for r in result["records"] if r[1] >= start]
    return records, max(result["ended"] - start, 1e-9)


def report(args: argparse.Namespace, results: dict[str, Any], integrity: Integrity,
           queue: bool) -> dict[str, Any]:
    """Print the figures; return them as data."""
    figures: dict[str, Any] = {
        "respondents": args.respondents, "think": args.think, "duration": args.duration,
        "workers": args.workers, "queue_workers": args.queue_workers if queue else 0}
    print(f"\ngunicorn {args.workers} sync workers; report queue "
          f"{'on Redis, ' + str(args.queue_workers) + ' workers' if queue else 'in-process'}; "
          f"PostgreSQL; rate limits on Redis; {os.cpu_count()} CPUs; load average before the "
          f"run {results.get('load_before', 0):.1f}, after {os.getloadavg()[0]:.1f}; "
          f"niceness {args.nice} (report workers {args.nice + args.queue_nice}); "
          f"synchronous_commit "
          f"{'off' if args.async_commit else 'on'}")
    if "static_capacity" in results:
        static_records, static_seconds = _phase(results["static_capacity"], 1.0)
        walk_records, walk_seconds = _phase(results["walk_capacity"], 1.0)
        static_rows = table(static_records, static_seconds)
        walk_rows = table(walk_records, walk_seconds)
        _print_table(f"capacity, static file ({args.capacity_users} clients, no pause)",
                     static_rows)
        figures["static_cpu"] = _cpu_line(results["static_capacity"])
        _print_table(f"capacity, respondents walking ({args.capacity_users} clients, no pause)",
                     walk_rows)
        figures["walk_cpu"] = _cpu_line(results["walk_capacity"])
        static_rps = sum(r["rps"] for r in static_rows.values())
        walk_rps = sum(r["rps"] for n, r in walk_rows.items() if n in RESPONDENT)
        ratio = walk_rps / static_rps if static_rps else 0.0
        figures.update(static_rps=static_rps, walk_rps=walk_rps, walk_ratio=ratio,
                       capacity={"static": static_rows, "walk": walk_rows})
        print(f"\nwalk throughput {walk_rps:.0f} req/s = {ratio:.2f}x the static file's "
              f"{static_rps:.0f} req/s on the same server")
    main = results["main"]
    records, seconds = _phase(main, WARM_UP_SECONDS)
    rows = table(records, seconds)
    _print_table(f"main: {args.respondents} respondents, think {args.think} s, "
                 f"{args.duration:.0f} s (first {WARM_UP_SECONDS:.0f} s left out)", rows)
    figures["main_cpu"] = _cpu_line(main)
    errors = sum(r["errors"] for r in table(main["records"], 1).values())
    figures.update(main=rows, errors=errors, walks_finished=len(main["thanked"]))
    reasons: dict[str, int] = {}
    for record in main["records"]:
        if not record[3]:
            reasons[f"{record[0]}: {record[4]}"] = reasons.get(f"{record[0]}: {record[4]}", 0) + 1
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1])[:10]:
        print(f"  error x{count}: {reason}")
    print(f"errors: {errors}; walks finished (thank-you page): {len(main['thanked'])}; "
          f"total {sum(r['rps'] for r in rows.values()):.1f} req/s")
    if args.reports:
        figures["reports"] = _reports(main, args.reports)
    print(f"\nintegrity: {integrity.acknowledged_answers} acknowledged answers checked; "
          f"{len(integrity.missing_or_different)} missing or different; "
          f"{len(integrity.duplicates)} duplicate rows; {integrity.thank_you_pages} thank-you "
          f"pages, {len(integrity.not_submitted)} without a submitted, scored assessment: "
          f"{'CLEAN' if integrity.clean else 'FAILED'}")
    for problem in (integrity.missing_or_different + integrity.duplicates
                    + integrity.not_submitted)[:20]:
        print(f"  {problem}")
    figures["integrity"] = {"acknowledged": integrity.acknowledged_answers,
                            "missing_or_different": len(integrity.missing_or_different),
                            "duplicates": len(integrity.duplicates),
                            "thank_you_pages": integrity.thank_you_pages,
                            "not_submitted": len(integrity.not_submitted),
                            "clean": integrity.clean}
    return figures


def _reports(main: dict[str, Any], count: int) -> dict[str, Any]:
    """Respondents' page and save latency before the reports were asked for, and while
    they rendered (from the request to the last one ready, or the end)."""
    asked = main["reports"]["requested_at"]
    if asked is None:
        print("reports: none was requested")
        return {}
    ready = main["reports"]["ready"]
    until = max(ready) if len(ready) >= count else main["ended"]
    start = main["started"] + WARM_UP_SECONDS
    out: dict[str, Any] = {"ready": len(ready), "seconds_to_last": until - asked}
    print(f"\n{count} new reports asked for at {asked - main['started']:.0f} s; {len(ready)} "
          f"ready, the last after {until - asked:.1f} s")
    for name in ("page", "save"):
        before = [r[2] for r in main["records"] if r[0] == name and r[3] and start <= r[1] < asked]
        during = [r[2] for r in main["records"] if r[0] == name and r[3] and asked <= r[1] <= until]
        p_before, p_during = percentile(before, 95), percentile(during, 95)
        rise = p_during / p_before if p_before else 0.0
        out[name] = {"p95_before": p_before, "p95_during": p_during, "rise": rise,
                     "n_before": len(before), "n_during": len(during)}
        print(f"{name}: p95 {p_before:.0f} ms before ({len(before)}), {p_during:.0f} ms while "
              f"rendering ({len(during)}): x{rise:.2f}")
    return out
