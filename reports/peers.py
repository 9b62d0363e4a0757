"""The peer benchmark in the report's words: 'better than 62% of 14 comparable assessments'."""

from __future__ import annotations

from collections.abc import Mapping

from babel.numbers import format_percent

from reports.i18n import translations


def peer_texts(peers: Mapping[str, tuple[int, int]], lang: str) -> dict[str, str]:
    """Area id -> the sentence, from area id -> (percentile, group size)."""
    ngettext = translations(lang).ngettext
    texts = {}
    for area, (percentile, group) in peers.items():
        message = ngettext(
            "Better than %(percent)s of %(count)s comparable assessment",
            "Better than %(percent)s of %(count)s comparable assessments",
            group,
        )
        texts[area] = message % {
            "percent": format_percent(percentile / 100, locale=lang),
            "count": group,
        }
    return texts
