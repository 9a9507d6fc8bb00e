"""Planted seam bugs: ``BOOKAPP_BUG=<check id>`` makes the service break one seam rule.

Each bug is one that seamguard must report under that check id. The variable is read on
every call (never at import), so a test can switch it without reloading anything; unset or
empty means the correct service.
"""

from __future__ import annotations

import os

__all__ = ["BUGS", "BUG_VARIABLE", "planted"]

#: The environment variable that selects a planted bug.
BUG_VARIABLE = "BOOKAPP_BUG"

#: The planted bugs, by the check id that must catch each.
BUGS = (
    "api-hands-valid-input",  # POST /books/{id}/loans hands the loan length in hours, not days
    "logic-output-conforms",  # Library.add_book returns the ISBN with hyphens
    "api-accepted-crossed",  # GET /books/{id} answers from a cache and never asks the logic
    "logic-accepts-input",  # quote_late_fee divides by zero for a loan returned on time
    "api-rejects-invalid",  # POST /loans/{id}/return answers 500, not 404, for an unknown loan
    "api-response-conforms",  # GET /books answers the page without its `total`
)


def planted(name: str) -> bool:
    """Whether ``BOOKAPP_BUG`` selects the bug ``name`` right now.

    Raises:
        ValueError: ``name`` is not one of :data:`BUGS`.
        RuntimeError: ``BOOKAPP_BUG`` names no known bug (a typo must not look correct).
    """
    if name not in BUGS:
        raise ValueError(f"{name!r} is not a planted bug; known: {', '.join(BUGS)}")
    selected = os.environ.get(BUG_VARIABLE, "")
    if selected and selected not in BUGS:
        raise RuntimeError(
            f"{BUG_VARIABLE}={selected!r} names no planted bug; known: {', '.join(BUGS)}"
        )
    return selected == name
