"""The load clients (locust, headless), started by ``run.py`` as a separate process.

Locust monkey-patches the standard library with gevent when it is imported, so this file
is only ever run as a script: ``run.py`` and the test suite never import it.

Users:

- ``Respondent``: opens an invitation link and walks the questionnaire as a browser does:
  GET a page, read its CSRF token, signed form context and answer versions, answer what it
  shows (the bank's complete fixture, or the first option), POST, follow the redirect
  (the same page again when a follow-up question appeared), then the check-your-answers
  page, submit, and the thank-you page. It waits ``--think`` seconds before each POST,
  as a person reads and answers. Each 302 after a save is recorded as acknowledged.
- ``Consultant``: signs in (a consultant: no second factor) and browses the dashboard.
- ``Reporter``: at a third of the run, signs in and asks for a new report of a scored
  assessment; 200 (a PDF) or 202 (being prepared: polled until ready) are both fine.
- ``Static``: GETs a static file with no pause (the baseline of the capacity phase).

Writes a JSON file: every request (name, start, milliseconds, ok), the acknowledged
answers per invitation, the invitations that reached the thank-you page, and the time the
reports were requested and ready.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, User, constant, events, task
from locust.env import Environment

OPTIONS: dict[str, Any] = {}
RECORDS: list[tuple[str, float, float, bool, str]] = []
ACKNOWLEDGED: dict[str, dict[str, Any]] = {}
THANKED: list[int] = []
REPORTS: dict[str, Any] = {"requested_at": None, "ready": []}
QUEUE: list[dict[str, Any]] = []
MAX_REQUESTS_PER_WALK = 120

INPUT = re.compile(r"<(input|textarea|select|option)\b([^>]*)>", re.S)
ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
HIDDEN_TAG = re.compile(r'<input\b[^>]*type="hidden"[^>]*>')


def hidden(form: str) -> list[tuple[str, str]]:
    """The hidden fields of a form (CSRF token, form context, answer versions)."""
    fields = []
    for tag in HIDDEN_TAG.findall(form):
        attributes = dict(ATTRIBUTE.findall(tag))
        if "name" in attributes:
            fields.append((attributes["name"], unescape(attributes.get("value", ""))))
    return fields


@events.request.add_listener  # type: ignore[untyped-decorator]
def _record(request_type: str, name: str, response_time: float, response_length: int,
            exception: Exception | None = None, start_time: float | None = None,
            **_kw: Any) -> None:
    RECORDS.append((name, start_time or time.time(), response_time, exception is None,
                    "" if exception is None else str(exception)[:200]))


@events.user_error.add_listener  # type: ignore[untyped-decorator]
def _crashed(user_instance: Any, exception: Exception, tb: Any) -> None:
    RECORDS.append(("client error", time.time(), 0.0, False, repr(exception)[:200]))


def think() -> None:
    low, high = OPTIONS["think"]
    if high > 0:
        gevent.sleep(random.uniform(low, high))


def form_of(page: str, marker: str) -> str:
    """The HTML of the form whose opening tag contains ``marker`` ("" if none)."""
    start = page.find(marker)
    if start < 0:
        return ""
    start = page.rfind("<form", 0, start)
    end = page.find("</form>", start)
    return page[start:end]


def answer_form(form: str, answers: dict[str, Any]) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """The fields to post for a question page, and the answers they give (question id ->
    value, as the integrity check compares them)."""
    fields = hidden(form)
    questions: dict[str, dict[str, Any]] = {}
    select = None
    for tag, raw in INPUT.findall(form):
        attributes = dict(ATTRIBUTE.findall(raw))
        name = attributes.get("name")
        if tag == "option":
            if select is not None and attributes.get("value"):
                questions[select].setdefault("options", []).append(attributes["value"])
            continue
        if not name or attributes.get("type") == "hidden":
            continue
        kind = tag if tag != "input" else attributes.get("type", "text")
        if name.endswith("-special"):
            questions.setdefault(name[:-8], {}).setdefault("special", []).append(
                attributes.get("value", ""))
            continue
        entry = questions.setdefault(name, {})
        entry.setdefault("kind", kind)
        if "numeric" in raw:
            entry["numeric"] = True
        if kind in ("radio", "checkbox"):
            entry.setdefault("options", []).append(attributes.get("value", ""))
        if tag == "select":
            select = name
    given: dict[str, Any] = {}
    for question_id, entry in questions.items():
        wanted = answers.get(question_id)
        options = entry.get("options", [])
        if isinstance(wanted, str) and wanted in entry.get("special", []):
            fields.append((f"{question_id}-special", wanted))
            given[question_id] = wanted
            continue
        kind = entry.get("kind", "text")
        if kind == "checkbox":
            chosen = [o for o in options if isinstance(wanted, list) and o in map(str, wanted)]
            chosen = chosen or options[:1]
            fields.extend((question_id, value) for value in chosen)
            given[question_id] = chosen
        elif options:
            text = _text(wanted)
            value = text if text in options else options[0]
            fields.append((question_id, value))
            given[question_id] = value
        else:
            value = _text(wanted) if wanted is not None and not isinstance(wanted, list) else (
                "1" if entry.get("numeric") else "Load test answer")
            fields.append((question_id, value))
            given[question_id] = value
    fields.append(("action", "continue"))
    return fields, given


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class Respondent(FastHttpUser):
    """One respondent after another, each walking the questionnaire to the thank-you page."""

    wait_time = constant(0)

    @task
    def walk(self) -> None:
        if not QUEUE:
            gevent.sleep(3600)  # nothing left to answer; the run ends this user
            return
        invitation = QUEUE.pop(0)
        self.client.cookiejar.clear()
        walk_one(self.client, invitation)


def walk_one(client: Any, invitation: dict[str, Any]) -> None:
    key = str(invitation["invitation_id"])
    response = get(client, f"/i/{invitation['token']}", "link")
    location = (response.headers or {}).get("Location", "") if response else ""
    if not location:
        return
    location = "/a/"
    for _ in range(MAX_REQUESTS_PER_WALK):
        path = location.split("127.0.0.1", 1)[-1].split(":", 1)[-1]
        path = path[path.find("/"):] if "/" in path else path
        if path.startswith("/a/s/"):
            response = get(client, path, "page")
            if response is None:
                return
            form = form_of(response.text, 'id="answers-form"')
            fields, given = answer_form(form, OPTIONS["answers"])
            think()
            posted = post(client, path, fields, "save")
            if posted is None:
                return
            ACKNOWLEDGED.setdefault(key, {}).update(given)
            location = (posted.headers or {}).get("Location", "")
        elif path.startswith("/a/review") or path == "/a/":
            response = get(client, path, "review" if "review" in path else "start")
            if response is None:
                return
            if path == "/a/":
                found = re.search(r'href="(/a/s/[^"]+)"', response.text)
                if not found:
                    return
                location = found.group(1)
                continue
            form = form_of(response.text, 'action="/a/submit"')
            think()
            posted = post(client, "/a/submit", hidden(form), "submit")
            if posted is None:
                return
            location = (posted.headers or {}).get("Location", "")
        elif path.startswith("/a/done"):
            response = get(client, path, "done")
            if response is not None:
                THANKED.append(invitation["invitation_id"])
            return
        else:
            fail("walk", f"unexpected place {location!r}")
            return


def get(client: Any, path: str, name: str) -> Any:
    with client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
        if response.status_code in (200, 302, 303):
            response.success()
            return response
        response.failure(f"{name}: {response.status_code}")
        return None


def post(client: Any, path: str, fields: list[tuple[str, str]], name: str) -> Any:
    with client.post(path, data=urlencode(fields), name=name, allow_redirects=False,
                     headers={"Content-Type": "application/x-www-form-urlencoded"},
                     catch_response=True) as response:
        if response.status_code in (302, 303):
            response.success()
            return response
        response.failure(f"{name}: {response.status_code}")
        return None


def fail(name: str, why: str) -> None:
    events.request.fire(  # type: ignore[no-untyped-call]
        request_type="WALK", name=name, response_time=0, response_length=0,
        exception=RuntimeError(why), start_time=time.time())


def sign_in(client: Any) -> bool:
    page = get(client, "/login", "login page")
    if page is None:
        return False
    form = form_of(page.text, 'action="/login"')
    fields = [*hidden(form), ("email", OPTIONS["email"]), ("password", OPTIONS["password"])]
    return post(client, "/login", fields, "login") is not None


class Consultant(FastHttpUser):
    """Signs in once, then reads the list, an assessment and the portfolio, in turn."""

    wait_time = constant(0)
    signed_in = False

    @task
    def browse(self) -> None:
        if not self.signed_in:
            self.signed_in = sign_in(self.client)
            if not self.signed_in:
                gevent.sleep(5)
                return
        get(self.client, "/dashboard/", "dashboard list")
        think()
        ids = OPTIONS["scored"] or [OPTIONS["any_assessment"]]
        get(self.client, f"/dashboard/assessments/{random.choice(ids)}", "dashboard assessment")
        think()
        get(self.client, "/dashboard/portfolio", "dashboard portfolio")
        think()


class Reporter(FastHttpUser):
    """At a third of the run: one new report, polled until it is ready (or the run ends)."""

    wait_time = constant(0)
    done = False

    @task
    def report(self) -> None:
        if self.done or not OPTIONS["report_ids"]:
            gevent.sleep(3600)
            return
        self.done = True
        assessment_id = OPTIONS["report_ids"].pop(0)
        sign_in(self.client)
        gevent.sleep(max(0.0, OPTIONS["report_at"] - time.time()))
        REPORTS["requested_at"] = REPORTS["requested_at"] or time.time()
        deadline = time.time() + 180
        while time.time() < deadline:
            # Another language than the assessment's: a report nobody has rendered yet.
            with self.client.get(f"/reports/{assessment_id}.pdf?lang={OPTIONS['report_language']}",
                                 name="report",
                                 allow_redirects=False, catch_response=True) as response:
                headers = response.headers or {}
                pdf = headers.get("Content-Type", "").startswith("application/pdf")
                ok = response.status_code == 202 or (response.status_code == 200 and pdf)
                if ok:
                    response.success()
                else:
                    response.failure(f"report {response.status_code}")
                if response.status_code == 200:
                    REPORTS["ready"].append(time.time())
                    return
                if not ok:
                    return
            gevent.sleep(1)


class Static(FastHttpUser):
    """The baseline: a static file, as fast as the server gives it."""

    wait_time = constant(0)

    @task
    def asset(self) -> None:
        get(self.client, OPTIONS["static_path"], "static")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--seed", required=True, help="the seed JSON written by run.py")
    parser.add_argument("--out", required=True)
    parser.add_argument("--respondents", type=int, default=0)
    parser.add_argument("--consultants", type=int, default=0)
    parser.add_argument("--reports", type=int, default=0)
    parser.add_argument("--static", type=int, default=0)
    parser.add_argument("--think", default="1-3")
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--first", type=int, default=0, help="first invitation to use")
    parser.add_argument("--count", type=int, default=0, help="invitations to use (0: all)")
    parser.add_argument("--static-path", default="/static/js/questionnaire.js")
    parser.add_argument("--report-language", default="nl")
    args = parser.parse_args()
    seed = json.loads(Path(args.seed).read_text(encoding="utf-8"))
    low, _, high = args.think.partition("-")
    OPTIONS.update(
        think=(float(low), float(high or low)), answers=seed["answers"],
        email=seed["consultant_email"], password=seed["consultant_password"],
        scored=seed["scored"][args.reports:], report_ids=seed["scored"][:args.reports],
        any_assessment=seed["invitations"][0]["assessment_id"],
        report_at=time.time() + args.duration / 3, static_path=args.static_path,
        report_language=args.report_language)
    QUEUE.extend(seed["invitations"][args.first:args.first + args.count if args.count else None])
    classes: list[type[User]] = []
    kinds: tuple[tuple[type[User], int], ...] = (
        (Respondent, args.respondents), (Consultant, args.consultants),
        (Reporter, args.reports), (Static, args.static))
    for cls, count in kinds:
        if count:
            cls.fixed_count = count
            cls.host = args.host
            classes.append(cls)
    environment = Environment(user_classes=classes, events=events)
    runner = environment.create_local_runner()
    total = sum(c.fixed_count for c in classes)
    started = time.time()
    runner.start(total, spawn_rate=max(total / 3, 1))
    gevent.spawn_later(args.duration, runner.quit)
    runner.greenlet.join()
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump({"started": started, "ended": time.time(), "records": RECORDS,
                   "acknowledged": ACKNOWLEDGED, "thanked": THANKED, "reports": REPORTS,
                   "invitations_left": len(QUEUE)}, out)


if __name__ == "__main__":
    main()
