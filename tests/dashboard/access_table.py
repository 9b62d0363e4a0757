"""The expected answer of every dashboard route for every kind of user.

test_access_matrix.py walks **every** rule under /dashboard in the app's url_map and fails
if a (endpoint, method) pair is missing here, so a new route cannot ship without saying
who may use it. A part that adds routes adds rows here (and URL_VALUES for new URL
arguments). Status codes: 200 page, 303 done (redirect after POST), 403 may list but not
act, 404 may not even know it exists; anonymous visitors always get 302 to /login.

``shows_org`` (GET rows answering 200): whether the page or file names the owned
assessment's organisation, i.e. whether its data leaks to that user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("owner", "collaborator", "other", "sales", "admin")


@dataclass(frozen=True)
class Expect:
    """Expected status per role (anonymous: always the login redirect)."""

    owner: int
    collaborator: int
    other: int
    sales: int
    admin: int
    data: Callable[[Any], dict[str, Any]] = field(default=lambda cast: {})
    shows_org: frozenset[str] = frozenset()

    def status(self, role: str) -> int:
        """The expected status code for a role."""
        return int(getattr(self, role))


def everyone(code: int, **kwargs: Any) -> Expect:
    """Every signed-in role gets the same answer."""
    return Expect(code, code, code, code, code, **kwargs)


def admin_only(code: int, **kwargs: Any) -> Expect:
    """Admins get ``code``; every other role 403."""
    return Expect(403, 403, 403, 403, code, **kwargs)


MEMBERS = frozenset({"owner", "collaborator", "admin"})
LISTERS = frozenset({"owner", "collaborator", "sales", "admin"})

# Values for URL arguments, from the Cast of tests/dashboard/conftest.py.
URL_VALUES: dict[str, Callable[[Any], Any]] = {
    "assessment_id": lambda cast: cast.assessment.id,
    # Users the route acts on: the collaborator for sharing, "other" for user admin.
    "user_id": lambda cast: cast.collaborator.id,
}
URL_VALUES_BY_ENDPOINT: dict[str, dict[str, Callable[[Any], Any]]] = {
    "dashboard.user_role": {"user_id": lambda cast: cast.other.id},
    "dashboard.user_active": {"user_id": lambda cast: cast.other.id},
}

TABLE: dict[tuple[str, str], Expect] = {
    ("dashboard.index", "GET"): everyone(200, shows_org=LISTERS),
    ("dashboard.export_list", "GET"): everyone(200, shows_org=LISTERS),
    ("dashboard.export_assessment", "GET"): Expect(200, 200, 404, 403, 200, shows_org=MEMBERS),
    ("dashboard.sharing", "GET"): Expect(200, 200, 404, 403, 200, shows_org=MEMBERS),
    ("dashboard.share_add", "POST"): Expect(
        303, 403, 404, 403, 303, data=lambda cast: {"user_id": cast.other.id}
    ),
    ("dashboard.share_remove", "POST"): Expect(303, 403, 404, 403, 303),
    ("dashboard.users_list", "GET"): admin_only(200),
    ("dashboard.user_new", "GET"): admin_only(200),
    ("dashboard.user_new", "POST"): admin_only(
        303,
        data=lambda cast: {
            "email": "new.person@example.com",
            "role": "consultant",
            "password": "a long enough passphrase",
            "confirm": "a long enough passphrase",
        },
    ),
    ("dashboard.user_role", "POST"): admin_only(303, data=lambda cast: {"role": "sales"}),
    ("dashboard.user_active", "POST"): admin_only(303),
}
