"""How checks write paths and documents into their messages."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["printable", "short_json", "show_path"]


def show_path(path: Path, relative_to: Path | None) -> str:
    """``path`` relative to ``relative_to`` when inside it (stable across checkouts)."""
    if relative_to is not None and path.is_relative_to(relative_to):
        return path.relative_to(relative_to).as_posix()
    return path.as_posix()


def short_json(document: Any, limit: int = 300) -> str:
    """A document as compact JSON, cut at ``limit`` characters; a lone surrogate (a logic
    may return one) written as ``\\ud800``, since no terminal can print it."""
    text = printable(json.dumps(document, ensure_ascii=False, default=repr))
    return text if len(text) <= limit else text[:limit] + "…"


def printable(text: str) -> str:
    """``text`` with each lone surrogate written as an escape (``\\ud800``)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
