"""Running behind proxies: trust exactly ``TRUSTED_PROXIES`` hops of X-Forwarded-* headers.

With nginx (or a load balancer) in front, every request comes from the proxy's address
over plain HTTP. Werkzeug's ProxyFix takes the client's address, the scheme and the host
from the headers the last ``n`` proxies appended, so the link-guessing and sign-in limits
count per client, ``request.is_secure`` is true behind TLS (HSTS, Secure cookies) and
``url_for(_external=True)`` names the public host. With 0 (the default) the headers are
ignored: a client talking to the app directly cannot forge its address.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    """Wrap the WSGI app in ProxyFix when TRUSTED_PROXIES is above 0."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
