"""seamguard: contract tests for the seam between a service's HTTP API and its logic.

Versioned JSON Schemas describe what the API hands to the business logic and what the logic
returns; seamguard loads them, checks them and (with the seam checks) judges every crossing.
"""

from __future__ import annotations

__version__ = "0.1.0"

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
