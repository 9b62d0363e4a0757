"""The URL fetcher serves bundled assets and refuses everything else."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from reports.fetcher import AssetRefused, BundledAssetFetcher, asset_url, resolve_asset
from reports.render import ReportRenderError, render_pdf


def test_serves_a_bundled_font_with_its_content_type() -> None:
    response = BundledAssetFetcher().fetch("report-asset:fonts/NotoSans-Regular.ttf")
    body = response.read()
    assert body[:4] == b"\x00\x01\x00\x00"  # a TrueType font
    assert response.content_type == "font/ttf"


def test_serves_the_stylesheet_as_css() -> None:
    response = BundledAssetFetcher().fetch(asset_url("css/report.css"))
    assert response.content_type == "text/css"
    assert b"@font-face" in response.read()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "only bundled report assets"),
        ("FILE:///etc/passwd", "only bundled report assets"),
        ("http://example.com/logo.png", "only bundled report assets"),
        ("https://example.com/x.css", "only bundled report assets"),
        ("data:text/css,body{}", "only bundled report assets"),
        ("ftp://example.com/x.ttf", "only bundled report assets"),
        ("//example.com/x.css", "only bundled report assets"),
        ("report-asset:../../../../etc/passwd.css", "leaves the assets folder"),
        ("report-asset:/etc/ssl/x.css", "leaves the assets folder"),
        ("report-asset:fonts\\..\\..\\x.css", "leaves the assets folder"),
        ("report-asset:fonts/LICENSE-Noto.txt", "not a font, stylesheet or image"),
        ("report-asset:fonts/missing.ttf", "no such bundled asset"),
        ("report-asset:", "only bundled report assets"),
    ],
)
def test_refuses_everything_else(url: str, reason: str) -> None:
    fetcher = BundledAssetFetcher()
    with pytest.raises(AssetRefused, match=reason):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_asset_url_checks_the_asset_exists() -> None:
    assert asset_url("fonts/DejaVuSans.ttf") == "report-asset:fonts/DejaVuSans.ttf"
    assert resolve_asset(asset_url("fonts/DejaVuSans.ttf")).name == "DejaVuSans.ttf"
    with pytest.raises(AssetRefused):
        asset_url("fonts/nope.ttf")


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="file:///etc/passwd" alt="x">',
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
        '<p style="background: url(data:image/png;base64,iVBORw0KGgo=)">x</p>',
    ],
)
def test_weasyprint_never_fetches_outside_urls(markup: str) -> None:
    """Even markup that could only come from a template bug stops the render, fetching nothing."""
    html = f"<!DOCTYPE html><html lang=en><head><title>t</title></head><body>{markup}</body></html>"
    with pytest.raises(ReportRenderError, match="refused to fetch"):
        render_pdf(html, identifier="test")


def test_an_attachment_link_embeds_nothing_and_fetches_nothing() -> None:
    """Attachments are dropped before the PDF is written, so the URL is never even fetched."""
    html = ('<!DOCTYPE html><html lang=en><head><title>t</title>'
            '<link rel="attachment" href="file:///etc/hostname"></head><body><p>x</p></body></html>')
    pdf = PdfReader(io.BytesIO(render_pdf(html, identifier="test")))
    assert "/EmbeddedFiles" not in pdf.trailer["/Root"].get("/Names", {})
    assert pdf.attachments == {}
