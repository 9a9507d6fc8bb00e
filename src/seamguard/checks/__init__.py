"""The checks of the catalogue, one module per family, and their result type."""

from __future__ import annotations

from seamguard.checks._ids import (
    API_ACCEPTED_CROSSED,
    API_CHECKS,
    API_HANDS_VALID_INPUT,
    API_REJECTS_INVALID,
    API_RESPONSE_CONFORMS,
    API_WITHIN_LOGIC,
    CONTRACT_COMPAT,
    CONTRACT_VALID,
    LOGIC_ACCEPTS_INPUT,
    LOGIC_CHECKS,
    LOGIC_OUTPUT_CONFORMS,
    MODEL_MATCHES_CONTRACT,
)
from seamguard.checks._result import ApprovedBreak, CheckResult, Status
from seamguard.checks.contract_valid import check_contract_valid

__all__ = [
    "API_ACCEPTED_CROSSED",
    "API_CHECKS",
    "API_HANDS_VALID_INPUT",
    "API_REJECTS_INVALID",
    "API_RESPONSE_CONFORMS",
    "API_WITHIN_LOGIC",
    "CONTRACT_COMPAT",
    "CONTRACT_VALID",
    "LOGIC_ACCEPTS_INPUT",
    "LOGIC_CHECKS",
    "LOGIC_OUTPUT_CONFORMS",
    "MODEL_MATCHES_CONTRACT",
    "ApprovedBreak",
    "CheckResult",
    "Status",
    "check_contract_valid",
]
