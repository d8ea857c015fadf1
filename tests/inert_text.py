"""What a page shows from a link must stay text: a checker for Markdown values and the hostile values the
tests feed the pages (links, images, HTML, LaTeX, javascript: and bare addresses, all at evil.example)."""

from __future__ import annotations

import re

# Each one, shown as Markdown, would fetch from or link to evil.example (or run a script).
HOSTILE = {
    "image": "![T](http://evil.example/t.png)",
    "link": "[L](http://evil.example/l)",
    "html": '<img src="http://evil.example/h.png">',
    "anchor": "<a href='http://evil.example/a'>A</a>",
    "latex": r"$\href{http://evil.example/x}{x}$",
    "script": "[J](javascript:alert(1))",
    "bare": "see http://evil.example/b or www.evil.example",
    "mail": "x@evil.example",
}

_ESCAPED = re.compile(r"\\.", re.DOTALL)
# our own inline HTML around user text (the lane list's colour dot and style name)
_OWN_TAGS = re.compile(r"<span style='[^'<>]*'>|</span>|<small>|</small>")
_LIVE = {
    "a link or image bracket": re.compile(r"[\[\]]"),
    "an HTML tag or autolink": re.compile(r"<[A-Za-z/!?]"),
    "a bare address": re.compile(r"://|www\.", re.IGNORECASE),
    "an e-mail address": re.compile(r"@\w"),
    "LaTeX": re.compile(r"\$"),
}


def live_markup(value: str, allow_html: bool = False) -> list[str]:
    """The kinds of Markdown syntax ``value`` keeps outside backslash escapes: what Streamlit would draw
    as a link, an image, HTML or LaTeX rather than as the characters themselves."""
    text = _ESCAPED.sub("", str(value))
    if allow_html:
        text = _OWN_TAGS.sub("", text)
    return [kind for kind, pattern in _LIVE.items() if pattern.search(text)]
