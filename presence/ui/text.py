"""Put text from the data on screen as text: never as HTML, never as live markdown."""
from __future__ import annotations

import re
from urllib.parse import quote

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


def plain(text: object) -> str:
    """Escape every character markdown (or Streamlit's extensions) could interpret.

    ``st.markdown(plain(x))`` shows x literally: '<script>' stays the characters '<script>', a
    '[link](url)' stays brackets, ':red[...]' and '$math$' stay as typed.
    """
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text)).replace("\n", "  \n")


def safe_url(url: str) -> str | None:
    """An http(s) URL made safe inside a markdown link target, or None for any other scheme."""
    url = str(url).strip()
    if not re.match(r"^https?://", url, re.IGNORECASE):
        return None
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def link(label: object, url: str) -> str:
    """A markdown link whose label is plain text; the label alone when the URL is not http(s)."""
    target = safe_url(url)
    return f"[{plain(label)}]({target})" if target else plain(label)
