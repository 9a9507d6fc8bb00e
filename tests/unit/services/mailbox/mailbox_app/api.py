"""The HTTP API: a delete that answers 404 when its logic deleted nothing."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Path
from fastapi.responses import JSONResponse

from . import logic

app = FastAPI()


@app.delete("/contacts/{name}")
def delete_contact(name: str = Path(pattern="^[a-z]{1,3}$")) -> Any:
    """Remove the contact: ``{"removed": name}``, or 404 when there was none."""
    done = logic.remove_contact(name)
    if isinstance(done, dict):  # planted "audit": the entry says whether it removed
        done = done["removed"]
    if not done:
        return JSONResponse({"detail": "no such contact"}, status_code=404)
    return {"removed": name}
