"""Which addresses may be followed: web addresses only (http and https with a host, mailto
with an address). Every writer (JSON, csv, markdown, xlsx, docx) makes only these links; any
other address a page gives (`javascript:`, `file:`, a relative or UNC path) is kept as text.
"""

from __future__ import annotations

from urllib.parse import urlsplit

_WEB_SCHEMES = frozenset({"http", "https", "mailto"})


def web_link(href: str) -> str:
    """`href`, stripped, if it is a web address; else ""."""
    address = href.strip()
    # The only printable whitespace is the space: every other kind is a control or separator.
    if not address.isprintable() or " " in address:
        return ""
    try:
        parts = urlsplit(address)
    except ValueError:  # e.g. a malformed IPv6 host
        return ""
    if parts.scheme not in _WEB_SCHEMES:  # urlsplit gives the scheme in lower case
        return ""
    has_target = parts.path if parts.scheme == "mailto" else parts.netloc
    return address if has_target else ""


def other_address(href: str) -> str:
    """`href`, stripped, if it is not a web address (kept as text, never a link); else ""."""
    return "" if web_link(href) else href.strip()
