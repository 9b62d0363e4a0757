"""The security headers of every response: error pages, static files and reports included.

Blueprints add what differs for their pages (``no-store``, a stricter referrer policy) in
their own ``after_request``, which Flask runs before this app-wide one; the baseline only
fills in what is still missing, so their choices stand.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request

from assessment.config import served_over_https

# Scripts and styles come only from our own static files: no inline script or style
# anywhere in the templates, which this policy enforces.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
BASELINE = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
    """Give every response of the app the baseline headers (and HSTS over HTTPS)."""
    app.after_request(apply_baseline)


def apply_baseline(response: Response) -> Response:
    """Fill in each baseline header the response does not set itself."""
    for name, value in BASELINE.items():
        response.headers.setdefault(name, value)
    if _served_over_https():
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    return response


def _served_over_https() -> bool:
    # request.is_secure honours a proxy's X-Forwarded-Proto once ProxyFix is installed
    # (TRUSTED_PROXIES); an https BASE_URL says the site is only meant to be reached over
    # HTTPS anyway, and then the cookies are Secure as well (assessment/config.py).
    return request.is_secure or served_over_https(current_app.config)
