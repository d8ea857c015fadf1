"""User text on the page: shown literally, never as Markdown, HTML or a heading."""

from __future__ import annotations

import re

import streamlit as st

from paramspec.registry import excerpt

# Every ASCII punctuation character that Markdown (CommonMark plus Streamlit's colour, emoji and LaTeX
# directives) may read as syntax; a backslash before it always means the character itself.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!$|<>~:&^=\"'])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
# GitHub-flavoured Markdown turns a bare address (https://..., www...., a@b.c) into a link even when its
# punctuation is escaped; a zero-width space inside the pattern keeps it text.
_AUTOLINK = re.compile(r"(://|www\.|@)", re.IGNORECASE)
_ZERO_WIDTH_SPACE = "\u200b"


def unlinked(text: object) -> str:
    """``text`` with every bare address (``https://...``, ``www.``) broken by a zero-width space after its
    first character, so that Markdown does not turn it into a link; it reads the same."""
    return _AUTOLINK.sub(lambda m: m.group(1)[0] + _ZERO_WIDTH_SPACE + m.group(1)[1:], str(text))


def plain(text: object) -> str:
    """``text`` as st.markdown shows it literally: a typed ``x**2`` is not bold, ``$`` not LaTeX,
    ``[a](b)`` or a bare ``https://...`` not a link, ``![x](y)`` not an image, a newline not a heading."""
    text = unlinked(text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


def notices(intro: str, lines: list[str], limit: int = 12) -> None:
    """One warning with ``intro`` and a bullet per notice (each cut to a short excerpt, at most ``limit``)."""
    if not lines:
        return
    shown = [f"- {plain(excerpt(line, 300))}" for line in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"- … and {len(lines) - limit} more.")
    st.warning(intro + "\n\n" + "\n".join(shown))


def table(rows: list[dict], number: str = "{:g}") -> None:
    """A few rows of computed values as a Markdown table, every cell shown literally; numbers to the right,
    floats written with ``number``.

    For a handful of rows this replaces ``st.dataframe``, which loads pandas and pyarrow into the server
    (about 60 MB that stay for the life of the process) to send them.
    """
    if not rows:
        return
    columns = list(rows[0])
    numeric = [all(isinstance(row[c], (int, float)) for row in rows) for c in columns]
    lines = [
        "| " + " | ".join(plain(c) for c in columns) + " |",
        "|" + "|".join("---:" if right else "---" for right in numeric) + "|",
        *("| " + " | ".join(plain(_cell(row[c], number)) for c in columns) + " |" for row in rows),
    ]
    st.markdown("\n".join(lines))


def _cell(value, number: str) -> object:
    return number.format(value) if isinstance(value, float) else value
