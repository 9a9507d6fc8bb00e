"""The public surface of ``seamguard`` is pinned: a change to it is a deliberate one."""

from __future__ import annotations

import seamguard

PUBLIC = {
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
}


def test_all_lists_exactly_the_public_names() -> None:
    assert set(seamguard.__all__) == PUBLIC


def test_every_public_name_exists_and_is_documented() -> None:
    for name in seamguard.__all__:
        value = getattr(seamguard, name)
        if callable(value):
            assert value.__doc__, f"{name} has no docstring"
