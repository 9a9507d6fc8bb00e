"""The contracts registry: load a tree of versioned JSON Schemas into an immutable registry."""

from __future__ import annotations

from seamguard.contracts._loader import load_contracts
from seamguard.contracts._model import (
    INPUT_FILE,
    OUTPUT_FILE,
    Contract,
    ContractRegistry,
    Problem,
    SchemaDocument,
    Version,
)

__all__ = [
    "INPUT_FILE",
    "OUTPUT_FILE",
    "Contract",
    "ContractRegistry",
    "Problem",
    "SchemaDocument",
    "Version",
    "load_contracts",
]
