"""The checks of the catalogue, one module per family, and their result type."""

from __future__ import annotations

from seamguard.checks._ids import CONTRACT_VALID
from seamguard.checks._result import CheckResult, Status
from seamguard.checks.contract_valid import check_contract_valid

__all__ = ["CONTRACT_VALID", "CheckResult", "Status", "check_contract_valid"]
