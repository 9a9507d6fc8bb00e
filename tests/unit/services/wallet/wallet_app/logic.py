"""The logic: balances by account id; an entry debits or credits one.

``WALLET_BUG`` (read on every call of a route) plants one latent defect of :data:`BUGS`: the
API hands the logic the right JSON but the wrong Python value, and nothing else shows it.
"""

from __future__ import annotations

import enum
import os
from typing import Any
from uuid import UUID

__all__ = ["BUGS", "Kind", "balance", "planted", "post_entry"]

BUGS = (
    "str-id",  # GET /accounts/{account_id} hands the path id as a str, not a UUID
    "raw-kind",  # POST .../entries hands the raw "debit" str: `kind is Kind.DEBIT` is False
)

_BALANCES: dict[str, int] = {}
"""Balances by ``str(account_id)``: the storage happens to accept a str id as well."""


class Kind(str, enum.Enum):
    """What an entry does to the balance."""

    DEBIT = "debit"
    CREDIT = "credit"


def planted(name: str) -> bool:
    """Whether ``WALLET_BUG`` names the defect ``name``."""
    selected = os.environ.get("WALLET_BUG", "")
    if selected and selected not in BUGS:
        raise RuntimeError(f"WALLET_BUG={selected!r} names no planted defect")
    return selected == name


def balance(account_id: UUID) -> dict[str, Any]:
    """The balance of an account (0 for one never posted to)."""
    return {"account_id": str(account_id), "balance": _BALANCES.get(str(account_id), 0)}


def post_entry(account_id: UUID, kind: Kind, amount: int) -> dict[str, Any]:
    """Debit or credit ``amount``; the new balance."""
    key = str(account_id)
    if kind is Kind.DEBIT:
        _BALANCES[key] = _BALANCES.get(key, 0) - amount
    else:  # a raw "debit" str lands here too: a silent wrong branch
        _BALANCES[key] = _BALANCES.get(key, 0) + amount
    return {"account_id": key, "balance": _BALANCES[key]}
