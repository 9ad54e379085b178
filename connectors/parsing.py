"""Defensive readers for the loosely typed values the UN APIs return."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

# Markers the sources use for "no value": SDG null/"NaN", UNHCR "-", blanks everywhere.
_MISSING_MARKERS = frozenset({"", "-", "nan", "null", "none", "n/a", "na", ".."})
_YEAR_PREFIX = re.compile(r"^\s*(\d{4})")

Row = TypeVar("Row")


def parse_value(raw: Any) -> tuple[float | None, str | None]:
    """Return (number, raw text) for a JSON value; non-numbers keep their text and give None."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _finite(float(raw)), str(raw)
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        return None, None
    if text.lower() in _MISSING_MARKERS:
        return None, text
    try:
        number = float(text)
    except ValueError:
        # Notes such as "<0.1" are real information; keep them as text only.
        return None, text
    return _finite(number), text


def _finite(number: float) -> float | None:
    """Return `number` unless it is NaN or infinite."""
    return number if math.isfinite(number) else None


def parse_year(raw: Any) -> int | None:
    """Return the year of 2007, 2007.0, '2007', '2007.0' or '2020-2025' (its first year)."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if math.isfinite(raw) else None
    if isinstance(raw, str):
        try:
            return int(float(raw))
        except ValueError:
            match = _YEAR_PREFIX.match(raw)
            return int(match.group(1)) if match else None
    return None


def clean_footnotes(raw: Any) -> tuple[str, ...]:
    """Return the non-blank footnotes of [], [''], null or a bare string."""
    if raw is None:
        return ()
    items: Iterable[Any] = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple):
        return ()
    return tuple(text for item in items if isinstance(item, str) and (text := item.strip()))


def clean_dimensions(raw: Any) -> dict[str, str]:
    """Return a str-to-str copy of a dimensions object, or {} for anything else."""
    if not isinstance(raw, Mapping):
        return {}
    return {str(key): str(value) for key, value in raw.items() if value is not None}


def pick_preferred(
    rows: Sequence[Row],
    group_key: Callable[[Row], Hashable],
    preferences: Sequence[Callable[[Row], bool]],
) -> list[Row]:
    """Within each group keep, preference by preference, the rows that match when any do."""
    groups: dict[Hashable, list[Row]] = {}
    for row in rows:
        groups.setdefault(group_key(row), []).append(row)
    kept: list[Row] = []
    for group in groups.values():
        chosen = group
        for prefers in preferences:
            if len(chosen) == 1:
                break
            matching = [row for row in chosen if prefers(row)]
            # A group without a matching row has no total for this dimension; keep it whole.
            if matching:
                chosen = matching
        kept.extend(chosen)
    return kept


def in_years(year: int, start_year: int | None, end_year: int | None) -> bool:
    """Return whether `year` falls inside the optional inclusive bounds."""
    return (start_year is None or year >= start_year) and (end_year is None or year <= end_year)
