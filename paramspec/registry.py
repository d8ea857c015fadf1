"""One small registry shape for every kind of named thing (surfaces, optimizers, schedules, datasets,
activations, initialisers, scenes): an ordered, immutable name -> entry table with one wording for an unknown
name.

>>> colours = Registry("colour", {"red": 1, "blue": 2})
>>> colours.names()
['red', 'blue']
>>> colours["blue"]
2
>>> colours["green"]
Traceback (most recent call last):
  ...
KeyError: "unknown colour 'green'; choose one of red, blue"
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Generic, TypeVar

from paramspec import resolve

T = TypeVar("T")

# A name quoted in a message is cut to this many characters: names come from URLs and may be huge.
EXCERPT = 40


def excerpt(text: object, limit: int = EXCERPT) -> str:
    """``repr``-free short form of user text for messages: at most ``limit`` characters, ``…`` when cut."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Registry(Mapping[str, T], Generic[T]):
    """Ordered name -> entry table. Order is the catalogue order every picker, URL, CLI and doc shows."""

    def __init__(self, kind: str, entries: Mapping[str, T]):
        self.kind = kind
        self._entries = dict(entries)

    def names(self) -> list[str]:
        return list(self._entries)

    def __getitem__(self, name: str) -> T:
        try:
            return self._entries[name]
        except (KeyError, TypeError):
            raise KeyError(self.unknown(name)) from None

    def settings(self, name: str, given: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
        """Entry ``name``'s parameters (its ``params``, :class:`paramspec.Param` s) with ``given`` applied and
        each validated, in declaration order: a hashable key for a cache of built entries.

        Unknown name -> ``KeyError``, unknown parameter -> ``TypeError``, bad value -> ``ValueError`` (with
        the allowed range).
        """
        entry = self[name]
        resolved = resolve(entry.params, dict(given), owner=f"{self.kind} {name!r}")
        return tuple((p.name, p.validate(resolved[p.name])) for p in entry.params)

    def unknown(self, name: object) -> str:
        """The one message for a name that is not registered (the name cut to a short excerpt)."""
        return f"unknown {self.kind} {excerpt(name)!r}; choose one of {', '.join(self._entries)}"

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)
