"""The consultancy running the tool: its name, SVG logo, contact and closing call to action.

Read once at start from the configuration (``BRAND_NAME``, ``BRAND_LOGO_PATH``,
``BRAND_CONTACT``, ``BRAND_CALL_TO_ACTION`` and ``BRAND_CALL_TO_ACTION_<LANG>``); a logo
that is missing, not an SVG, or carries script or external references stops the start with
an error naming the file. Plain Python (no Flask): the report and the web pages both use it.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

LANGUAGES = ("en", "nl", "fr", "sv")
DEFAULT_NAME = "Commerce Readiness Advisory"
MAX_LOGO_BYTES = 100 * 1024
MAX_TEXT = 400
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# A plain mark in the report's brand blue: three rising bars in a rounded square.
DEFAULT_LOGO = Markup(  # our own constant markup, no outside text in it
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" '
    'aria-hidden="true"><rect width="48" height="48" rx="10" fill="#1d3f6e"/>'
    '<rect x="11" y="26" width="6" height="11" rx="1.5" fill="#c9d6ea"/>'
    '<rect x="21" y="19" width="6" height="18" rx="1.5" fill="#dbe5f3"/>'
    '<rect x="31" y="11" width="6" height="26" rx="1.5" fill="#ffffff"/></svg>'
)
_UNSAFE = re.compile(r"<!DOCTYPE|<!ENTITY|<\?xml-stylesheet", re.IGNORECASE)
_BANNED_TAGS = {"script", "foreignObject", "iframe", "object", "embed", "image", "use"}


class BrandingError(ValueError):
    """The branding configuration cannot be used; the message names the setting or file."""


@dataclass(frozen=True)
class Branding:
    """What the report's cover and closing page and the client pages' footer show."""

    name: str = DEFAULT_NAME
    logo: Markup = DEFAULT_LOGO  # validated inline SVG
    contact: str = ""
    call_to_action: Mapping[str, str] = field(default_factory=dict)  # language ("" = any)

    def call_to_action_in(self, language: str) -> str | None:
        """The closing call to action in ``language``, else the general one, else None."""
        return self.call_to_action.get(language) or self.call_to_action.get("") or None

    def fingerprint(self) -> dict[str, Any]:
        """Plain data for the report id: a changed brand is a new report."""
        return {"name": self.name, "contact": self.contact,
                "call_to_action": dict(sorted(self.call_to_action.items())),
                "logo": hashlib.sha256(str(self.logo).encode()).hexdigest()[:16]}


DEFAULT_BRANDING = Branding()


def from_config(config: Mapping[str, Any]) -> Branding:
    """The branding of ``config`` (an app config or the environment); BrandingError if bad."""
    name = _text(config, "BRAND_NAME") or DEFAULT_NAME
    logo_path = _text(config, "BRAND_LOGO_PATH")
    actions = {"": _text(config, "BRAND_CALL_TO_ACTION")}
    for language in LANGUAGES:
        actions[language] = _text(config, f"BRAND_CALL_TO_ACTION_{language.upper()}")
    return Branding(
        name=name,
        logo=read_logo(Path(logo_path)) if logo_path else DEFAULT_LOGO,
        contact=_text(config, "BRAND_CONTACT"),
        call_to_action={key: value for key, value in actions.items() if value},
    )


def _text(config: Mapping[str, Any], key: str) -> str:
    value = config.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BrandingError(f"{key} must be text, not {type(value).__name__}.")
    text = value.strip()
    if len(text) > MAX_TEXT:
        raise BrandingError(f"{key} is {len(text)} characters long; at most {MAX_TEXT}.")
    return text


def read_logo(path: Path) -> Markup:
    """The SVG at ``path`` as inline markup, checked: BrandingError names the file."""
    where = f"BRAND_LOGO_PATH {str(path)!r}"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BrandingError(f"{where}: no such file.") from None
    except OSError as error:
        raise BrandingError(f"{where}: cannot be read ({error.strerror}).") from None
    if len(raw) > MAX_LOGO_BYTES:
        raise BrandingError(f"{where}: {len(raw)} bytes; a logo is at most {MAX_LOGO_BYTES}.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BrandingError(f"{where}: not an SVG file (not UTF-8 text).") from None
    if _UNSAFE.search(text):
        raise BrandingError(f"{where}: a DOCTYPE, entity or stylesheet is not allowed in a logo.")
    try:
        # No DOCTYPE got this far (refused above), so no entity can expand; the file is the
        # operator's own configuration, not user input.
        root = ElementTree.fromstring(text)  # noqa: S314
    except ElementTree.ParseError as error:
        raise BrandingError(f"{where}: not an SVG file ({error}).") from None
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise BrandingError(f"{where}: not an SVG file (the root element is not <svg> in the "
                            "SVG namespace).")
    for element in root.iter():
        _check_element(element, where)
    ElementTree.register_namespace("", SVG_NAMESPACE)
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    # Safe: parsed, checked element by element above, and written out again by ElementTree.
    return Markup(ElementTree.tostring(root, encoding="unicode"))  # noqa: S704


def _check_element(element: ElementTree.Element, where: str) -> None:
    tag = element.tag.rsplit("}", 1)[-1]
    if tag in _BANNED_TAGS:
        raise BrandingError(f"{where}: <{tag}> is not allowed in a logo (no script, embedded "
                            "or linked content).")
    content = (element.text or "").replace(" ", "")
    if "@import" in content or ("url(" in content and "url(#" not in content):
        raise BrandingError(f"{where}: a logo may not refer to outside content.")
    for attribute, value in element.attrib.items():
        name = attribute.rsplit("}", 1)[-1].lower()
        if name.startswith("on"):
            raise BrandingError(f"{where}: event attribute {name!r} is not allowed in a logo.")
        if (name == "href" or attribute == XLINK_HREF) and not value.startswith("#"):
            raise BrandingError(f"{where}: a logo may not link to {value[:80]!r}.")
        if "url(" in value and "url(#" not in value.replace(" ", ""):
            raise BrandingError(f"{where}: a logo may not refer to outside content.")
