"""seamguard: contract tests for the seam between a service's HTTP API and its logic.

Versioned JSON Schemas describe what the API hands to the business logic and what the logic
returns; seamguard loads them, checks them and (with the seam checks) judges every crossing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# The facade resolves each public name on first use (PEP 562: module ``__getattr__`` and
# ``__dir__``), as httpx and pydantic do, so ``import seamguard`` (and the pytest plugin's
# entry point, which imports this package in every pytest run) loads none of the engine,
# jsonschema or Schemathesis. The imports below are for type checkers and IDEs only.
if TYPE_CHECKING:
    from seamguard._guard import Guard, guard
    from seamguard.checks import CONTRACT_VALID, CheckResult, check_contract_valid
    from seamguard.config import Binding, Config, Route, load_config
    from seamguard.contracts import (
        Contract,
        ContractRegistry,
        Problem,
        SchemaDocument,
        Version,
        load_contracts,
    )
    from seamguard.engine import Run, call_seam, run_check, run_lint
    from seamguard.errors import (
        ConfigError,
        ContractError,
        ContractViolation,
        Failure,
        SeamguardError,
    )
    from seamguard.replay import reproduce
    from seamguard.seams import seam

#: The module each public name is imported from on first use (as under TYPE_CHECKING).
_HOMES: dict[str, str] = {
    "Guard": "seamguard._guard",
    "guard": "seamguard._guard",
    "CONTRACT_VALID": "seamguard.checks",
    "CheckResult": "seamguard.checks",
    "check_contract_valid": "seamguard.checks",
    "Binding": "seamguard.config",
    "Config": "seamguard.config",
    "Route": "seamguard.config",
    "load_config": "seamguard.config",
    "Contract": "seamguard.contracts",
    "ContractRegistry": "seamguard.contracts",
    "Problem": "seamguard.contracts",
    "SchemaDocument": "seamguard.contracts",
    "Version": "seamguard.contracts",
    "load_contracts": "seamguard.contracts",
    "Run": "seamguard.engine",
    "call_seam": "seamguard.engine",
    "run_check": "seamguard.engine",
    "run_lint": "seamguard.engine",
    "ConfigError": "seamguard.errors",
    "ContractError": "seamguard.errors",
    "ContractViolation": "seamguard.errors",
    "Failure": "seamguard.errors",
    "SeamguardError": "seamguard.errors",
    "reproduce": "seamguard.replay",
    "seam": "seamguard.seams",
}


def __getattr__(name: str) -> Any:
    """The public name ``name``, imported from its module on first use and then kept."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names, the public names not yet imported included."""
    return sorted({*globals(), *__all__})


__all__ = [
    "CONTRACT_VALID",
    "Binding",
    "CheckResult",
    "Config",
    "ConfigError",
    "Contract",
    "ContractError",
    "ContractRegistry",
    "ContractViolation",
    "Failure",
    "Guard",
    "Problem",
    "Route",
    "Run",
    "SchemaDocument",
    "SeamguardError",
    "Version",
    "__version__",
    "call_seam",
    "check_contract_valid",
    "guard",
    "load_config",
    "load_contracts",
    "reproduce",
    "run_check",
    "run_lint",
    "seam",
]
