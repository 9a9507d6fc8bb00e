"""The HTTP API: FastAPI routes over :mod:`wallet_app.logic`.

Both routes validate what the contract says (a uuid path id, a kind of ``debit`` or
``credit``), so the JSON handed to the logic is the same with a planted defect or without.
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from fastapi import FastAPI, Request
from pydantic import BaseModel, Field

from . import logic

app = FastAPI()


class Entry(BaseModel):
    """A debit or a credit, its kind as the request spells it."""

    kind: Literal["debit", "credit"]
    amount: int = Field(ge=1, le=100)


@app.get("/accounts/{account_id}")
def get_balance(account_id: UUID, request: Request) -> Any:
    """The balance of an account."""
    if logic.planted("str-id"):
        # The route validates a UUID, then hands the logic the raw path parameter.
        return logic.balance(request.path_params["account_id"])
    return logic.balance(account_id)


@app.post("/accounts/{account_id}/entries", status_code=201)
def post_entry(account_id: UUID, entry: Entry) -> Any:
    """Post an entry; the new balance."""
    kind: Any = entry.kind if logic.planted("raw-kind") else logic.Kind(entry.kind)
    return logic.post_entry(account_id, kind, entry.amount)
