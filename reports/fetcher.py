"""The only URL fetcher WeasyPrint gets: bundled report assets, nothing else.

Every URL in the report HTML that WeasyPrint may fetch (the stylesheet, the fonts)
is written as ``report-asset:<relative path>`` (see :func:`asset_url`). Anything
else — ``http(s)://``, ``file://``, ``data:``, a path that climbs out of the assets
folder, an unknown file type — is refused. There is no network code at all, so
there is nothing that could follow a redirect.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path, PurePosixPath

from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
SCHEME = "report-asset"
CONTENT_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff2": "font/woff2",
    ".svg": "image/svg+xml",
}


class AssetRefused(ValueError):
    """A URL that is not one of the bundled assets; WeasyPrint must not fetch it."""


def asset_url(relative_path: str) -> str:
    """The URL under which the report HTML refers to a bundled asset."""
    resolve_asset(f"{SCHEME}:{relative_path}")
    return f"{SCHEME}:{relative_path}"


def resolve_asset(url: str) -> Path:
    """Map an asset URL to its file inside the assets folder, or raise AssetRefused."""
    scheme, _, rest = url.partition(":")
    if scheme.lower() != SCHEME or not rest:
        raise AssetRefused(f"refused to fetch {url[:200]!r}: only bundled report assets")
    relative = PurePosixPath(rest.split("?", 1)[0].split("#", 1)[0])
    if relative.is_absolute() or ".." in relative.parts or "\\" in rest:
        raise AssetRefused(f"refused to fetch {url[:200]!r}: path leaves the assets folder")
    if relative.suffix.lower() not in CONTENT_TYPES:
        raise AssetRefused(f"refused to fetch {url[:200]!r}: not a font, stylesheet or image")
    path = (ASSETS_DIR / relative).resolve()
    if not path.is_relative_to(ASSETS_DIR) or not path.is_file():
        raise AssetRefused(f"refused to fetch {url[:200]!r}: no such bundled asset")
    return path


@lru_cache(maxsize=64)
def _read(path: Path) -> bytes:
    # Assets are package data that never change while the process runs.
    return path.read_bytes()


class BundledAssetFetcher(URLFetcher):  # type: ignore[misc]
    """WeasyPrint URL fetcher serving bundled assets; every other URL is an error.

    With ``fail_on_errors`` (the default here) a refused URL stops the render
    instead of leaving a silent hole in the document.
    """

    def __init__(self, fail_on_errors: bool = True) -> None:
        super().__init__(allowed_protocols=[SCHEME], allow_redirects=False,
                         fail_on_errors=fail_on_errors)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """Return the asset's bytes with its content type, or raise AssetRefused."""
        try:
            path = resolve_asset(url)
        except AssetRefused:
            self.refused.append(url)
            raise
        content_type = CONTENT_TYPES[path.suffix.lower()]
        return URLFetcherResponse(url, _read(path), {"Content-Type": content_type})
