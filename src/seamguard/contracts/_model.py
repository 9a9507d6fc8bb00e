"""The immutable picture of a contracts tree: seams, versions in order, schema documents."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from seamguard.errors import ContractError, did_you_mean

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    import referencing

    from seamguard.schema._document import SchemaDocument

__all__ = [
    "INPUT_FILE",
    "OUTPUT_FILE",
    "Contract",
    "ContractRegistry",
    "Problem",
    "Version",
]

INPUT_FILE = "input.schema.json"
OUTPUT_FILE = "output.schema.json"

_VERSION = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


@dataclass(frozen=True, slots=True, order=True)
class Version:
    """A contract version ``MAJOR.MINOR``; orders numerically (``1.10`` after ``1.9``)."""

    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> Version | None:
        """The version a folder name spells, or ``None`` when it is not ``MAJOR.MINOR``."""
        match = _VERSION.match(text)
        if match is None:
            return None
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


@dataclass(frozen=True, slots=True)
class Contract:
    """One version of a seam: what the API hands over and what the logic returns."""

    seam: str
    """The seam name, e.g. ``tasks.create``."""
    version: Version
    """The version, from the folder name."""
    directory: Path
    """The version folder."""
    input: SchemaDocument
    """``input.schema.json``."""
    output: SchemaDocument
    """``output.schema.json``."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a contracts tree is not valid (the ``contract-valid`` check fails on it)."""

    path: Path
    """The file or folder at fault."""
    pointer: str
    """A JSON pointer into ``path`` (``""``: the whole file, or not a JSON matter)."""
    message: str
    """What is wrong and what to do."""
    seam: str = ""
    """The seam folder it belongs to; for shared definitions their top folder or file name."""
    version: str = ""
    """The version folder it belongs to (as written), ``""`` when none."""


@dataclass(frozen=True, slots=True)
class ContractRegistry:
    """A loaded contracts tree. Built by :func:`seamguard.load_contracts`; never changes."""

    root: Path
    """The contracts root, absolute."""
    contracts: Mapping[str, tuple[Contract, ...]]
    """Seam name to its versions, oldest first: every version whose two files parsed as JSON
    of a supported draft, valid or not (``problems_of`` tells)."""
    problems: tuple[Problem, ...] = ()
    """Everything wrong with the tree, in a stable order; empty when it is valid."""
    documents: Mapping[Path, SchemaDocument] = field(default_factory=dict)
    """Every schema document that parsed (shared definitions too), by absolute path."""
    resources: referencing.Registry[Any] | None = None
    """The documents as a ``referencing`` registry: ``$ref`` resolves inside the tree only."""
    outside: tuple[Path, ...] = ()
    """The paths refused, unread, because they lead out of the root (symbolic links); each
    is one of ``problems`` too."""

    @property
    def seams(self) -> tuple[str, ...]:
        """The seam names, sorted."""
        return tuple(sorted(self.contracts))

    def versions(self, seam: str) -> tuple[Contract, ...]:
        """The versions of a seam, oldest first."""
        if seam not in self.contracts:
            raise ContractError(
                f"no seam '{seam}' under {self.root}{did_you_mean(seam, self.contracts)}"
            )
        return self.contracts[seam]

    def get(self, seam: str, version: str | None = None) -> Contract:
        """One contract; the newest version of the seam when ``version`` is ``None``."""
        versions = self.versions(seam)
        if not versions:
            raise ContractError(f"seam '{seam}' has no loadable version under {self.root}")
        if version is None:
            return versions[-1]
        for contract in versions:
            if str(contract.version) == version:
                return contract
        known = [str(c.version) for c in versions]
        raise ContractError(
            f"seam '{seam}' has no version '{version}' (versions: {', '.join(known)})"
        )

    @property
    def shared_problems(self) -> tuple[Problem, ...]:
        """The problems of the shared definitions (``_``-prefixed folders, root files): every
        seam may ``$ref`` them, so while there is one no seam can be trusted to run."""
        return tuple(p for p in self.problems if p.seam not in self.contracts)

    def problems_of(self, seam: str, version: str | None = None) -> tuple[Problem, ...]:
        """The problems of one seam, or of one version of it."""
        return tuple(
            p for p in self.problems if p.seam == seam and (version is None or p.version == version)
        )
