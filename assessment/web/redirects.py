"""The one local-redirect check of the app: only a path on this site, never another site."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str) -> str:
    """``target`` if it is a local path (``/x``, not ``//x``, no scheme or host), else default."""
    if not target:
        return default
    cleaned = target.strip()
    # Browsers treat a backslash like a slash ("/\\evil.com" is "//evil.com"), and strip
    # tabs and newlines inside URLs: refuse them rather than guess.
    if any(ch in cleaned for ch in "\\\t\r\n") or any(ord(ch) < 32 for ch in cleaned):
        return default
    if not cleaned.startswith("/") or cleaned.startswith("//"):
        return default
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc:
        return default
    return cleaned
