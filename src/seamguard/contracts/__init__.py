"""The contracts registry: load a tree of versioned JSON Schemas into an immutable registry,
and the compiled validators of its documents."""

from __future__ import annotations

from seamguard.contracts._loader import load_contracts
from seamguard.contracts._model import (
    INPUT_FILE,
    OUTPUT_FILE,
    Contract,
    ContractRegistry,
    Problem,
    Version,
)
from seamguard.contracts._validators import CompiledSchema, Validators
from seamguard.schema._document import SchemaDocument

__all__ = [
    "INPUT_FILE",
    "OUTPUT_FILE",
    "CompiledSchema",
    "Contract",
    "ContractRegistry",
    "Problem",
    "SchemaDocument",
    "Validators",
    "Version",
    "load_contracts",
]
