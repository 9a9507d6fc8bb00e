"""One JSON Schema file of a contracts tree, as the schema core reads it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["SchemaDocument"]


@dataclass(frozen=True, slots=True)
class SchemaDocument:
    """One JSON Schema file of the tree."""

    path: Path
    """Absolute path of the file."""
    uri: str
    """The URI its ``$ref`` s resolve against: its absolute ``$id``, else its file URI."""
    dialect: str
    """The dialect URI (Draft 2020-12 or Draft 7)."""
    contents: Any
    """The parsed document: a JSON object or a boolean."""

    def for_validation(self) -> Any:
        """The document with ``$id`` set, so a validator resolves its relative ``$ref`` s."""
        if isinstance(self.contents, Mapping) and self.contents.get("$id") != self.uri:
            return {**self.contents, "$id": self.uri}
        return self.contents
