"""English for counts: the one place a noun (or a noun and its verb) agrees with a number."""

from __future__ import annotations

from collections.abc import Sequence


def plural(count: int, word: str, many: str | None = None) -> str:
    """``plural(1, "high risk")`` is '1 high risk', ``plural(2, "high risk")`` '2 high risks'.

    ``many`` is the plural form when adding an 's' is wrong, or when a verb follows:
    ``plural(n, "item depends", "items depend")``.
    """
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def either(options: Sequence[str]) -> str:
    """``either([".md", ".html", ".json"])`` is '.md, .html or .json'."""
    return _series(options, "or")


def both(items: Sequence[str]) -> str:
    """``both(["a.yaml", "b.yaml"])`` is 'a.yaml and b.yaml'."""
    return _series(items, "and")


def _series(items: Sequence[str], word: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"
