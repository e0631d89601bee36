"""English for counts: the one place a noun (or a noun and its verb) agrees with a number."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``plural(1, "high risk")`` is '1 high risk', ``plural(2, "high risk")`` '2 high risks'.

    ``many`` is the plural form when adding an 's' is wrong, or when a verb follows:
    ``plural(n, "item depends", "items depend")``.
    """
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def either(options: list[str] | tuple[str, ...]) -> str:
    """``either([".md", ".html", ".json"])`` is '.md, .html or .json'."""
    return options[0] if len(options) == 1 else f"{', '.join(options[:-1])} or {options[-1]}"
