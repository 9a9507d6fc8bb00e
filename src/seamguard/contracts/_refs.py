"""Whether a ``$ref`` of a contracts tree may be followed: inside the root, never fetched."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import referencing.exceptions

if TYPE_CHECKING:
    from collections.abc import Container

__all__ = ["ref_problem"]


def ref_problem(
    path: Path,
    base_uri: str,
    ref: str,
    resources: referencing.Registry[Any],
    *,
    root: Path,
    broken: Container[Path],
) -> str | None:
    """Why ``ref``, written in ``path`` where the base URI is ``base_uri``, may not be used:
    it leads out of the contracts ``root`` or to the web, or resolves nowhere; ``None`` when
    it resolves inside the tree (or into a ``broken`` document, reported where it breaks)."""
    target, _ = urldefrag(ref)
    if "\x00" in unquote(target):
        return f"$ref {ref!r} holds a NUL character, which no file name or URI can hold"
    scheme = urlsplit(target).scheme.lower()
    if target and not scheme:
        on_disk = (path.parent / unquote(target)).resolve()
        if not on_disk.is_relative_to(root):
            return (
                f"$ref {ref!r} leads to {on_disk}, outside the contracts root "
                f"{root}; refused (nothing outside the root is read) — move the "
                "definition into the tree, e.g. under _shared/"
            )
        if on_disk in broken:
            return None  # reported where it is broken
    if scheme == "file":
        on_disk = Path(unquote(urlsplit(target).path)).resolve()
        if not on_disk.is_relative_to(root):
            return (
                f"$ref {ref!r} points outside the contracts root {root}; refused "
                "(nothing outside the root is read)"
            )
    try:
        resources.resolver(base_uri=base_uri).lookup(ref)
    except referencing.exceptions.Unresolvable as exc:
        full = urljoin(base_uri, ref)
        remote = scheme in ("http", "https") or urlsplit(full).scheme in ("http", "https")
        if remote and urldefrag(full).url not in resources:
            return (
                f"$ref {ref!r} resolves to {full}, which is not the $id of any schema "
                "in the contracts tree; remote $refs are refused, never fetched — "
                "copy the schema into the tree (e.g. under _shared/) and refer to it "
                "by a relative path"
            )
        return f"$ref {ref!r} does not resolve: {_unresolvable(exc, full)}"
    return None


def _unresolvable(exc: referencing.exceptions.Unresolvable, full: str) -> str:
    if isinstance(exc, referencing.exceptions.PointerToNowhere):
        return f"the document has nothing at '{exc.ref}'"
    if isinstance(exc, referencing.exceptions.NoSuchAnchor):
        return f"no anchor '{exc.anchor}' in the document"
    return f"{full} is neither a file in the contracts tree nor the $id of one"
